import factory

from customers import services
from customers.models import Customer


class CustomerFactory(factory.django.DjangoModelFactory):
    """Customers made through customer_create, like every write of a customer: the service owns
    `email_key`, so the unique-email rule holds for factory rows too."""

    class Meta:
        model = Customer

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"client{n}@example.com")
    phone = factory.Sequence(lambda n: f"+234 800 000 {n:04d}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.customer_create(actor=kwargs.pop("created_by", None), **kwargs)
