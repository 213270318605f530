"""Every write to orders, their items, status and payments goes through these functions.

Locking order, the same everywhere so that concurrent requests cannot deadlock: the order row
first (when it exists), then the inventory items it touches, in id order (`stock_move` locks
them). Stock leaves the inventory when an order reserves it and comes back when it is
released, each movement logged by `stock_move` with the order as its source (one UPDATE for
all the items, one INSERT for all the change rows).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import NotRequired, TypedDict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from common.changes import change_record
from common.etag import if_match_check
from common.exceptions import Conflict
from common.models import QUANTITY
from common.services import audit_fields, dependents_detach, model_update
from customers.models import Customer
from events.services import EventPrepared, event_prepare, event_record
from events.types import EventType
from inventory.models import ORDER_SOURCE, ChangeReason, InventoryItem
from inventory.services import StockMove, StockSource, stock_move, stock_source_clear
from orders.models import (
    ALLOWED_TRANSITIONS,
    OPEN_STATUSES,
    Order,
    OrderItem,
    OrderStatus,
    OrderStatusChange,
    OrderStatusFigures,
    Payment,
    PaymentMethod,
)
from orders.selectors import order_with_items
from orders.serializers import OrderSerializer, PaymentSerializer
from studio.services import receipt_number_next

ZERO = Decimal("0")
QUANTITY_PLACES = QUANTITY["decimal_places"]
QUANTITY_STEP = Decimal(1).scaleb(-QUANTITY_PLACES)
ORDER_FIELDS = ["customer", "title", "notes", "price", "delivery_date"]


class OrderLine(TypedDict):
    """One material line as a client sends it: `id` names an existing line to change."""

    inventory_item: InventoryItem | int
    quantity: Decimal
    size: NotRequired[str]
    id: NotRequired[int | None]


class OrderChanges(TypedDict, total=False):
    """The fields of an order a client may change (those sent); `items` is the new full list."""

    customer: Customer | int
    title: str
    notes: str
    price: Decimal
    delivery_date: date | None
    items: list[OrderLine]


# The `code` of the 409s a client must tell apart from others on the same endpoint (the schema's
# OrderClosed and OrderCancelled, orders.views).
ORDER_CLOSED_CODE = "order_closed"
ORDER_CANCELLED_CODE = "order_cancelled"


class InvalidTransition(Conflict):
    """A status change the workflow does not allow; `allowed` lists the ones it does."""


def _item_id(value: InventoryItem | int) -> int:
    return value.pk if isinstance(value, InventoryItem) else int(value)


def _lock_order(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def order_status_figures_add(*, changes: Mapping[str, tuple[int, Decimal]]) -> None:
    """Add (orders, balance due) to the dashboard's figures of each status, in the caller's
    transaction. Called last in each service, the rows in status order: their locks are held
    only until the commit, and two writers never take them in opposite orders."""
    for status in sorted(changes):
        count, balance = changes[status]
        if not count and not balance:
            continue
        if not _figures_add(status=status, count=count, balance=balance):
            # Only in a database whose rows the migration did not make (tests built from models):
            # make it; a concurrent writer may have made it first (its UPDATE then sees it).
            try:
                with transaction.atomic():
                    OrderStatusFigures.objects.create(status=status)
            except IntegrityError:
                pass
            _figures_add(status=status, count=count, balance=balance)


def _figures_add(*, status: str, count: int, balance: Decimal) -> int:
    """UPDATE one status's figures by adding to them (concurrent writers add up); how many rows
    matched. As SQL: the ORM's update(count=F(...) + n, ...) cost a few times the CPU of the
    statement, in every order write, on the hottest row there is (held until the commit)."""
    meta = OrderStatusFigures._meta
    quote = connection.ops.quote_name
    count_column, balance_field = quote(meta.get_field("count").column), meta.get_field("balance_due")
    balance_column = quote(balance_field.column)
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {count_column} = {count_column} + %s, "  # noqa: S608 (quoted names; values are parameters)
        f"{balance_column} = {balance_column} + %s WHERE {quote(meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [count, balance_field.get_db_prep_save(balance, connection), status])
        return cursor.rowcount


@transaction.atomic
def order_status_figures_rebuild() -> None:
    """Recount the dashboard's figures of every status from the orders (after a bulk load)."""
    totals = {
        row["status"]: row
        for row in Order.objects.order_by()
        .values("status")
        .annotate(count=Count("id"), balance_due=Coalesce(Sum(F("price") - F("amount_paid")), Value(ZERO)))
    }
    for status in OrderStatus.values:
        row = totals.get(status, {"count": 0, "balance_due": ZERO})
        OrderStatusFigures.objects.update_or_create(
            status=status, defaults={"count": row["count"], "balance_due": row["balance_due"]}
        )


