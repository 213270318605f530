"""Every change of stock goes through this module, and every quantity through `stock_move`.

The quantity of an item and its change-log row are written together, in one transaction,
under a row lock on the item, so the log is an unbroken chain whatever the concurrency.
Items are always locked in id order, so two transactions that lock several items cannot
deadlock each other.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple, TypedDict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from accounts.models import User
from common.changes import change_record, change_record_ids
from common.etag import if_match_check
from common.exceptions import DomainError, protected_conflict
from common.models import QUANTITY
from common.services import audit_fields, model_update
from events.services import event_record
from events.types import EventType
from inventory.models import ChangeReason, InventoryChange, InventoryItem
from inventory.serializers import InventoryItemSerializer

# The smallest step and the largest value a quantity column (DECIMAL(12, 2)) holds; beyond the
# largest MariaDB refuses the write.
QUANTITY_STEP = Decimal(1).scaleb(-QUANTITY["decimal_places"])
MAX_QUANTITY = Decimal(10 ** (QUANTITY["max_digits"] - QUANTITY["decimal_places"])) - QUANTITY_STEP


def _quantity_text(value: Decimal) -> str:
    """A quantity as the API writes it: always with the column's decimal places ("3.00")."""
    return str(value.quantize(QUANTITY_STEP))


STOCK_SHORTAGE_CODE = "stock_shortage"


class InsufficientStock(DomainError):
    """Not enough stock for one or more items; `items` lists what was asked and what is there."""

    default_detail = "Not enough stock."

    def __init__(self, shortages: list[dict], detail: str | None = None):
        super().__init__(detail or self.default_detail, code=STOCK_SHORTAGE_CODE, items=shortages)
        self.shortages = shortages


class StockMove(NamedTuple):
    """One item's move: the signed change of its quantity and the reason logged with it."""

    item_id: int
    delta: Decimal
    reason: str


@dataclass(frozen=True)
class StockSource:
    """What caused a change, as a stock ledger names its voucher: a type ("order") and an id."""

    type: str
    id: int


class StockMoved(NamedTuple):
    items: dict[int, InventoryItem]  # every moved item, locked, with its new quantity
    changes: list[InventoryChange]  # one per moved item, in item id order


def _refuse_shortages(
    *, items: Mapping[int, InventoryItem], moves: list[StockMove], source: StockSource | None
) -> None:
    """The one shortage rule: a quantity never goes below zero. Every short item is named."""
    short = [(items[move.item_id], -move.delta) for move in moves if items[move.item_id].quantity + move.delta < 0]
    if not short:
        return
    shortages = [
        {
            "inventory_item": item.pk,
            "requested": _quantity_text(requested),
            "available": _quantity_text(item.quantity),
        }
        for item, requested in short
    ]
    if source is None and len(moves) == 1:
        # A change by hand of one item says how much was asked and how much there is.
        item, requested = short[0]
        detail = (
            f"Not enough stock of {item.name}: {_quantity_text(requested)} requested, "
            f"{_quantity_text(item.quantity)} available."
        )
    else:
        detail = f"Not enough stock of: {', '.join(item.name for item, _ in short)}."
    raise InsufficientStock(shortages, detail=detail)


def _refuse_beyond_maximum(*, items: Mapping[int, InventoryItem], moves: list[StockMove]) -> None:
    for move in moves:
        item = items[move.item_id]
        if item.quantity + move.delta > MAX_QUANTITY:
            raise ValidationError(
                f"The quantity of {item.name} would become {item.quantity + move.delta}, more than "
                f"the largest storable quantity ({MAX_QUANTITY})."
            )


