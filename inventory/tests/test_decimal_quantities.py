"""Every two-decimal quantity a stock item can hold works on every database, through the API.

SQLite keeps DECIMAL columns as floating point, so a CHECK constraint that compares
`delta = new_quantity - old_quantity` exactly refused 96 of the 99 hundredths from 0.01 to 0.99
(only .25, .50 and .75 are exact in binary). These tests use quantities that are not.
"""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customers.tests.factories import CustomerFactory
from inventory.models import InventoryChange, InventoryItem
from inventory.services import MAX_QUANTITY
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


@pytest.mark.parametrize("ordered", ["1.10", "2.30", "0.60", "1.20"])
def test_ordering_a_decimal_length_of_stock_of_100_reserves_it(lead_client, ordered):
    item = create_item(lead_client, Decimal("100.00"))
    customer = CustomerFactory()

    response = lead_client.post(
        "/api/v1/orders/",
        {"customer": customer.pk, "title": "Kaftan", "items": [{"inventory_item": item.pk, "quantity": ordered}]},
    )

    assert response.status_code == 201, response.json()
    item.refresh_from_db()
    assert item.quantity == Decimal("100.00") - Decimal(ordered)
    assert_change_chain(item)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_two_decimal_quantity_survives_create_adjust_order_change_and_cancel(lead_client, data):
    # Given an item created with any storable stock (well below the maximum, so restocks fit)
    opening = data.draw(hundredths(HUNDREDTH, Decimal("99999999.99")), label="opening")
    item = create_item(lead_client, opening)
    # When it is adjusted by any amount that keeps it at zero or above
    delta = data.draw(hundredths(-opening, Decimal("99999999.99")), label="delta")
    if delta:
        response = lead_client.post(
            f"/api/v1/inventory/{item.pk}/adjust/", {"delta": str(delta), "reason": "correction"}
        )
        assert response.status_code == 200, response.json()
    stock = opening + delta
    if stock < HUNDREDTH:
        response = lead_client.post(f"/api/v1/inventory/{item.pk}/adjust/", {"delta": "0.01", "reason": "restock"})
        assert response.status_code == 200, response.json()
        stock += HUNDREDTH
    # and ordered, then the order's line changed, then the order cancelled
    ordered = data.draw(hundredths(HUNDREDTH, stock), label="ordered")
    response = lead_client.post(
        "/api/v1/orders/",
        {
            "customer": CustomerFactory().pk,
            "title": "Agbada",
            "items": [{"inventory_item": item.pk, "quantity": str(ordered)}],
        },
    )
    assert response.status_code == 201, response.json()
    order = response.json()
    changed = data.draw(hundredths(HUNDREDTH, stock), label="changed")
    response = lead_client.patch(
        f"/api/v1/orders/{order['id']}/",
        {"items": [{"id": order["items"][0]["id"], "inventory_item": item.pk, "quantity": str(changed)}]},
    )
    assert response.status_code == 200, response.json()
    item.refresh_from_db()
    assert item.quantity == stock - changed
    response = lead_client.patch(f"/api/v1/orders/{order['id']}/status/", {"status": "cancelled"})
    assert response.status_code == 200, response.json()

    # Then the stock is back where the order found it and the log is an unbroken chain
    item.refresh_from_db()
    assert item.quantity == stock
    assert stock <= MAX_QUANTITY
    assert_change_chain(item)
