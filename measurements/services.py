"""Every write to measurements goes through these functions (API, admin, shell)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from common.changes import change_record
from common.etag import if_match_check
from common.services import KEEP, Keep, model_update
from customers.models import Customer
from measurements.models import GarmentType, Measurement, MeasurementUnit, MeasurementVersion
from measurements.points import clean_points, template_errors
from measurements.validators import clean_measurement_values, flat_values_messages
from orders.models import Order

ORDER_OF_ANOTHER_CUSTOMER = "This order belongs to another customer."

MEASUREMENT_FIELDS = ["customer", "order", "type", "unit", "values", "notes", "garment_type"]
GARMENT_TYPE_FIELDS = ["name", "points", "is_active"]
GARMENT_TYPE_ARCHIVED = "This garment type is archived; choose an active one."
GARMENT_TYPE_NAME_TAKEN = "Another garment type has this name (ignoring case)."


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
    if measurement.garment_type_id is not None and "values" not in errors:
        # The API's serializer reports these keyed by point first; this is the rule for every caller.
        by_point = template_errors(values=values, unit=measurement.unit, points=measurement.garment_type.points)
        if by_point:
            errors["values"] = flat_values_messages([], by_point)
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
    garment_type: GarmentType | None = None,
) -> Measurement:
    if garment_type is not None:
        _refuse_archived(garment_type)
    measurement = Measurement(
        customer=customer,
        order=order,
        type=type,
        unit=unit,
        values=values,
        notes=notes,
        garment_type=garment_type,
        created_by=actor,
        updated_by=actor,
    )
    _measurement_save(measurement=measurement)
    _version_write(measurement=measurement, actor=actor)
    return measurement


def _refuse_archived(garment_type: GarmentType) -> None:
    """A new measurement, or a change of type, takes an active garment type only."""
    if not garment_type.is_active:
        raise ValidationError({"garment_type": [GARMENT_TYPE_ARCHIVED]})


def _version_write(*, measurement: Measurement, actor: User | None) -> None:
    MeasurementVersion.objects.create(
        measurement=measurement,
        version=measurement.version,
        values=measurement.values,
        unit=measurement.unit,
        changed_by=actor,
    )


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
    garment_type: GarmentType | None | Keep = KEEP,
    if_match: str | None = None,
) -> Measurement:
    """Change the given fields; a new customer or order is checked against the other again.
    The row is locked first; an `if_match` naming another version is a 412, nothing written.

    Saved (and `updated_by`/`updated_at` stamped) even when nothing changed, as before.
    """
    measurement = Measurement.objects.select_for_update().get(pk=measurement.pk)
    if_match_check(instance=measurement, if_match=if_match)
    before = (measurement.values, measurement.unit)
    previous_garment_type_id = measurement.garment_type_id
    given = {
        "customer": customer,
        "order": order,
        "type": type,
        "unit": unit,
        "values": values,
        "notes": notes,
        "garment_type": garment_type,
    }
    model_update(instance=measurement, fields=MEASUREMENT_FIELDS, data=given, save=False)
    measurement.updated_by = actor
    if measurement.garment_type_id not in (None, previous_garment_type_id):
        _refuse_archived(measurement.garment_type)
    _measurement_save(measurement=measurement)
    if (measurement.values, measurement.unit) != before:
        # A new version: the previous one stays as it was (versions are never changed).
        Measurement.objects.filter(pk=measurement.pk).update(version=measurement.version + 1)
        measurement.version += 1
        _version_write(measurement=measurement, actor=actor)
    return measurement


@transaction.atomic
def measurement_delete(*, actor: User | None, measurement: Measurement) -> None:
    change_record(measurement, deleted=True)
    measurement.delete()


def _garment_type_clean(*, garment_type: GarmentType) -> None:
    errors: dict = {}
    points, general, by_index = clean_points(garment_type.points)
    if general or by_index:
        errors["points"] = general + [
            f"point {index}, {key}: {message}"
            for index, keyed in by_index.items()
            for key, messages in keyed.items()
            for message in messages
        ]
    garment_type.points = points
    garment_type.name = (garment_type.name or "").strip()
    garment_type.name_key = garment_type.name.lower()
    clash = GarmentType.objects.filter(name_key=garment_type.name_key).exclude(pk=garment_type.pk)
    if garment_type.name and clash.exists():
        errors["name"] = [GARMENT_TYPE_NAME_TAKEN]
    if errors:
        raise ValidationError(errors)
    garment_type.full_clean(exclude=["created_by", "updated_by", "points", "name_key"], validate_unique=False)


@transaction.atomic
def garment_type_create(*, actor: User | None, name: str, points: list[dict], is_active: bool = True) -> GarmentType:
    garment_type = GarmentType(name=name, points=points, is_active=is_active, created_by=actor, updated_by=actor)
    _garment_type_clean(garment_type=garment_type)
    garment_type.save()
    change_record(garment_type)
    return garment_type


@transaction.atomic
def garment_type_update(
    *,
    actor: User | None,
    garment_type: GarmentType,
    name: str | Keep = KEEP,
    points: list[dict] | Keep = KEEP,
    is_active: bool | Keep = KEEP,
    if_match: str | None = None,
) -> GarmentType:
    garment_type = GarmentType.objects.select_for_update().get(pk=garment_type.pk)
    if_match_check(instance=garment_type, if_match=if_match)
    model_update(
        instance=garment_type,
        fields=GARMENT_TYPE_FIELDS,
        data={"name": name, "points": points, "is_active": is_active},
        save=False,
    )
    garment_type.updated_by = actor
    _garment_type_clean(garment_type=garment_type)
    garment_type.save()
    change_record(garment_type)
    return garment_type


@transaction.atomic
def garment_type_delete(*, actor: User | None, garment_type: GarmentType) -> None:
    """Deletes an unused garment type; one a measurement uses is refused (PROTECT → 409: archive it)."""
    change_record(garment_type, deleted=True)
    garment_type.delete()
