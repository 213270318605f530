import factory

from customers.tests.factories import CustomerFactory
from measurements.models import Measurement


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    customer = factory.SubFactory(CustomerFactory)
    type = "dress"
    values = factory.LazyFunction(lambda: {"bust": 92.5, "waist": 71, "hips": 98})
