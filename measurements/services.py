"""Every write to measurements goes through these functions (API, admin, shell)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from common.changes import change_record
from common.etag import if_match_check
from common.services import KEEP, Keep, model_update
from customers.models import Customer
from measurements.models import Measurement, MeasurementUnit
from measurements.validators import clean_measurement_values, flat_values_messages
from orders.models import Order

ORDER_OF_ANOTHER_CUSTOMER = "This order belongs to another customer."

MEASUREMENT_FIELDS = ["customer", "order", "type", "unit", "values", "notes"]


def _measurement_save(*, measurement: Measurement) -> Measurement:
    """Validate and save a measurement: `values` follows the rules of measurements.validators,
    and a measurement linked to an order is for that order's customer."""
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
    change_record(measurement)
    return measurement


@transaction.atomic
def measurement_create(
    *,
    actor: User | None,
    customer: Customer,
    type: str,
    values: dict[str, int | float],
    unit: str = MeasurementUnit.CM,
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
def measurement_update(
    *,
    actor: User | None,
    measurement: Measurement,
    customer: Customer | Keep = KEEP,
    order: Order | None | Keep = KEEP,
    type: str | Keep = KEEP,
    unit: str | Keep = KEEP,
    values: dict[str, int | float] | Keep = KEEP,
    notes: str | Keep = KEEP,
    if_match: str | None = None,
) -> Measurement:
    """Change the given fields; a new customer or order is checked against the other again.
    The row is locked first; an `if_match` naming another version is a 412, nothing written.

    Saved (and `updated_by`/`updated_at` stamped) even when nothing changed, as before.
    """
    measurement = Measurement.objects.select_for_update().get(pk=measurement.pk)
    if_match_check(instance=measurement, if_match=if_match)
    given = {"customer": customer, "order": order, "type": type, "unit": unit, "values": values, "notes": notes}
    model_update(instance=measurement, fields=MEASUREMENT_FIELDS, data=given, save=False)
    measurement.updated_by = actor
    return _measurement_save(measurement=measurement)


@transaction.atomic
def measurement_delete(*, actor: User | None, measurement: Measurement) -> None:
    change_record(measurement, deleted=True)
    measurement.delete()
