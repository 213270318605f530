from django.urls import re_path
from rest_framework.routers import SimpleRouter

from customers.views import CustomerViewSet
from measurements.views import CustomerMeasurementViewSet, GarmentTypeViewSet, MeasurementViewSet

router = SimpleRouter()
router.register("measurements", MeasurementViewSet, basename="measurement")
router.register("garment-types", GarmentTypeViewSet, basename="garment-type")

# A customer's history, under the customer's URL. Named and described as it was when it was an
# action of CustomerViewSet (the browsable API and OPTIONS show the same).
customer_measurements = CustomerMeasurementViewSet.as_view(
    {"get": "list"}, name="Measurements", description=CustomerViewSet.__doc__
)

urlpatterns = [
    re_path(r"^customers/(?P<pk>[0-9]+)/measurements/$", customer_measurements, name="customer-measurements"),
    *router.urls,
]
