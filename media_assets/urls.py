from rest_framework.routers import SimpleRouter

from media_assets.views import StyleImageViewSet

router = SimpleRouter()
router.register("style-images", StyleImageViewSet, basename="style-image")

urlpatterns = router.urls
