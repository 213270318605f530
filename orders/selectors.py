"""Reads of orders and payments that need care: derived figures annotated in the database,
items prefetched, and the dashboard's figures in a handful of queries."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateTimeField,
    DecimalField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from common.models import MONEY
from common.versions import RowVersionQuerySet
from inventory.models import LOW_STOCK, InventoryItem
from orders.models import (
    CLOSED_STATUSES,
    Order,
    OrderItem,
    OrderStatus,
    OrderStatusChange,
    OrderStatusFigures,
    Payment,
    PaymentStatus,
)

DASHBOARD_LIST_LIMIT = 10
DUE_SOON_DAYS = 7
MONEY_FIELD = DecimalField(**MONEY)


def _overdue_condition(today) -> Q:
    return Q(delivery_date__lt=today) & ~Q(status__in=CLOSED_STATUSES)


@lru_cache(maxsize=4)
def _order_figures(today) -> dict:
    """The derived figures as database expressions: `annotated_balance_due`,
    `annotated_payment_status` and `annotated_is_overdue`, from `price`, the stored `amount_paid`
    and `status`/`delivery_date`. The same rules as the model's properties. Built once per day
    (the expressions are not changed by the querysets that use them: they resolve copies)."""
    return {
        "annotated_balance_due": ExpressionWrapper(F("price") - F("amount_paid"), output_field=MONEY_FIELD),
        "annotated_payment_status": Case(
            When(amount_paid__gte=F("price"), then=Value(PaymentStatus.PAID)),
            When(amount_paid__gt=0, then=Value(PaymentStatus.PARTIALLY_PAID)),
            default=Value(PaymentStatus.UNPAID),
            output_field=CharField(),
        ),
        "annotated_is_overdue": Case(
            When(_overdue_condition(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    }


def order_annotate(queryset: QuerySet[Order]) -> QuerySet[Order]:
    """Select the derived figures with each order (the dashboard and the admin read them)."""
    return queryset.annotate(**_order_figures(timezone.localdate()))


# The columns of an order line the API shows, in the order values_list returns them.
ITEM_COLUMNS = ("id", "order_id", "inventory_item_id", "size", "quantity", "created_at")


class OrderItemRow:
    """An order line as the API lists it: its columns, without a model instance (no field
    descriptors, no signals, no back-reference to the order). orders.serializers reads these
    attributes as it reads an OrderItem's."""

    __slots__ = ITEM_COLUMNS

    def __init__(self, values: tuple) -> None:
        self.id, self.order_id, self.inventory_item_id, self.size, self.quantity, self.created_at = values


class PageLines:
    """The lines of the orders of one evaluated page, fetched in one query of plain rows when the
    first order's lines are asked for: a page whose orders' representations are all kept
    (common.versions) does not read its lines at all."""

    __slots__ = ("by_order", "order_ids")

    def __init__(self, order_ids: list[int]) -> None:
        self.order_ids = order_ids
        self.by_order: dict[int, list[OrderItemRow]] | None = None

    def of(self, order: Order) -> list[OrderItemRow]:
        if self.by_order is None:
            by_order: dict[int, list[OrderItemRow]] = {pk: [] for pk in self.order_ids}
            for values in _line_values(self.order_ids):
                by_order[values[1]].append(OrderItemRow(values))  # values[1]: order_id
            self.by_order = by_order
        return self.by_order[order.pk]


def _aware_datetime_reader(tz):
    """A date-time column's value as Django's SQLite and MySQL backends convert it under USE_TZ:
    text parsed (SQLite), a naive value taken in the connection's time zone."""

    def read(value, _column, _connection):
        if value is None:
            return None
        if not isinstance(value, datetime):
            value = parse_datetime(value)
        return value if value.tzinfo is not None else value.replace(tzinfo=tz)

    return read


