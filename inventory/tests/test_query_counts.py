"""Inventory lists not covered in test_api: the query count is the same for 1 row and many."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory.services import stock_adjust
from inventory.tests.factories import InventoryItemFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    return len(captured)


def test_item_change_log_queries_do_not_grow_with_its_rows(lead_client, lead):
    quiet, busy = InventoryItemFactory(), InventoryItemFactory()
    stock_adjust(actor=lead, item=quiet, delta=Decimal("1.00"), reason="restock")
    for _ in range(30):
        stock_adjust(actor=lead, item=busy, delta=Decimal("1.00"), reason="restock")

    one = queries_for(lead_client, f"/api/v1/inventory/{quiet.pk}/changes/")
    many = queries_for(lead_client, f"/api/v1/inventory/{busy.pk}/changes/")

    assert one == many <= 5
