"""Every two-decimal quantity a stock item can hold works on every database, through the API.

SQLite keeps DECIMAL columns as floating point, so a CHECK constraint that compares
`delta = new_quantity - old_quantity` exactly refused 96 of the 99 hundredths from 0.01 to 0.99
(only .25, .50 and .75 are exact in binary). These tests use quantities that are not.
"""

from decimal import Decimal

import pytest
from hypothesis import strategies as st

from inventory.models import InventoryChange, InventoryItem
from inventory.tests.assertions import assert_change_chain

pytestmark = pytest.mark.django_db

HUNDREDTH = Decimal("0.01")


def hundredths(low: Decimal, high: Decimal) -> st.SearchStrategy[Decimal]:
    """Two-decimal quantities from `low` to `high`, inclusive."""
    return st.integers(int(low * 100), int(high * 100)).map(lambda n: Decimal(n) / 100)


def create_item(client, quantity: Decimal) -> InventoryItem:
    response = client.post(
        "/api/v1/inventory/", {"name": "Ankara wax print", "unit": "metre", "quantity": str(quantity)}
    )
    assert response.status_code == 201, response.json()
    return InventoryItem.objects.get(pk=response.json()["id"])


def test_every_hundredth_from_001_to_099_adjusts_an_item_of_10(lead_client):
    item = create_item(lead_client, Decimal("10.00"))
    accepted = []

    for n in range(1, 100):
        delta = Decimal(n) / 100
        response = lead_client.post(f"/api/v1/inventory/{item.pk}/adjust/", {"delta": str(delta), "reason": "restock"})
        if response.status_code == 200:
            accepted.append(delta)

    assert len(accepted) == 99
    item.refresh_from_db()
    assert item.quantity == Decimal("10.00") + sum(Decimal(n) / 100 for n in range(1, 100))
    assert InventoryChange.objects.filter(inventory_item=item).count() == 100
    assert_change_chain(item)


def test_patching_quantity_from_075_to_120_logs_the_adjustment(lead_client):
    item = create_item(lead_client, Decimal("0.75"))

    response = lead_client.patch(f"/api/v1/inventory/{item.pk}/", {"quantity": "1.20"})

    assert response.status_code == 200, response.json()
    change = InventoryChange.objects.filter(inventory_item=item).latest("id")
    assert (change.old_quantity, change.new_quantity, change.delta) == (
        Decimal("0.75"),
        Decimal("1.20"),
        Decimal("0.45"),
    )
    assert_change_chain(item)