def _line_values(order_ids: list[int]) -> list[Sequence]:
    """ITEM_COLUMNS of the lines of these orders, in id order, each value converted as the ORM
    converts it: the statement is written out, because compiling the ORM's (a filter, a
    values_list, an ordering) took as long as running it."""
    quote = connection.ops.quote_name
    table = OrderItem._meta.db_table
    fields = [OrderItem._meta.get_field(name) for name in ITEM_COLUMNS]
    converters = []
    for position, field in enumerate(fields):
        column = field.get_col(table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if isinstance(field, DateTimeField) and settings.USE_TZ:
            # What both backends' converters do, without reading the settings for each value.
            found = [_aware_datetime_reader(connection.timezone)]
        converters.extend((position, converter, column) for converter in found)
    order_id = quote(OrderItem._meta.get_field("order").column)
    sql = (
        f"SELECT {', '.join(quote(field.column) for field in fields)} FROM {quote(table)} "  # noqa: S608 (our own names)
        f"WHERE {order_id} IN ({', '.join(['%s'] * len(order_ids))}) ORDER BY {quote('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, order_ids)
        rows = cursor.fetchall()
    if not converters:
        return rows
    converted = []
    for row in rows:
        values = list(row)
        for position, converter, column in converters:
            values[position] = converter(values[position], column, connection)
        converted.append(values)
    return converted


# Where order_list leaves each order's lines (its PageLines).
PREFETCHED_ITEMS = "prefetched_items"
# Where order_list leaves the day its orders were read on (their `is_overdue` is as of that day).
READ_ON = "read_on"


class OrderListQuerySet(RowVersionQuerySet):
    """Orders whose lines are fetched with them: one query of plain rows for the orders of the
    evaluated page, when the first order's lines are needed (Django's prefetch_related made a
    model instance per line, a related manager and a filtered queryset per order: half the time
    of a page of 50); `for_display()` keeps their representations per version (common.versions)."""

    def _whole_table_count(self) -> int:
        """All the orders: the sum of the per-status figures the services keep in the
        transaction of each create and delete."""
        return order_count()

    def _rows_read(self, rows: list[Order], *, day) -> None:
        lines = PageLines([order.pk for order in rows])
        for order in rows:
            order.__dict__[PREFETCHED_ITEMS] = lines
            order.__dict__[READ_ON] = day


def order_count() -> int:
    """How many orders there are, from the dashboard's figures per status (one short statement
    written out: the ORM's aggregate cost more than the rest of a page's count)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        table = quote(OrderStatusFigures._meta.db_table)
        cursor.execute(f"SELECT COALESCE(SUM({quote('count')}), 0) FROM {table}")  # noqa: S608 (our own names)
        return int(cursor.fetchone()[0])


def order_list() -> QuerySet[Order]:
    """Orders and their lines (one query for the lines of all the orders fetched), as the API
    lists and shows them.

    The API reads the derived figures from the model's properties (`balance_due`,
    `payment_status`, `is_overdue`), which compute them from columns the row carries anyway.
    The filters on them (`payment_status`, `is_overdue`) add them as aliases first
    (`order_alias_figures`): kept on every list, resolving the three expressions cost a quarter of
    an order detail GET and a tenth of a page of 50, for requests that did not filter on them.
    """
    return OrderListQuerySet(model=Order).all()


def order_items(order: Order):
    """The order's lines: the rows order_list fetched with its page, else `order.items.all()`."""
    lines = order.__dict__.get(PREFETCHED_ITEMS)
    return order.items.all() if lines is None else lines.of(order)


def order_is_overdue(order: Order) -> bool:
    """`Order.is_overdue`, as of the day order_list read the order (one date per page)."""
    return order.overdue_on(order.__dict__.get(READ_ON) or timezone.localdate())


def order_alias_figures(queryset: QuerySet[Order]) -> QuerySet[Order]:
    """`annotated_balance_due`, `annotated_payment_status` and `annotated_is_overdue` available
    to filter and order by, compiled into the SQL only where one of them is used."""
    return queryset.alias(**_order_figures(timezone.localdate()))


def order_with_items(*, order: Order) -> Order:
    """The order a service just wrote (its fields are what the row holds) with its items loaded
    in one query, ready to serialize: no second read of the order row."""
    prefetch_related_objects([order], Prefetch("items", queryset=OrderItem.objects.order_by("id")))
    return order


def order_timeline(*, order: Order) -> QuerySet[OrderStatusChange]:
    """The order's status changes, oldest first (the creation row first)."""
    return OrderStatusChange.objects.filter(order=order).order_by("id")


def payment_list(*, order: Order | None = None) -> QuerySet[Payment]:
    """Payments that count (voided ones are hidden), newest first."""
    queryset = Payment.objects.counted()
    if order is not None:
        queryset = queryset.filter(order=order)
    return queryset.order_by("-paid_at", "-id")


def dashboard_figures() -> dict:
    """The lead designer's overview: every figure the dashboard shows, in seven queries, none of
    which reads every order: the counts by status and the balance come from the figures the
    services keep per status (OrderStatusFigures); the due counts from the index on (status,
    delivery_date) over the statuses not closed, from today on; the month's payments from the
    index on (paid_at, voided_at, amount)."""
    today = timezone.localdate()
    due_until = today + timedelta(days=DUE_SOON_DAYS)
    orders = order_annotate(Order.objects.select_related("customer"))
    not_closed = [status for status in OrderStatus.values if status not in CLOSED_STATUSES]
    due_soon = Q(delivery_date__gte=today, delivery_date__lte=due_until) & ~Q(status__in=CLOSED_STATUSES)

    by_status = dict.fromkeys(OrderStatus.values, 0)
    outstanding = Decimal("0")
    for status, count, balance_due in OrderStatusFigures.objects.values_list("status", "count", "balance_due"):
        by_status[status] = count
        if status != OrderStatus.CANCELLED:
            outstanding += balance_due
    outstanding = outstanding.quantize(Decimal("0.01"))

    # Late = every order not closed (the figures) less those due today or later and the undated:
    # ranges of the (status, delivery_date) index far shorter than the past's.
    later = Order.objects.filter(status__in=not_closed, delivery_date__gte=today).aggregate(
        count=Count("id"), due_soon=Count("id", filter=Q(delivery_date__lte=due_until))
    )
    undated = Order.objects.filter(status__in=not_closed, delivery_date__isnull=True).count()
    totals = {
        "overdue": sum(by_status[status] for status in not_closed) - later["count"] - undated,
        "due_soon": later["due_soon"],
    }
    month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    paid_this_month = (
        Payment.objects.counted()
        .filter(paid_at__gte=month_start)
        .aggregate(total=Coalesce(Sum("amount"), Value(Decimal("0")), output_field=MONEY_FIELD))["total"]
    )

    return {
        "orders_by_status": by_status,
        "overdue": {
            "count": totals["overdue"],
            "orders": list(
                orders.filter(_overdue_condition(today)).order_by("delivery_date", "id")[:DASHBOARD_LIST_LIMIT]
            ),
        },
        "due_next_7_days": {
            "count": totals["due_soon"],
            "orders": list(orders.filter(due_soon).order_by("delivery_date", "id")[:DASHBOARD_LIST_LIMIT]),
        },
        "outstanding_balance": outstanding,
        "payments_this_month": paid_this_month,
        "low_stock_items": list(
            InventoryItem.objects.filter(LOW_STOCK, is_active=True).order_by("quantity", "name", "id")[
                :DASHBOARD_LIST_LIMIT
            ]
        ),
    }