# No savepoint of its own: a refusal, as a failed write (a constraint), must roll the caller's
# whole transaction back anyway (an exception out of a block without a savepoint marks the
# transaction for rollback). Inside an order's transaction that saves two round trips.
@transaction.atomic(savepoint=False)
def stock_move(
    *,
    actor: User | None,
    moves: Iterable[StockMove],
    source: StockSource | None = None,
    note: str = "",
    check_items: Callable[[Mapping[int, InventoryItem]], None] | None = None,
    also_changed: Sequence[models.Model] = (),
) -> StockMoved:
    """The one way a quantity changes. Records the moved items in the sync feed's change log,
    then locks them in id order (for the rest of the caller's transaction); `check_items(items
    by id)` may then refuse under the locks (the caller's own rules, e.g. an order's unknown or
    archived items); then every move is checked before any quantity is written: a result below
    zero raises InsufficientStock naming every short item, one beyond MAX_QUANTITY a
    ValidationError (a refusal rolls the caller's transaction back, change log included). Then
    the items' quantities are updated by one UPDATE (`_store_quantities`) and all the change
    rows, linked to `source`, are inserted by one statement. Each item may appear once; zero
    deltas write nothing.

    `also_changed`: rows the caller changed in its transaction, recorded in the change log by
    the same INSERT as the moved items (before them), even when nothing moves: a round trip
    less for the caller, and none inside the locks.
    """
    moves = sorted((move for move in moves if move.delta != 0), key=lambda move: move.item_id)
    if len({move.item_id for move in moves}) != len(moves):
        raise ValueError("stock_move: each item may appear once")
    if not moves:
        change_record(*also_changed)
        return StockMoved(items={}, changes=[])
    ids = [move.item_id for move in moves]
    # The sync feed's change log before the locks: it needs none (the ids are known), and every
    # statement after them holds them longer. A refusal below rolls it back with the caller's
    # transaction, as any exception out of this block (it has no savepoint of its own) does.
    change_record_ids(model=InventoryItem, ids=ids, after=also_changed)
    items = {item.pk: item for item in InventoryItem.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    if check_items is not None:
        check_items(items)
    missing = sorted(set(ids) - set(items))
    if missing:
        raise InventoryItem.DoesNotExist(f"Inventory items {missing} do not exist.")
    _refuse_shortages(items=items, moves=moves, source=source)
    _refuse_beyond_maximum(items=items, moves=moves)
    changes = []
    now = timezone.now()
    stamped: list[str] = []
    for move in moves:
        item = items[move.item_id]
        old_quantity = item.quantity
        item.quantity = old_quantity + move.delta
        stamped = audit_fields(instance=item, actor=actor)
        if "updated_at" in stamped:
            item.updated_at = now  # what save() would stamp (auto_now), once for all the items
        changes.append(
            InventoryChange(
                inventory_item=item,
                old_quantity=old_quantity,
                new_quantity=item.quantity,
                delta=move.delta,
                reason=move.reason,
                source_type=source.type if source else "",
                source_id=source.id if source else None,
                note=note,
                changed_by=actor,
            )
        )
    _store_quantities(items=[items[item_id] for item_id in ids], stamped=stamped)
    moved = StockMoved(items=items, changes=InventoryChange.objects.bulk_create(changes))
    _low_stock_events(actor=actor, changes=moved.changes)
    return moved


def _store_quantities(*, items: list[InventoryItem], stamped: list[str]) -> None:
    """Write the items' new quantities (a CASE on the id: they differ) and their audit stamp
    (`stamped`, the same on every item) with one UPDATE. As SQL: the ORM's Case(When(...))
    compiled to the same statement at more CPU than one save() per item; this is a seventh of
    that, inside the items' locks. Values are adapted by their fields, as save() adapts them."""
    meta = InventoryItem._meta
    quote = connection.ops.quote_name
    pk, quantity = meta.pk, meta.get_field("quantity")
    params: list = []
    for item in items:
        params += [pk.get_db_prep_value(item.pk, connection), quantity.get_db_prep_save(item.quantity, connection)]
    assignments = [
        f"{quote(quantity.column)} = CASE {quote(pk.column)} {' '.join(['WHEN %s THEN %s'] * len(items))} END"
    ]
    for name in stamped:
        field = meta.get_field(name)
        assignments.append(f"{quote(field.column)} = %s")
        params.append(field.get_db_prep_save(getattr(items[0], field.attname), connection))
    params += [item.pk for item in items]
    table, where = quote(meta.db_table), f"{quote(pk.column)} IN ({', '.join(['%s'] * len(items))})"
    sql = f"UPDATE {table} SET {', '.join(assignments)} WHERE {where}"  # noqa: S608 (quoted names; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@transaction.atomic
def stock_source_clear(*, actor: User | None, source: StockSource) -> int:
    """The source of some changes is being deleted: their `source_id` is cleared (the type stays,
    so the log still says what kind of thing caused them), as a foreign key's SET_NULL would.
    Returns how many rows changed."""
    return InventoryChange.objects.filter(source_type=source.type, source_id=source.id).update(source_id=None)


@transaction.atomic
def stock_adjust(
    *,
    actor: User,
    item: InventoryItem,
    delta: Decimal,
    reason: str = ChangeReason.ADJUSTMENT,
    note: str = "",
) -> InventoryItem:
    """Adjust one item's stock by hand (restock, damage, correction…). Below zero → 409."""
    moved = stock_move(actor=actor, moves=[StockMove(item.pk, delta, reason)], note=note)
    return moved.items.get(item.pk, item)


DUPLICATE_SKU = "An inventory item with this SKU already exists."


class InventoryItemChanges(TypedDict, total=False):
    """The fields of an item a client may change (those sent); quantity moves through stock_move."""

    name: str
    description: str
    sku: str | None
    category: str
    unit: str
    price: Decimal
    reorder_level: Decimal
    is_active: bool
    quantity: Decimal


# Fields of an item that inventory_item_update sets directly.
ITEM_FIELDS = ["name", "description", "sku", "category", "unit", "price", "reorder_level", "is_active"]


def sku_normalise(sku: str | None) -> str | None:
    """An empty SKU means "no SKU" and is stored as NULL, so many items can go without one."""
    if sku is None:
        return None
    sku = sku.strip()
    return sku or None


def sku_check_free(*, sku: str | None, exclude_pk: int | None = None) -> None:
    if sku is None:
        return
    # Case-insensitive, as MariaDB's collation compares it: the same rule on every database.
    taken = InventoryItem.objects.filter(sku__iexact=sku)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"sku": [DUPLICATE_SKU]})


