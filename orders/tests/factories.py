from decimal import Decimal

import factory

from customers.tests.factories import CustomerFactory
from orders.models import Order


class OrderFactory(factory.django.DjangoModelFactory):
    """An order row without items or stock movements: use orders.services where those matter."""

    class Meta:
        model = Order

    customer = factory.SubFactory(CustomerFactory)
    title = factory.Sequence(lambda n: f"Wedding gown {n}")
    price = Decimal("1500.00")
