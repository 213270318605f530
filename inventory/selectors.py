"""Reads of stock and its change log, shaped so a list costs the same few queries at any size."""

from django.db.models import QuerySet

from common.versions import RowVersionQuerySet
from inventory.models import InventoryChange, InventoryItem


def inventory_item_list() -> QuerySet[InventoryItem]:
    """Every item, archived ones included (filters narrow it). The serializer reads only the
    row's own columns (audit users as ids), so no joins are needed."""
    return RowVersionQuerySet(model=InventoryItem)


def inventory_change_list(*, item: InventoryItem | None = None) -> QuerySet[InventoryChange]:
    """Change-log rows, newest (highest id) first; one item's when `item` is given."""
    changes = InventoryChange.objects.order_by("-id")
    if item is not None:
        changes = changes.filter(inventory_item=item)
    return changes
