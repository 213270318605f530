from decimal import Decimal

import pytest

from customers.tests.factories import CustomerFactory
from inventory.models import ChangeReason, InventoryChange, InventoryItem
from inventory.services import stock_adjust
from inventory.tests.factories import InventoryItemFactory


def stocked_item(actor, quantity: str, **fields) -> InventoryItem:
    """An item whose stock arrived through the inventory service, so its change log is a chain from 0."""
    item = InventoryItemFactory(quantity=Decimal("0"), **fields)
    if Decimal(quantity) > 0:
        stock_adjust(actor=actor, item=item, delta=Decimal(quantity), reason=ChangeReason.RESTOCK)
    item.refresh_from_db()
    return item


def assert_chain(item: InventoryItem) -> None:
    """Rows in id order chain old → new from 0 to the item's quantity."""
    item.refresh_from_db()
    previous = Decimal("0")
    for change in InventoryChange.objects.filter(inventory_item=item).order_by("id"):
        assert change.old_quantity == previous
        assert change.delta == change.new_quantity - change.old_quantity
        previous = change.new_quantity
    assert previous == item.quantity


def order_changes(item: InventoryItem):
    """The (reason, order id, delta) of the item's order movements, oldest first."""
    return [
        (change.reason, change.source_order_id, change.delta)
        for change in InventoryChange.objects.filter(
            inventory_item=item, reason__in=[ChangeReason.ORDER_RESERVED, ChangeReason.ORDER_RELEASED]
        ).order_by("id")
    ]


@pytest.fixture
def customer(db):
    return CustomerFactory()


@pytest.fixture
def silk(lead):
    return stocked_item(lead, "10.00", name="Silk")


@pytest.fixture
def lace(lead):
    return stocked_item(lead, "5.00", name="Lace")
