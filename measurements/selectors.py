"""Reads of measurements. The API shows only ids of related rows: no joins needed."""

from django.db.models import Count, QuerySet

from customers.models import Customer
from measurements.models import Measurement


def measurement_list() -> QuerySet[Measurement]:
    """Newest first (the model's ordering), so `?customer=` gives a customer's history."""
    return Measurement.objects.all()


def measurement_history(*, customer: Customer) -> QuerySet[Measurement]:
    return measurement_list().filter(customer=customer)


def customer_list_with_order_count() -> QuerySet[Customer]:
    """For the customer admin this app composes (measurements.admin): the number of orders of
    each customer, in the same query."""
    return Customer.objects.annotate(order_count=Count("orders"))
