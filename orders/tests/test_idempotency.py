from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from common.idempotency import request_fingerprint
from common.models import IdempotencyRecord
from conftest import client_for
from inventory.models import InventoryChange
from orders import services
from orders.models import Order, Payment

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders/"


def order_body(customer, silk, quantity="1"):
    return {"customer": customer.pk, "title": "Gown", "items": [{"inventory_item": silk.pk, "quantity": quantity}]}


def test_a_repeat_returns_the_first_response_and_writes_nothing(lead_client, customer, silk):
    first = lead_client.post(ORDERS, order_body(customer, silk), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    changes = InventoryChange.objects.count()

    repeat = lead_client.post(ORDERS, order_body(customer, silk), format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert first.status_code == repeat.status_code == 201
    assert repeat.json() == first.json()
    assert repeat["Idempotent-Replayed"] == "true"
    assert Order.objects.count() == 1
    assert InventoryChange.objects.count() == changes
    silk.refresh_from_db()
    assert silk.quantity == Decimal("9")


def test_the_same_key_with_another_body_is_409(lead_client, customer, silk):
    lead_client.post(ORDERS, order_body(customer, silk), format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    response = lead_client.post(ORDERS, order_body(customer, silk, "2"), format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert response.status_code == 409
    assert "different request body" in response.data["detail"]
    assert Order.objects.count() == 1


def test_the_same_key_on_another_endpoint_is_409(lead_client, lead, customer, silk):
    order = services.order_create(actor=lead, customer=customer, title="x", price=Decimal("100"))
    lead_client.post(ORDERS, order_body(customer, silk), format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    response = lead_client.post(
        f"{ORDERS}{order.pk}/payments/", {"amount": "1", "method": "cash"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )

    assert response.status_code == 409
    assert not Payment.objects.exists()


def test_keys_belong_to_their_user(lead_client, customer, silk):
    from accounts.tests.factories import LeadFactory

    other = client_for(LeadFactory())
    lead_client.post(ORDERS, order_body(customer, silk), format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    response = other.post(ORDERS, order_body(customer, silk), format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert response.status_code == 201
    assert Order.objects.count() == 2


def test_body_key_order_does_not_change_the_fingerprint():
    assert request_fingerprint({"a": 1, "b": [1, 2]}) == request_fingerprint({"b": [1, 2], "a": 1})


def test_a_refused_request_is_not_remembered(lead_client, customer, silk):
    short = lead_client.post(ORDERS, order_body(customer, silk, "11"), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert short.status_code == 409
    assert not IdempotencyRecord.objects.exists()

    retry = lead_client.post(ORDERS, order_body(customer, silk, "1"), format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert retry.status_code == 201


def test_an_expired_key_runs_the_request_again(lead_client, customer, silk):
    lead_client.post(ORDERS, order_body(customer, silk), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))

    response = lead_client.post(ORDERS, order_body(customer, silk), format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert response.status_code == 201
    assert Order.objects.count() == 2
    assert IdempotencyRecord.objects.count() == 1


def test_a_too_long_key_is_400(lead_client, customer, silk):
    response = lead_client.post(ORDERS, order_body(customer, silk), format="json", HTTP_IDEMPOTENCY_KEY="k" * 256)

    assert response.status_code == 400
    assert not Order.objects.exists()


def test_without_a_key_every_post_creates(lead_client, customer, silk):
    lead_client.post(ORDERS, order_body(customer, silk), format="json")
    lead_client.post(ORDERS, order_body(customer, silk), format="json")

    assert Order.objects.count() == 2


def test_a_repeated_payment_is_recorded_once(lead_client, lead, customer):
    order = services.order_create(actor=lead, customer=customer, title="x", price=Decimal("100"))
    url = f"{ORDERS}{order.pk}/payments/"

    first = lead_client.post(url, {"amount": "10", "method": "cash"}, format="json", HTTP_IDEMPOTENCY_KEY="p-1")
    repeat = lead_client.post(url, {"amount": "10", "method": "cash"}, format="json", HTTP_IDEMPOTENCY_KEY="p-1")

    assert first.status_code == repeat.status_code == 201
    assert repeat.json() == first.json()
    assert Payment.objects.count() == 1
    order.refresh_from_db()
    assert order.amount_paid == Decimal("10")


def test_a_junior_is_refused_before_the_key_is_looked_at(junior_client, customer, silk):
    response = junior_client.post(ORDERS, order_body(customer, silk), format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert response.status_code == 403
    assert not IdempotencyRecord.objects.exists()
