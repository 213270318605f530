"""inventory.low_stock: once per crossing from above the reorder level to at or below it."""

from decimal import Decimal

import pytest
from django.db import transaction

from events.models import Event
from inventory.models import ChangeReason
from inventory.services import InsufficientStock, StockMove, inventory_item_update, stock_adjust, stock_move
from inventory.tests.factories import InventoryItemFactory

pytestmark = pytest.mark.django_db
ITEMS = "/api/v1/inventory/"


def low_stock():
    return list(Event.objects.filter(type="inventory.low_stock").order_by("id"))


@pytest.fixture
def item(db):
    return InventoryItemFactory(quantity=Decimal("10.00"), reorder_level=Decimal("5.00"))


def test_crossing_to_the_level_records_the_item_as_the_api_shows_it(lead_client, lead, item):
    response = lead_client.post(f"{ITEMS}{item.pk}/adjust/", {"delta": "-5.00"}, format="json")
    assert response.status_code == 200
    [event] = low_stock()
    assert event.data == lead_client.get(f"{ITEMS}{item.pk}/").json()
    assert event.data["is_low_stock"] is True
    assert (event.actor_id, event.subject_type, event.subject_id) == (lead.pk, "inventory.inventoryitem", item.pk)


def test_once_per_crossing(lead, item):
    stock_adjust(actor=lead, item=item, delta=Decimal("-6"))  # 10 → 4: crosses
    stock_adjust(actor=lead, item=item, delta=Decimal("-1"))  # 4 → 3: already low
    stock_adjust(actor=lead, item=item, delta=Decimal("4"))  # 3 → 7: back above
    stock_adjust(actor=lead, item=item, delta=Decimal("-2"))  # 7 → 5: crosses again
    assert [event.data["quantity"] for event in low_stock()] == ["4.00", "5.00"]


def test_staying_above_the_level_records_nothing(lead, item):
    stock_adjust(actor=lead, item=item, delta=Decimal("-4.99"))
    assert low_stock() == []


def test_a_quantity_set_by_update_crosses_too(lead, item):
    inventory_item_update(actor=lead, item=item, data={"quantity": Decimal("1")})
    assert len(low_stock()) == 1


def test_each_item_of_one_move_is_judged_alone(lead, item):
    other = InventoryItemFactory(quantity=Decimal("10.00"), reorder_level=Decimal("1.00"))
    stock_move(
        actor=lead,
        moves=[
            StockMove(item.pk, Decimal("-6"), ChangeReason.ADJUSTMENT),
            StockMove(other.pk, Decimal("-6"), ChangeReason.ADJUSTMENT),
        ],
    )
    assert [event.subject_id for event in low_stock()] == [item.pk]


def test_a_refused_move_records_nothing(lead, item):
    with pytest.raises(InsufficientStock):
        stock_adjust(actor=lead, item=item, delta=Decimal("-11"))
    assert low_stock() == []


def test_a_rolled_back_transaction_leaves_no_event(lead, item):
    with pytest.raises(RuntimeError), transaction.atomic():
        stock_adjust(actor=lead, item=item, delta=Decimal("-6"))
        raise RuntimeError("rolled back")
    assert low_stock() == []
