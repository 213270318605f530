"""Reads of customers. The API shows only ids of related rows: no joins needed."""

from django.db.models import QuerySet

from customers.models import Customer


def customer_list() -> QuerySet[Customer]:
    return Customer.objects.all()
