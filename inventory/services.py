"""Every change of stock goes through this module.

The quantity of an item and its change-log row are written together, in one transaction,
under a row lock on the item, so the log is an unbroken chain whatever the concurrency.
Items are always locked in id order, so two transactions that lock several items cannot
deadlock each other.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from common.exceptions import DomainError
from inventory.models import ChangeReason, InventoryChange, InventoryItem


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