def _source(order: Order) -> StockSource:
    return StockSource(type=ORDER_SOURCE, id=order.pk)


def _reserved_by_item(lines: Iterable[Mapping]) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        totals[line["inventory_item_id"]] += line["quantity"]
    return dict(totals)


def _move_stock(
    *,
    actor: User | None,
    order: Order,
    old: dict[int, Decimal],
    new: dict[int, Decimal],
    note: str = "",
    also_changed: Sequence[Order] = (),
) -> None:
    """Reserve or release the difference between two reservations ({item id: quantity}).

    Every touched item is locked (id order); shortages of ALL items are collected before
    anything moves, so a refusal names every short item and writes nothing. Reserving more of
    an archived item is refused (400); releasing it is fine. `also_changed` goes to the change
    log with the items (stock_move).
    """
    deltas = {item_id: new.get(item_id, ZERO) - old.get(item_id, ZERO) for item_id in {*old, *new}}

    def check_items(items: Mapping[int, InventoryItem]) -> None:
        missing = sorted(item_id for item_id, delta in deltas.items() if delta != 0 and item_id not in items)
        if missing:
            raise ValidationError({"items": [f"Inventory item {item_id} does not exist." for item_id in missing]})
        archived = [items[item_id] for item_id in sorted(items) if deltas[item_id] > 0 and not items[item_id].is_active]
        if archived:
            raise ValidationError(
                {"items": [f"{item.name} (id {item.pk}) is archived and cannot be ordered." for item in archived]}
            )

    stock_move(
        actor=actor,
        moves=[
            StockMove(
                item_id=item_id,
                delta=-delta,
                reason=ChangeReason.ORDER_RESERVED if delta > 0 else ChangeReason.ORDER_RELEASED,
            )
            for item_id, delta in deltas.items()
        ],
        source=_source(order),
        note=note,
        check_items=check_items,
        also_changed=also_changed,
    )


def _lines_known(order: Order, lines: list[OrderItem]) -> None:
    """Leave the lines just written (all the order's lines, ids known) in the order's prefetch
    cache, as `order.items.all()` would read them back: the event and the response serialize
    them without reading them again. Quantities are stored with the column's decimal places;
    a line with more (a caller outside the API) is left to be read back as stored."""
    if any(line.pk is None or line.quantity.as_tuple().exponent < -QUANTITY_PLACES for line in lines):
        return
    for line in lines:
        line.quantity = line.quantity.quantize(QUANTITY_STEP)
    rows = order.items.all()
    rows._result_cache = sorted(lines, key=lambda line: line.pk)
    rows._prefetch_done = True
    order.__dict__.setdefault("_prefetched_objects_cache", {})["items"] = rows


def _normalise_lines(items: list[OrderLine]) -> list[dict]:
    lines = [
        {
            "id": line.get("id"),
            "inventory_item_id": _item_id(line["inventory_item"]),
            "size": line.get("size", ""),
            "quantity": Decimal(line["quantity"]),
        }
        for line in items
    ]
    for line in lines:
        if line["quantity"] <= 0:
            raise ValidationError({"items": ["Each quantity must be greater than zero."]})
    seen: set[int] = set()
    for line in lines:
        if line["inventory_item_id"] in seen:
            raise ValidationError(
                {"items": [f"Inventory item {line['inventory_item_id']} appears twice: one line per item."]}
            )
        seen.add(line["inventory_item_id"])
    return lines


def _check_price(*, price: Decimal, amount_paid: Decimal) -> None:
    if price < 0:
        raise ValidationError({"price": ["The price cannot be negative."]})
    if price < amount_paid:
        raise ValidationError({"price": [f"The price cannot be lower than what is already paid ({amount_paid})."]})


