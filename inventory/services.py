"""Every change of stock goes through this module.

The quantity of an item and its change-log row are written together, in one transaction,
under a row lock on the item, so the log is an unbroken chain whatever the concurrency.
Items are always locked in id order, so two transactions that lock several items cannot
deadlock each other.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from common.exceptions import Conflict, DomainError
from common.models import QUANTITY
from inventory.models import ChangeReason, InventoryChange, InventoryItem

# The largest quantity a DECIMAL(12, 2) column holds; beyond it MariaDB refuses the write.
MAX_QUANTITY = Decimal(10 ** (QUANTITY["max_digits"] - QUANTITY["decimal_places"])) - Decimal("0.01")


class InsufficientStock(DomainError):
    """Not enough stock for one or more items; `items` lists what was asked and what is there."""

    default_detail = "Not enough stock."

    def __init__(self, shortages: list[dict], detail: str | None = None):
        super().__init__(detail or self.default_detail, items=shortages)
        self.shortages = shortages


def stock_lock(*, item_ids: Iterable[int]) -> dict[int, InventoryItem]:
    """Lock the given items (in id order) for the rest of the transaction and return them by id."""
    ids = sorted(set(item_ids))
    if not ids:
        return {}
    items = InventoryItem.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {item.pk: item for item in items}


def stock_apply(
    *,
    item: InventoryItem,
    delta: Decimal,
    reason: str,
    actor: User | None,
    order=None,
    note: str = "",
) -> InventoryChange | None:
    """Move an item's quantity by `delta` and log it. The caller holds the lock (stock_lock)
    and the transaction. A zero delta writes nothing; a result below zero raises
    InsufficientStock and writes nothing."""
    if delta == 0:
        return None
    old_quantity = item.quantity
    new_quantity = old_quantity + delta
    if new_quantity < 0:
        raise InsufficientStock(
            [{"inventory_item": item.pk, "requested": str(-delta), "available": str(old_quantity)}],
            detail=f"Not enough stock of {item.name}: {-delta} requested, {old_quantity} available.",
        )
    if new_quantity > MAX_QUANTITY:
        raise ValidationError(
            f"The quantity of {item.name} would become {new_quantity}, more than the largest storable "
            f"quantity ({MAX_QUANTITY})."
        )
    item.quantity = new_quantity
    item.updated_by = actor
    item.save(update_fields=["quantity", "updated_by", "updated_at"])
    return InventoryChange.objects.create(
        inventory_item=item,
        old_quantity=old_quantity,
        new_quantity=new_quantity,
        delta=delta,
        reason=reason,
        order=order,
        note=note,
        changed_by=actor,
    )


class StockMove(NamedTuple):
    """One item's move for `stock_apply_many`: its locked row, the signed delta, the reason."""

    item: InventoryItem
    delta: Decimal
    reason: str


def stock_apply_many(
    *,
    moves: Iterable[StockMove],
    actor: User | None,
    order=None,
    note: str = "",
) -> list[InventoryChange]:
    """`stock_apply` for several items at once, with the same rules: the caller holds their locks
    (stock_lock) and the transaction; each item appears at most once. Every move is checked
    before anything is written (a result below zero raises InsufficientStock naming every short
    item); then each item's quantity is updated, in id order (one UPDATE per item: the
    quantities differ), and all the change rows are inserted by one statement. Zero deltas
    write nothing."""
    moves = sorted((move for move in moves if move.delta != 0), key=lambda move: move.item.pk)
    if len({move.item.pk for move in moves}) != len(moves):
        raise ValueError("stock_apply_many: each item may appear once")
    short = [move for move in moves if move.item.quantity + move.delta < 0]
    if short:
        raise InsufficientStock(
            [
                {"inventory_item": move.item.pk, "requested": str(-move.delta), "available": str(move.item.quantity)}
                for move in short
            ],
            detail=f"Not enough stock of: {', '.join(move.item.name for move in short)}.",
        )
    for move in moves:
        if move.item.quantity + move.delta > MAX_QUANTITY:
            raise ValidationError(
                f"The quantity of {move.item.name} would become {move.item.quantity + move.delta}, more than "
                f"the largest storable quantity ({MAX_QUANTITY})."
            )
    changes = []
    for move in moves:
        old_quantity = move.item.quantity
        move.item.quantity = old_quantity + move.delta
        move.item.updated_by = actor
        move.item.save(update_fields=["quantity", "updated_by", "updated_at"])
        changes.append(
            InventoryChange(
                inventory_item=move.item,
                old_quantity=old_quantity,
                new_quantity=move.item.quantity,
                delta=move.delta,
                reason=move.reason,
                order=order,
                note=note,
                changed_by=actor,
            )
        )
    return InventoryChange.objects.bulk_create(changes)


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
    locked = stock_lock(item_ids=[item.pk])[item.pk]
    stock_apply(item=locked, delta=delta, reason=reason, actor=actor, note=note)
    return locked


# Fields of an item a client may set; quantity moves only through stock_apply.
ITEM_FIELDS = ("name", "description", "sku", "category", "unit", "price", "reorder_level", "is_active")

DUPLICATE_SKU = "An inventory item with this SKU already exists."


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


def _save_guarding_sku(*, item: InventoryItem, **save_kwargs) -> None:
    """Save, turning a lost race for a SKU (unique index) into the same 400 as the check."""
    try:
        with transaction.atomic():
            item.save(**save_kwargs)
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
    if quantity:
        locked = stock_lock(item_ids=[item.pk])[item.pk]
        stock_apply(item=locked, delta=quantity, reason=ChangeReason.INITIAL, actor=actor)
        item = locked
    return item


@transaction.atomic
def inventory_item_update(*, actor: User | None, item: InventoryItem, **fields) -> InventoryItem:
    """Change an item's details. A new `quantity` is applied under the item's lock as one
    `adjustment` change from the quantity it has now (an unchanged quantity logs nothing)."""
    unknown = set(fields) - {*ITEM_FIELDS, "quantity"}
    if unknown:
        raise TypeError(f"inventory_item_update() got unexpected fields: {sorted(unknown)}")
    locked = stock_lock(item_ids=[item.pk])[item.pk]
    quantity = fields.pop("quantity", None)
    if "sku" in fields:
        fields["sku"] = sku_normalise(fields["sku"])
        sku_check_free(sku=fields["sku"], exclude_pk=locked.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.updated_by = actor
    _save_guarding_sku(item=locked, update_fields=[*fields, "updated_by", "updated_at"])
    if quantity is not None and quantity != locked.quantity:
        stock_apply(item=locked, delta=quantity - locked.quantity, reason=ChangeReason.ADJUSTMENT, actor=actor)
    return locked


@transaction.atomic
def inventory_item_delete(*, actor: User | None, item: InventoryItem) -> None:
    """Delete an item no order has used, with its change log. An item used by an order is part
    of that order's history: it can only be archived (`is_active: false`), never deleted."""
    locked = stock_lock(item_ids=[item.pk]).get(item.pk)
    if locked is None:
        return
    if locked.order_items.exists():
        raise Conflict(
            f'{locked.name} is used by orders and cannot be deleted; archive it with "is_active": false instead.'
        )
    locked.delete()
