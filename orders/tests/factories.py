from decimal import Decimal

import factory

from customers.tests.factories import CustomerFactory
from orders import services
from orders.models import Order


class OrderFactory(factory.django.DjangoModelFactory):
    """An order row without items or stock movements: use orders.services where those matter."""

    class Meta:
        model = Order

    customer = factory.SubFactory(CustomerFactory)
    title = factory.Sequence(lambda n: f"Wedding gown {n}")
    price = Decimal("1500.00")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As orders.services.order_create does: the figures the dashboard and the list count read.
        order = super()._create(model_class, *args, **kwargs)
        balance = Decimal(str(order.price)) - Decimal(str(order.amount_paid))  # given as text too
        services.order_status_figures_add(changes={order.status: (1, balance)})
        return order