def _check_customer(customer: Customer | int) -> Customer:
    if isinstance(customer, Customer):
        return customer
    found = Customer.objects.filter(pk=customer).first()
    if found is None:
        raise ValidationError({"customer": [f"Customer {customer} does not exist."]})
    return found


@transaction.atomic
def order_create(
    *,
    actor: User | None,
    customer: Customer | int,
    title: str,
    items: list[OrderLine] | None = None,
    notes: str = "",
    price: Decimal = ZERO,
    delivery_date: date | None = None,
) -> Order:
    """Create an order and reserve its items' stock. Not enough stock of any item → 409 naming
    every short item, and nothing at all is written."""
    lines = _normalise_lines(items or [])
    _check_price(price=price, amount_paid=ZERO)
    order = Order(
        customer=_check_customer(customer),
        title=title,
        notes=notes,
        price=price,
        delivery_date=delivery_date,
        created_by=actor,
        updated_by=actor,
    )
    # The order row must exist for the change log to link to it; if the stock check fails the
    # transaction rolls back and nothing remains. What does not need the items' locks is written
    # (or read) before they are taken (they are held until the commit); the lines after them: an
    # inserted line holds a shared lock on its item (the foreign key's check), and taking the
    # item's exclusive lock after that can deadlock with another order doing the same.
    order.save()
    OrderStatusChange.objects.create(order=order, from_status=None, to_status=order.status, changed_by=actor)
    prepared = event_prepare(type=EventType.ORDER_CREATED)  # its subscribers' reads (the webhooks)
    _move_stock(actor=actor, order=order, old={}, new=_reserved_by_item(lines), also_changed=[order])
    created = OrderItem.objects.bulk_create(
        [
            OrderItem(
                order=order, inventory_item_id=line["inventory_item_id"], size=line["size"], quantity=line["quantity"]
            )
            for line in lines
        ]
    )
    _lines_known(order, created)
    _order_event(type=EventType.ORDER_CREATED, actor=actor, order=order, prepared=prepared)
    order_status_figures_add(changes={order.status: (1, order.price - order.amount_paid)})
    return order


def _plan_lines(order: Order, lines: list[dict]) -> tuple[list[tuple[OrderItem, dict]], list[dict], list[OrderItem]]:
    """Match the new full list to the order's lines: by `id` when given, else by inventory item.

    Returns (matched (line, new values), lines to add, lines to remove).
    """
    current = list(order.items.order_by("id"))
    by_id = {line.pk: line for line in current}
    matched: list[tuple[OrderItem, dict]] = []
    used: set[int] = set()
    unknown = [line["id"] for line in lines if line["id"] is not None and line["id"] not in by_id]
    if unknown:
        raise ValidationError({"items": [f"Line {line_id} is not a line of this order." for line_id in unknown]})
    for line in lines:
        if line["id"] is not None:
            matched.append((by_id[line["id"]], line))
            used.add(line["id"])
    added: list[dict] = []
    for line in lines:
        if line["id"] is not None:
            continue
        existing = next(
            (row for row in current if row.pk not in used and row.inventory_item_id == line["inventory_item_id"]),
            None,
        )
        if existing is None:
            added.append(line)
        else:
            matched.append((existing, line))
            used.add(existing.pk)
    removed = [row for row in current if row.pk not in used]
    return matched, added, removed


