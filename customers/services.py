"""Every write to customers and measurements goes through these functions (API, admin, shell)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from common.exceptions import Conflict
from customers.models import Customer, Measurement
from customers.validators import clean_measurement_values, flat_values_messages
from orders.models import Order

EMAIL_TAKEN = "A customer with this email already exists."
CUSTOMER_HAS_ORDERS = (
    "This customer has orders; their history is kept, so the customer cannot be deleted. Edit the customer instead."
)
ORDER_OF_ANOTHER_CUSTOMER = "This order belongs to another customer."

CUSTOMER_FIELDS = frozenset({"name", "email", "phone", "address", "notes"})
MEASUREMENT_FIELDS = frozenset({"customer", "order", "type", "unit", "values", "notes"})
# Filled by the services; full_clean would query the users table for nothing.
_NOT_CLEANED = ["created_by", "updated_by", "email_key"]


def _email_taken(*, email_key: str | None, exclude_pk: int | None) -> bool:
    if email_key is None:
        return False
    return Customer.objects.filter(email_key=email_key).exclude(pk=exclude_pk).exists()


def _customer_save(*, customer: Customer) -> Customer:
    """Validate and save; a customer's email is unique ignoring case when given.

    The check first gives the usual answer a good message; the unique `email_key` column is
    the truth when two requests race with the same address: the loser's insert fails inside
    a savepoint and becomes the same 400, never a 409 or a 500.
    """
    customer.email = customer.email.strip()
    customer.full_clean(exclude=_NOT_CLEANED, validate_unique=False)
    email_key = customer.email.lower() or None
    if _email_taken(email_key=email_key, exclude_pk=customer.pk):
        raise ValidationError({"email": [EMAIL_TAKEN]})
    try:
        with transaction.atomic():
            customer.save()
    except IntegrityError:
        if _email_taken(email_key=email_key, exclude_pk=customer.pk):
            raise ValidationError({"email": [EMAIL_TAKEN]}) from None
        raise
    return customer


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")


@transaction.atomic
def customer_create(
    *, actor: User | None, name: str, email: str = "", phone: str = "", address: str = "", notes: str = ""
) -> Customer:
    customer = Customer(
        name=name, email=email, phone=phone, address=address, notes=notes, created_by=actor, updated_by=actor
    )
    return _customer_save(customer=customer)


@transaction.atomic
def customer_update(*, actor: User | None, customer: Customer, **fields: Any) -> Customer:
    """Change the given fields (`name`, `email`, `phone`, `address`, `notes`) of a customer."""
    _check_fields(fields, CUSTOMER_FIELDS)
    for field, value in fields.items():
        setattr(customer, field, value)
    customer.updated_by = actor
    return _customer_save(customer=customer)


@transaction.atomic
def customer_delete(*, actor: User | None, customer: Customer) -> None:
    """Delete a customer (and their measurements) unless they have orders: order history is kept.

    The customer's row is locked first, so an order being created for them at the same time
    either commits before (and this refuses with 409) or fails on its foreign key after.
    """
    locked = Customer.objects.select_for_update().get(pk=customer.pk)
    order_count = Order.objects.filter(customer=locked).count()
    if order_count:
        raise Conflict(CUSTOMER_HAS_ORDERS, order_count=order_count)
    locked.delete()


def _measurement_save(*, measurement: Measurement) -> Measurement:
    """Validate and save a measurement: `values` follows the rules of customers.validators, and
    a measurement linked to an order is for that order's customer."""
    errors: dict[str, list[str]] = {}
    values, general, by_name = clean_measurement_values(measurement.values)
    if general or by_name:
        errors["values"] = flat_values_messages(general, by_name)
    measurement.values = values
    if measurement.order_id is not None and measurement.order.customer_id != measurement.customer_id:
        errors["order"] = [ORDER_OF_ANOTHER_CUSTOMER]
    if errors:
        raise ValidationError(errors)
    measurement.full_clean(exclude=["created_by", "updated_by", "customer", "order", "values"])
    measurement.save()
    return measurement


@transaction.atomic
def measurement_create(
    *,
    actor: User | None,
    customer: Customer,
    type: str,
    values: dict[str, int | float],
    unit: str = Measurement._meta.get_field("unit").default,
    order: Order | None = None,
    notes: str = "",
) -> Measurement:
    measurement = Measurement(
        customer=customer,
        order=order,
        type=type,
        unit=unit,
        values=values,
        notes=notes,
        created_by=actor,
        updated_by=actor,
    )
    return _measurement_save(measurement=measurement)


@transaction.atomic
def measurement_update(*, actor: User | None, measurement: Measurement, **fields: Any) -> Measurement:
    """Change the given fields; a new customer or order is checked against the other again."""
    _check_fields(fields, MEASUREMENT_FIELDS)
    for field, value in fields.items():
        setattr(measurement, field, value)
    measurement.updated_by = actor
    return _measurement_save(measurement=measurement)


@transaction.atomic
def measurement_delete(*, actor: User | None, measurement: Measurement) -> None:
    measurement.delete()
