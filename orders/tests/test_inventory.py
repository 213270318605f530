"""What orders mean to the stock: an item an order uses cannot be deleted (the database's
PROTECT refuses, orders say why), and the change log names the order that moved the stock."""

from decimal import Decimal

import pytest
from django.db.models import ProtectedError
from django.test import Client

from accounts.tests.factories import LeadFactory
from common.exceptions import Conflict
from inventory import services as inventory_services
from inventory.models import InventoryChange, InventoryItem
from orders import services
from orders.models import OrderItem
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

CHANGES_URL = "/api/v1/inventory-changes/"
USED_BY_ORDERS = 'Silk charmeuse is used by orders and cannot be deleted; archive it with "is_active": false instead.'


@pytest.fixture
def item(lead):
    """An item created the way the API creates it: 10.00 metres, logged as one `initial` change."""
    return inventory_services.inventory_item_create(
        actor=lead, name="Silk charmeuse", sku="SILK-001", unit="metre", quantity=Decimal("10.00")
    )


@pytest.fixture
def admin_client_for_lead():
    user = LeadFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def test_delete_of_an_item_used_by_an_order_is_a_409_suggesting_to_archive(lead_client, item):
    OrderItem.objects.create(order=OrderFactory(), inventory_item=item, quantity=Decimal("1.00"))

    response = lead_client.delete(f"/api/v1/inventory/{item.pk}/")

    assert response.status_code == 409
    assert "is_active" in response.data["detail"]
    assert response.json() == {"detail": USED_BY_ORDERS}
    assert InventoryItem.objects.filter(pk=item.pk).exists()
    assert InventoryChange.objects.filter(inventory_item=item).count() == 1


def test_delete_of_an_item_used_by_an_order_is_a_conflict(lead, item):
    OrderItem.objects.create(order=OrderFactory(), inventory_item=item, quantity=Decimal("1"))

    with pytest.raises(Conflict) as excinfo:
        inventory_services.inventory_item_delete(actor=lead, item=item)

    assert "is_active" in excinfo.value.detail
    assert excinfo.value.detail == USED_BY_ORDERS
    assert InventoryItem.objects.filter(pk=item.pk).exists()
    assert InventoryChange.objects.filter(inventory_item=item).count() == 1


def test_admin_delete_of_an_item_used_by_an_order_is_refused(admin_client_for_lead, item):
    OrderItem.objects.create(order=OrderFactory(), inventory_item=item, quantity=Decimal("1"))

    response = admin_client_for_lead.post(f"/admin/inventory/inventoryitem/{item.pk}/delete/", {"post": "yes"})

    assert response.status_code == 200  # the admin's own "cannot delete: protected" page
    assert response.context["protected"]
    assert InventoryItem.objects.filter(pk=item.pk).exists()
    assert InventoryChange.objects.filter(inventory_item=item).count() == 1


def test_the_database_refuses_to_delete_an_item_an_order_uses(item):
    OrderItem.objects.create(order=OrderFactory(), inventory_item=item, quantity=Decimal("1"))

    with pytest.raises(ProtectedError):
        InventoryItem.objects.get(pk=item.pk).delete()


def test_the_change_log_lists_an_orders_movements_by_order(lead_client, lead, customer, silk):
    order = services.order_create(
        actor=lead, customer=customer, title="Gown", items=[{"inventory_item": silk, "quantity": Decimal("2")}]
    )
    services.order_create(  # another order's movement, not listed
        actor=lead, customer=customer, title="Suit", items=[{"inventory_item": silk, "quantity": Decimal("1")}]
    )

    response = lead_client.get(CHANGES_URL, {"order": order.pk})

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["order"], row["reason"], row["delta"]) for row in rows] == [(order.pk, "order_reserved", "-2.00")]


def test_a_deleted_orders_changes_stay_in_the_log_with_no_order(lead_client, lead, customer, silk):
    order = services.order_create(
        actor=lead, customer=customer, title="Gown", items=[{"inventory_item": silk, "quantity": Decimal("2")}]
    )
    order_id = order.pk

    services.order_delete(actor=lead, order=order)

    rows = lead_client.get(f"/api/v1/inventory/{silk.pk}/changes/").json()["results"]
    assert [(row["reason"], row["order"]) for row in rows] == [
        ("order_released", None),
        ("order_reserved", None),
        ("restock", None),
    ]
    assert lead_client.get(CHANGES_URL, {"order": order_id}).json()["count"] == 0
