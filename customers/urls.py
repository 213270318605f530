from rest_framework.routers import SimpleRouter

from customers.views import CustomerViewSet, MeasurementViewSet

router = SimpleRouter()
router.register("customers", CustomerViewSet, basename="customer")
router.register("measurements", MeasurementViewSet, basename="measurement")

urlpatterns = router.urls