@transaction.atomic
def order_update(*, actor: User | None, order: Order, data: OrderChanges, if_match: str | None = None) -> Order:
    """Change an order. The order is locked first; an `if_match` naming another version than the
    locked row is refused (412) before anything is written. With `items` (the new full list)
    only the difference of each item's reserved quantity moves: one change row per item whose
    reservation changed. Items of a completed, delivered or cancelled order cannot change (409);
    the price cannot go below what is paid (400)."""
    fields = dict(data)
    items = fields.pop("items", None)
    order = _lock_order(order)
    if_match_check(instance=order, if_match=if_match)
    if "customer" in fields:
        fields["customer"] = _check_customer(fields["customer"])
    if "price" in fields:
        _check_price(price=fields["price"], amount_paid=order.amount_paid)

    items_changed = False
    if items is not None:
        lines = _normalise_lines(items)
        matched, added, removed = _plan_lines(order, lines)
        lines_changed = (
            added
            or removed
            or any(
                row.inventory_item_id != line["inventory_item_id"]
                or row.quantity != line["quantity"]
                or row.size != line["size"]
                for row, line in matched
            )
        )
        if lines_changed:
            items_changed = True
            if order.status not in OPEN_STATUSES:
                raise Conflict(
                    f"The items of a {order.get_status_display().lower()} order can no longer change.",
                    code=ORDER_CLOSED_CODE,
                )
            current = [*(row for row, _ in matched), *removed]  # every line, as read by _plan_lines
            old = _reserved_by_item(
                {"inventory_item_id": row.inventory_item_id, "quantity": row.quantity} for row in current
            )
            _move_stock(actor=actor, order=order, old=old, new=_reserved_by_item(lines))
            OrderItem.objects.filter(pk__in=[row.pk for row in removed]).delete()
            for row, line in matched:
                row.inventory_item_id = line["inventory_item_id"]
                row.size = line["size"]
                row.quantity = line["quantity"]
            OrderItem.objects.bulk_update([row for row, _ in matched], ["inventory_item", "size", "quantity"])
            created = OrderItem.objects.bulk_create(
                [
                    OrderItem(
                        order=order,
                        inventory_item_id=line["inventory_item_id"],
                        size=line["size"],
                        quantity=line["quantity"],
                    )
                    for line in added
                ]
            )
            _lines_known(order, [*(row for row, _ in matched), *created])

    old_price = order.price
    changed = model_update(instance=order, fields=ORDER_FIELDS, data=fields, save=False)
    # Saved even when no field changed: new items make a new version (ETag) of the order too.
    order.save(update_fields=[*changed, *audit_fields(instance=order, actor=actor)])
    # Its pictures show the order's customer: they change with it.
    change_record(order, *(order.style_images.all() if "customer" in changed else ()))
    if changed or items_changed:
        _order_event(type=EventType.ORDER_UPDATED, actor=actor, order=order)
    order_status_figures_add(changes={order.status: (0, order.price - old_price)})
    return order


def _release_all(*, actor: User | None, order: Order, note: str) -> None:
    old = _reserved_by_item(
        {"inventory_item_id": row.inventory_item_id, "quantity": row.quantity} for row in order.items.all()
    )
    _move_stock(actor=actor, order=order, old=old, new={}, note=note)


def order_delete_check(*, order: Order) -> None:
    """Raise the Conflict order_delete would refuse with (payments, pictures), writing nothing:
    the admin asks before it shows its confirmation page."""
    if order.payments.exists():
        raise Conflict("This order has payments recorded and cannot be deleted; cancel it instead.")
    if order.style_images.exists():
        raise Conflict("This order has style images and cannot be deleted; cancel it instead.")


@transaction.atomic
def order_delete(*, actor: User | None, order: Order) -> None:
    """Delete an order, returning its reserved stock unless the work was completed or delivered
    (then the material is used up) or it was cancelled (released already). An order with
    payments or pictures is kept (409): cancel it instead (their PROTECT keys back the rule).
    Its stock changes stay in the log without it (their order becomes null)."""
    order = _lock_order(order)
    order_delete_check(order=order)
    if order.status in OPEN_STATUSES:
        _release_all(actor=actor, order=order, note=f"Order #{order.pk} deleted")
    stock_source_clear(actor=actor, source=_source(order))
    change_record(order, deleted=True)
    event_record(type=EventType.ORDER_DELETED, data={"id": order.pk}, actor=actor, subject=order)
    dependents_detach(instance=order)  # its measurements and appointments: a new version of each
    order.delete()
    order_status_figures_add(changes={order.status: (-1, order.amount_paid - order.price)})


@transaction.atomic
def order_set_status(*, actor: User | None, order: Order, status: str, note: str = "") -> Order:
    """Move the order along ALLOWED_TRANSITIONS, write its timeline row, stamp completed_at /
    delivered_at, and release the stock when it is cancelled. Anything else → 409 with the
    allowed next statuses."""
    order = _lock_order(order)
    allowed = [str(choice) for choice in ALLOWED_TRANSITIONS[order.status]]
    if status not in allowed:
        raise InvalidTransition(
            f"An order that is {order.get_status_display().lower()} cannot become {status}.", allowed=allowed
        )
    previous = order.status
    now = timezone.now()
    if status == OrderStatus.CANCELLED:
        _release_all(actor=actor, order=order, note=f"Order #{order.pk} cancelled")
    elif status == OrderStatus.COMPLETED:
        order.completed_at = now
    elif status == OrderStatus.DELIVERED:
        order.delivered_at = now
    order.status = status
    order.updated_by = actor
    order.save()
    change_record(order)
    OrderStatusChange.objects.create(order=order, from_status=previous, to_status=status, note=note, changed_by=actor)
    _order_event(
        type=EventType.ORDER_STATUS_CHANGED,
        actor=actor,
        order=order,
        extra={"from_status": previous, "to_status": status, "note": note},
    )
    balance = order.price - order.amount_paid
    order_status_figures_add(changes={previous: (-1, -balance), status: (1, balance)})
    return order


