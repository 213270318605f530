"""CSV exports: every row the list's filters select, streamed in keyset batches (by id), so a
hundred thousand rows take no more memory than a batch, and no cursor stays open between them."""

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from inventory.models import ORDER_SOURCE
from orders.models import PaymentStatus

BATCH_SIZE = 2000
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> object:
    """A value as its CSV cell: numbers stay numbers; text that a spreadsheet would run as a
    formula gets a leading apostrophe; times in the studio's time zone."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return value
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return timezone.localtime(value).isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file whose write returns the line, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def keyset_rows(queryset: QuerySet, fields: list[str], *, batch_size: int = BATCH_SIZE) -> Iterator[tuple]:
    """The queryset's rows (as tuples of `fields`, the first being "id") in id order, one
    bounded query per batch: WHERE id > last ORDER BY id LIMIT batch."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk").values_list(*fields)[:batch_size])
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


@dataclass(frozen=True)
class Export:
    filename: str
    header: list[str]
    fields: list[str]
    shape: Callable[[tuple], Iterable]


def csv_lines(export: Export, queryset: QuerySet, *, batch_size: int = BATCH_SIZE) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(export.header)  # the BOM: spreadsheets then read UTF-8
    for row in keyset_rows(queryset, export.fields, batch_size=batch_size):
        yield writer.writerow([cell(value) for value in export.shape(row)])


def _payment_status(price: Decimal, paid: Decimal) -> str:
    # As Order.payment_status.
    if paid >= price:
        return PaymentStatus.PAID
    return PaymentStatus.PARTIALLY_PAID if paid > 0 else PaymentStatus.UNPAID


ORDERS = Export(
    filename="orders.csv",
    header=[
        "id",
        "customer",
        "customer_name",
        "title",
        "status",
        "price",
        "amount_paid",
        "balance_due",
        "payment_status",
        "delivery_date",
        "created_at",
        "completed_at",
        "delivered_at",
    ],
    fields=[
        "id",
        "customer_id",
        "customer__name",
        "title",
        "status",
        "price",
        "amount_paid",
        "delivery_date",
        "created_at",
        "completed_at",
        "delivered_at",
    ],
    shape=lambda r: (*r[:7], r[5] - r[6], _payment_status(r[5], r[6]), *r[7:]),
)
CUSTOMERS = Export(
    filename="customers.csv",
    header=["id", "name", "email", "phone", "address", "notes", "created_at", "updated_at"],
    fields=["id", "name", "email", "phone", "address", "notes", "created_at", "updated_at"],
    shape=lambda r: r,
)
PAYMENTS = Export(
    filename="payments.csv",
    header=["id", "receipt_number", "order", "customer_name", "amount", "method", "paid_at", "reference", "note"],
    fields=[
        "id",
        "receipt_number",
        "order_id",
        "order__customer__name",
        "amount",
        "method",
        "paid_at",
        "reference",
        "note",
    ],
    shape=lambda r: r,
)
INVENTORY_CHANGES = Export(
    filename="inventory-changes.csv",
    header=[
        "id",
        "inventory_item",
        "inventory_item_name",
        "old_quantity",
        "new_quantity",
        "delta",
        "reason",
        "order",
        "note",
        "changed_at",
    ],
    fields=[
        "id",
        "inventory_item_id",
        "inventory_item__name",
        "old_quantity",
        "new_quantity",
        "delta",
        "reason",
        "source_type",
        "source_id",
        "note",
        "changed_at",
    ],
    shape=lambda r: (*r[:7], r[8] if r[7] == ORDER_SOURCE else None, *r[9:]),
)
