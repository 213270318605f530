"""Reads of measurements. The API shows only ids of related rows: no joins needed."""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from common.models import MONEY
from customers.models import Customer
from measurements.models import Measurement
from orders.models import OrderStatus

MONEY_FIELD = DecimalField(**MONEY)


def measurement_list() -> QuerySet[Measurement]:
    """Newest first (the model's ordering), so `?customer=` gives a customer's history."""
    return Measurement.objects.all()


def measurement_history(*, customer: Customer) -> QuerySet[Measurement]:
    return measurement_list().filter(customer=customer)


def customer_list_with_order_figures() -> QuerySet[Customer]:
    """For the customer admin this app composes (measurements.admin), in the same query: each
    customer's number of orders (`order_count`) and what they still owe (`balance_due`: price
    less amount paid over their orders that are not cancelled, as the dashboard counts it)."""
    return Customer.objects.annotate(
        order_count=Count("orders"),
        balance_due=Coalesce(
            Sum(
                F("orders__price") - F("orders__amount_paid"),
                filter=~Q(orders__status=OrderStatus.CANCELLED),
                output_field=MONEY_FIELD,
            ),
            Value(Decimal("0")),
            output_field=MONEY_FIELD,
        ),
    )
