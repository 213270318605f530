"""Reads of measurements. The API shows only ids of related rows: no joins needed."""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from common.models import MONEY
from common.versions import RowVersionQuerySet
from customers.models import Customer
from measurements.models import GarmentType, Measurement, MeasurementVersion
from measurements.points import changes_between, values_in_cm
from orders.models import OrderStatus

MONEY_FIELD = DecimalField(**MONEY)


def measurement_list() -> QuerySet[Measurement]:
    """Newest first (the model's ordering), so `?customer=` gives a customer's history."""
    return RowVersionQuerySet(model=Measurement)


def measurement_history(*, customer: Customer) -> QuerySet[Measurement]:
    return measurement_list().filter(customer=customer)


def garment_type_list() -> QuerySet[GarmentType]:
    return GarmentType.objects.all()


def measurement_versions(*, measurement: Measurement) -> QuerySet[MeasurementVersion]:
    """Newest first."""
    return measurement.versions.order_by("-version")


def version_changes(*, versions: list[MeasurementVersion]) -> dict[int, dict]:
    """`changes` of each version of `versions` (one measurement's page, newest first) against the one
    before it, in cm; one more query for the version before the oldest of the page."""
    if not versions:
        return {}
    ordered = sorted(versions, key=lambda version: version.version)
    oldest = ordered[0]
    before = (
        MeasurementVersion.objects.filter(measurement_id=oldest.measurement_id, version__lt=oldest.version)
        .order_by("-version")
        .first()
    )
    changes, previous = {}, (values_in_cm(before.values, before.unit) if before else None)
    for version in ordered:
        current = values_in_cm(version.values, version.unit)
        changes[version.version] = changes_between(previous, current)
        previous = current
    return changes


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
