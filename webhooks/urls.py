from rest_framework.routers import SimpleRouter

from webhooks.views import EventViewSet, WebhookViewSet

router = SimpleRouter()
router.register("events", EventViewSet, basename="event")
router.register("webhooks", WebhookViewSet, basename="webhook")

urlpatterns = router.urls
