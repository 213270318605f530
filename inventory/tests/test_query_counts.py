"""Lists not covered by the list tests: the query count is the same for 1 row and 50."""

from decimal import Decimal

import pytest

from common.testing import list_queries
from inventory.models import InventoryChange
from inventory.services import stock_adjust
from inventory.tests.factories import InventoryItemFactory

pytestmark = pytest.mark.django_db


def test_item_change_log_queries_do_not_grow_with_its_rows(lead_client, lead):
    quiet, busy = InventoryItemFactory(quantity=Decimal("0")), InventoryItemFactory(quantity=Decimal("0"))
    stock_adjust(actor=lead, item=quiet, delta=Decimal("1.00"), reason="restock")
    for _ in range(50):
        stock_adjust(actor=lead, item=busy, delta=Decimal("1.00"), reason="restock")
    assert (InventoryChange.objects.filter(inventory_item=quiet).count(), busy.changes.count()) == (1, 50)

    one = list_queries(lead_client, f"/api/v1/inventory/{quiet.pk}/changes/")
    many = list_queries(lead_client, f"/api/v1/inventory/{busy.pk}/changes/")

    assert one == many <= 5
