"""Idempotency-Key on every creating POST an offline client replays (sync.md: safe retries)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from customers.models import Customer
from customers.tests.factories import CustomerFactory
from inventory.models import InventoryChange, InventoryItem
from inventory.tests.factories import InventoryItemFactory
from measurements.models import Measurement
from media_assets.models import StyleImage
from media_assets.tests.conftest import image_bytes
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def _post_twice(client, path, body, key="replay-1", **kwargs):
    first = client.post(path, body, HTTP_IDEMPOTENCY_KEY=key, **kwargs)
    second = client.post(path, body, HTTP_IDEMPOTENCY_KEY=key, **kwargs)
    return first, second


def test_a_replayed_customer_is_created_once(lead_client):
    first, second = _post_twice(lead_client, "/api/v1/customers/", {"name": "Ada"}, format="json")
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert Customer.objects.count() == 1


def test_a_replayed_inventory_item_is_created_once(lead_client):
    body = {"name": "Silk", "unit": "metre", "quantity": "3.00", "price": "10.00"}
    first, second = _post_twice(lead_client, "/api/v1/inventory/", body, format="json")
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert InventoryItem.objects.count() == 1


def test_a_replayed_stock_adjustment_moves_the_stock_once(lead_client):
    item = InventoryItemFactory(quantity=0)
    path = f"/api/v1/inventory/{item.pk}/adjust/"
    first, second = _post_twice(lead_client, path, {"delta": "2.00", "reason": "restock"}, format="json")
    assert first.status_code == second.status_code == 200
    assert second.json()["quantity"] == "2.00"
    item.refresh_from_db()
    assert item.quantity == 2
    assert InventoryChange.objects.filter(inventory_item=item).count() == 1


def test_a_replayed_measurement_is_created_once(junior_client):
    customer = CustomerFactory()
    body = {"customer": customer.pk, "type": "dress", "values": {"bust": 90}}
    first, second = _post_twice(junior_client, "/api/v1/measurements/", body, format="json")
    assert first.status_code == second.status_code == 201
    assert Measurement.objects.count() == 1


def test_the_same_key_with_another_body_is_409(lead_client):
    lead_client.post("/api/v1/customers/", {"name": "Ada"}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    response = lead_client.post("/api/v1/customers/", {"name": "Bea"}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert list(Customer.objects.values_list("name", flat=True)) == ["Ada"]


def _upload(order, color):
    return {
        "order": order.pk,
        "description": "front",
        "image_file": SimpleUploadedFile("p.png", image_bytes("PNG", color=color), content_type="image/png"),
    }


def _post_picture(client, order, color):
    return client.post("/api/v1/style-images/", _upload(order, color), format="multipart", HTTP_IDEMPOTENCY_KEY="up")


def test_a_replayed_upload_stores_one_picture(junior_client):
    order = OrderFactory()
    first = _post_picture(junior_client, order, "red")
    second = _post_picture(junior_client, order, "red")
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert StyleImage.objects.count() == 1


def test_the_same_key_with_another_picture_is_409(junior_client):
    order = OrderFactory()
    _post_picture(junior_client, order, "red")
    response = _post_picture(junior_client, order, "blue")
    assert response.status_code == 409
    assert StyleImage.objects.count() == 1
