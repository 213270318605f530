import factory

from customers.models import Customer, Measurement


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"client{n}@example.com")
    phone = factory.Sequence(lambda n: f"+234 800 000 {n:04d}")


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    customer = factory.SubFactory(CustomerFactory)
    type = "dress"
    values = factory.LazyFunction(lambda: {"bust": 92.5, "waist": 71, "hips": 98})
