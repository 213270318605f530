"""The owner's figures: each computed by the database (grouped aggregates), in a number of
queries that does not depend on the number of periods or rows."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import models
from django.db.models import Count, DecimalField, F, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Trunc
from django.utils import timezone

from common.models import MONEY
from customers.models import Customer
from documents.models import Invoice
from inventory.models import ChangeReason, InventoryChange
from orders.models import Order, OrderStatus, Payment


class GroupBy(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"


ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(**MONEY)


def _start(day: date, group_by: str) -> date:
    if group_by == "week":
        return day - timedelta(days=day.weekday())  # ISO weeks start on Monday
    if group_by == "month":
        return day.replace(day=1)
    return day


def _next(start: date, group_by: str) -> date:
    if group_by == "day":
        return start + timedelta(days=1)
    if group_by == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def period_starts(first: date, last: date, group_by: str) -> list[date]:
    """The start of every period from the one holding `first` to the one holding `last`."""
    starts, start = [], _start(first, group_by)
    while start <= last:
        starts.append(start)
        start = _next(start, group_by)
    return starts


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[first 00:00, the day after last 00:00) in the studio's time zone."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )


def _grouped(queryset: QuerySet, field: str, group_by: str, first: date, last: date, **figures) -> dict:
    since, until = _bounds(first, last)
    rows = (
        queryset.filter(**{f"{field}__gte": since, f"{field}__lt": until})
        .annotate(period=Trunc(field, group_by, tzinfo=timezone.get_current_timezone()))
        .values("period")
        .annotate(**figures)
        .order_by("period")
    )
    grouped = {}
    for row in rows:
        period = row.pop("period")
        grouped[timezone.localtime(period).date() if isinstance(period, datetime) else period] = row
    return grouped


def sales_report(*, first: date, last: date, group_by: str) -> dict:
    """Per period: money received (payments that count), orders created, orders delivered, and
    money invoiced; every period in the range, zeros included; and the totals."""
    money = {"output_field": MONEY_FIELD}
    received = _grouped(Payment.objects.counted(), "paid_at", group_by, first, last, value=Sum("amount", **money))
    created = _grouped(Order.objects.all(), "created_at", group_by, first, last, value=Count("id"))
    delivered = _grouped(
        Order.objects.filter(status=OrderStatus.DELIVERED), "delivered_at", group_by, first, last, value=Count("id")
    )
    invoiced = _grouped(Invoice.objects.all(), "issued_at", group_by, first, last, value=Sum("total", **money))
    periods = [
        {
            "start": start,
            "payments_received": received.get(start, {}).get("value") or ZERO,
            "orders_created": created.get(start, {}).get("value") or 0,
            "orders_delivered": delivered.get(start, {}).get("value") or 0,
            "invoiced": invoiced.get(start, {}).get("value") or ZERO,
        }
        for start in period_starts(first, last, group_by)
    ]
    totals = {
        key: sum((period[key] for period in periods), ZERO if key in ("payments_received", "invoiced") else 0)
        for key in ("payments_received", "orders_created", "orders_delivered", "invoiced")
    }
    return {"group_by": group_by, "periods": periods, "totals": totals}


def materials_report(*, first: date, last: date) -> QuerySet:
    """Per inventory item moved in the range: used (reserved minus released by orders), its cost
    at the item's price, and restocked; one grouped query."""
    since, until = _bounds(first, last)
    by_orders = Q(reason__in=[ChangeReason.ORDER_RESERVED, ChangeReason.ORDER_RELEASED])
    zero = Value(Decimal("0"), output_field=MONEY_FIELD)
    return (
        InventoryChange.objects.filter(changed_at__gte=since, changed_at__lt=until)
        .values("inventory_item", "inventory_item__name", "inventory_item__unit", "inventory_item__price")
        .annotate(
            # Reservations are negative deltas, releases positive: used is minus their sum.
            used=Coalesce(-Sum("delta", filter=by_orders, output_field=MONEY_FIELD), zero),
            restocked=Coalesce(Sum("delta", filter=Q(reason=ChangeReason.RESTOCK), output_field=MONEY_FIELD), zero),
        )
        .annotate(cost=F("used") * F("inventory_item__price"))
        .order_by("inventory_item__name", "inventory_item")
    )


def outstanding_report() -> QuerySet:
    """Customers who owe money on orders that are not cancelled, largest balance first."""
    owing = Q(orders__amount_paid__lt=F("orders__price")) & ~Q(orders__status=OrderStatus.CANCELLED)
    return (
        Customer.objects.annotate(
            owing_orders=Count("orders", filter=owing),
            balance_due=Sum(F("orders__price") - F("orders__amount_paid"), filter=owing, output_field=MONEY_FIELD),
            oldest_delivery_date=Min("orders__delivery_date", filter=owing),
        )
        .filter(owing_orders__gt=0)
        .order_by("-balance_due", "id")
    )
