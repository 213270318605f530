from decimal import Decimal

from inventory.models import InventoryChange, InventoryItem


def assert_change_chain(item: InventoryItem) -> None:
    """The log invariant: rows in id order chain old → new from 0 to the item's quantity."""
    item.refresh_from_db()
    previous = Decimal("0")
    for change in InventoryChange.objects.filter(inventory_item=item).order_by("id"):
        assert change.old_quantity == previous, f"change {change.pk} starts at {change.old_quantity}, not {previous}"
        assert change.delta == change.new_quantity - change.old_quantity
        assert change.new_quantity >= 0
        previous = change.new_quantity
    assert previous == item.quantity