def _store_amount_paid(*, actor: User | None, order: Order) -> None:
    """Recompute the paid amount from the ledger (non-voided payments) and store it; the caller
    holds the lock on the order. The check constraint amount_paid <= price backs the rule."""
    total = order.payments.counted().aggregate(total=Sum("amount"))["total"] or ZERO
    paid_before = order.amount_paid
    order.amount_paid = total
    order.updated_by = actor
    order.save(update_fields=["amount_paid", "updated_by", "updated_at"])
    change_record(order)
    order_status_figures_add(changes={order.status: (0, paid_before - total)})


@transaction.atomic
def payment_record(
    *,
    actor: User | None,
    order: Order,
    amount: Decimal,
    method: str = PaymentMethod.CASH,
    paid_at: datetime | None = None,
    reference: str = "",
    note: str = "",
) -> Payment:
    """Record a payment. The order is locked, so two payments arriving together are summed one
    after the other: the total may never exceed the price (400). A cancelled order takes no
    payments (409). The payment takes the next receipt number in this transaction (the counter
    is locked after the order, so the lock order is the same everywhere)."""
    order = _lock_order(order)
    if order.status == OrderStatus.CANCELLED:
        raise Conflict("This order is cancelled and cannot take payments.", code=ORDER_CANCELLED_CODE)
    if amount <= 0:
        raise ValidationError({"amount": ["The amount must be greater than zero."]})
    balance = order.price - order.amount_paid
    if amount > balance:
        raise ValidationError(
            {"amount": [f"The payments would exceed the order's price: the balance due is {balance}."]}
        )
    payment = Payment.objects.create(
        order=order,
        amount=amount,
        method=method,
        paid_at=paid_at or timezone.now(),
        reference=reference,
        note=note,
        receipt_number=receipt_number_next(),
        created_by=actor,
    )
    change_record(payment)
    _store_amount_paid(actor=actor, order=order)
    _payment_event(type=EventType.PAYMENT_RECORDED, actor=actor, payment=payment, order=order)
    return payment


@transaction.atomic
def payment_void(*, actor: User | None, payment: Payment) -> Payment:
    """Void a payment recorded by mistake: it stops counting, and is kept for the audit."""
    order = _lock_order(payment.order)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.voided_at is not None:
        raise Conflict("This payment is already voided.")
    payment.voided_at = timezone.now()
    payment.voided_by = actor
    payment.save(update_fields=["voided_at", "voided_by"])
    change_record(payment)
    _store_amount_paid(actor=actor, order=order)
    _payment_event(type=EventType.PAYMENT_VOIDED, actor=actor, payment=payment, order=order)
    return payment


# Events (events.md): each write above records its event in its own transaction, `data` being
# the resource as its detail endpoint shows it.


def _order_event(
    *, type: str, actor: User | None, order: Order, extra: Mapping | None = None, prepared: EventPrepared | None = None
) -> None:
    # The lines loaded into the order (unless a service left them there): the view's response
    # serializes the same order after the service, and reads them no more.
    data = OrderSerializer(order_with_items(order=order)).data
    event_record(type=type, data={**data, **(extra or {})}, actor=actor, subject=order, prepared=prepared)


def _payment_event(*, type: str, actor: User | None, payment: Payment, order: Order) -> None:
    figures = ["amount_paid", "balance_due", "payment_status"]
    fields = OrderSerializer().fields  # the order's figures rendered as GET /orders/{id}/ renders them
    data = {
        **PaymentSerializer(payment).data,
        **{name: fields[name].to_representation(getattr(order, name)) for name in figures},
    }
    event_record(type=type, data=data, actor=actor, subject=payment)