def _save_guarding_sku(*, item: InventoryItem, update_fields: list[str] | None = None) -> None:
    """Save, turning a lost race for a SKU (unique index) into the same 400 as the check."""
    try:
        with transaction.atomic():
            item.save(update_fields=update_fields)
            change_record(item)
    except IntegrityError:
        if item.sku is not None and InventoryItem.objects.filter(sku__iexact=item.sku).exclude(pk=item.pk).exists():
            raise ValidationError({"sku": [DUPLICATE_SKU]}) from None
        raise


@transaction.atomic
def inventory_item_create(
    *,
    actor: User | None,
    name: str,
    description: str = "",
    sku: str | None = None,
    category: str = "",
    unit: str = "piece",
    quantity: Decimal = Decimal("0"),
    price: Decimal = Decimal("0"),
    reorder_level: Decimal = Decimal("0"),
    is_active: bool = True,
) -> InventoryItem:
    """Create a stock item. Its opening stock is logged as one `initial` change from 0 (none when 0),
    so the change log of every item starts at zero and adds up to its quantity."""
    sku = sku_normalise(sku)
    sku_check_free(sku=sku)
    item = InventoryItem(
        name=name,
        description=description,
        sku=sku,
        category=category,
        unit=unit,
        quantity=Decimal("0"),
        price=price,
        reorder_level=reorder_level,
        is_active=is_active,
        created_by=actor,
        updated_by=actor,
    )
    _save_guarding_sku(item=item)
    moved = stock_move(actor=actor, moves=[StockMove(item.pk, quantity, ChangeReason.INITIAL)])
    return moved.items.get(item.pk, item)


@transaction.atomic
def inventory_item_update(
    *, actor: User | None, item: InventoryItem, data: InventoryItemChanges, if_match: str | None = None
) -> InventoryItem:
    """Change an item's details. The item is locked first; an `if_match` naming another version
    than the locked row is refused (412) before anything is written. A new `quantity` is applied
    under the lock as one `adjustment` change from the quantity it has now (an unchanged
    quantity logs nothing)."""
    locked = InventoryItem.objects.select_for_update().get(pk=item.pk)
    if_match_check(instance=locked, if_match=if_match)
    fields = dict(data)
    quantity = fields.pop("quantity", None)
    if "sku" in fields:
        fields["sku"] = sku_normalise(fields["sku"])
        sku_check_free(sku=fields["sku"], exclude_pk=locked.pk)
    changed = model_update(instance=locked, fields=ITEM_FIELDS, data=fields, save=False)
    # Saved even when nothing changed: the new updated_at is the new version (ETag) of the item.
    _save_guarding_sku(item=locked, update_fields=[*changed, *audit_fields(instance=locked, actor=actor)])
    if quantity is not None and quantity != locked.quantity:
        moved = stock_move(
            actor=actor, moves=[StockMove(locked.pk, quantity - locked.quantity, ChangeReason.ADJUSTMENT)]
        )
        locked = moved.items[locked.pk]
    return locked


@transaction.atomic
def inventory_item_delete(*, actor: User | None, item: InventoryItem) -> None:
    """Delete an item with its change log. An item others still use (an order's line: a PROTECT
    key) is refused by the database; the app holding the key says what that means (409)."""
    locked = InventoryItem.objects.select_for_update().filter(pk=item.pk).first()
    if locked is None:
        return
    try:
        change_record(locked, deleted=True)
        locked.delete()
    except ProtectedError as error:
        raise protected_conflict(error) from error


# Events (events.md): `inventory.low_stock` once per crossing, from above an item's reorder
# level to at or below it, written by the one function that changes quantities, under its lock.


def _low_stock_events(*, actor: User | None, changes: list[InventoryChange]) -> None:
    for change in changes:
        item = change.inventory_item
        if change.old_quantity > item.reorder_level >= change.new_quantity:
            event_record(
                type=EventType.INVENTORY_LOW_STOCK,
                data=InventoryItemSerializer(item).data,
                actor=actor,
                subject=item,
            )
