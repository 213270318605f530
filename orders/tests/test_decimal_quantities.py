"""Every two-decimal quantity an order reserves works on every database, through the API (moved
here from inventory's tests: inventory knows no orders). See inventory/tests/test_decimal_quantities.py
for why SQLite needed care."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customers.tests.factories import CustomerFactory
from inventory.services import MAX_QUANTITY
from inventory.tests.assertions import assert_change_chain
from inventory.tests.test_decimal_quantities import HUNDREDTH, create_item, hundredths

pytestmark = pytest.mark.django_db


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
