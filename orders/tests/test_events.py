"""Every write of an order or payment records its event once, in its transaction (events.md)."""

from decimal import Decimal

import pytest
from django.db import transaction

from common.exceptions import Conflict
from events.models import Event
from inventory.services import InsufficientStock
from orders import services
from orders.models import OrderStatus

pytestmark = pytest.mark.django_db
ORDERS = "/api/v1/orders/"


def types():
    return list(Event.objects.order_by("id").values_list("type", flat=True))


def order_events():
    return [t for t in types() if t.startswith(("order.", "payment."))]


@pytest.fixture
def order(lead, customer, silk):
    return services.order_create(
        actor=lead,
        customer=customer,
        title="Gown",
        price=Decimal("100.00"),
        items=[{"inventory_item": silk, "quantity": Decimal("2")}],
    )


def test_order_created_carries_the_order_as_its_detail_endpoint_shows_it(lead_client, lead, customer, silk):
    response = lead_client.post(
        ORDERS,
        {
            "customer": customer.pk,
            "title": "Gown",
            "price": "10.00",
            "items": [{"inventory_item": silk.pk, "quantity": "1.00"}],
        },
        format="json",
    )
    assert response.status_code == 201
    event = Event.objects.get(type="order.created")
    detail = lead_client.get(f"{ORDERS}{response.data['id']}/").json()
    assert event.data == detail
    assert (event.actor_id, event.subject_type, event.subject_id) == (lead.pk, "orders.order", detail["id"])
    assert order_events() == ["order.created"]


def test_a_refused_create_records_nothing(lead, customer, silk):
    with pytest.raises(InsufficientStock):
        services.order_create(
            actor=lead, customer=customer, title="Gown", items=[{"inventory_item": silk, "quantity": Decimal("99")}]
        )
    assert order_events() == []


def test_order_updated_once_per_change(lead, order):
    services.order_update(actor=lead, order=order, data={"title": "Veil"})
    event = Event.objects.get(type="order.updated")
    assert event.data["title"] == "Veil"
    assert order_events() == ["order.created", "order.updated"]


def test_changed_items_alone_are_an_update(lead, order, silk):
    services.order_update(actor=lead, order=order, data={"items": [{"inventory_item": silk, "quantity": Decimal("3")}]})
    event = Event.objects.get(type="order.updated")
    assert event.data["items"][0]["quantity"] == "3.00"


def test_an_update_that_changes_nothing_records_nothing(lead, order, silk):
    services.order_update(
        actor=lead, order=order, data={"title": "Gown", "items": [{"inventory_item": silk, "quantity": Decimal("2")}]}
    )
    assert order_events() == ["order.created"]


def test_a_refused_update_records_nothing(lead, order, silk):
    with pytest.raises(InsufficientStock):
        services.order_update(
            actor=lead, order=order, data={"title": "X", "items": [{"inventory_item": silk, "quantity": Decimal("99")}]}
        )
    assert order_events() == ["order.created"]


def test_status_changed_carries_from_to_and_note(lead, order):
    services.order_set_status(actor=lead, order=order, status=OrderStatus.IN_PROGRESS, note="cutting")
    event = Event.objects.get(type="order.status_changed")
    assert (event.data["from_status"], event.data["to_status"], event.data["note"]) == (
        "pending",
        "in_progress",
        "cutting",
    )
    assert event.data["status"] == "in_progress"
    assert order_events() == ["order.created", "order.status_changed"]


def test_a_refused_transition_records_nothing(lead, order):
    with pytest.raises(Conflict):
        services.order_set_status(actor=lead, order=order, status=OrderStatus.DELIVERED)
    assert order_events() == ["order.created"]


def test_order_deleted_carries_only_the_id(lead, order):
    order_id = order.pk
    services.order_delete(actor=lead, order=order)
    event = Event.objects.get(type="order.deleted")
    assert event.data == {"id": order_id}
    assert (event.subject_type, event.subject_id) == ("orders.order", order_id)


def test_a_refused_delete_records_nothing(lead, order):
    services.payment_record(actor=lead, order=order, amount=Decimal("10"))
    with pytest.raises(Conflict):
        services.order_delete(actor=lead, order=order)
    assert order_events() == ["order.created", "payment.recorded"]


def test_payment_recorded_carries_the_payment_and_the_orders_figures(lead_client, lead, order):
    response = lead_client.post(f"{ORDERS}{order.pk}/payments/", {"amount": "40.00"}, format="json")
    assert response.status_code == 201
    event = Event.objects.get(type="payment.recorded")
    assert event.data == {
        **response.json(),
        "amount_paid": "40.00",
        "balance_due": "60.00",
        "payment_status": "partially_paid",
    }
    assert event.subject_type == "orders.payment"


def test_payment_voided_carries_the_new_figures(lead, order):
    payment = services.payment_record(actor=lead, order=order, amount=Decimal("100"))
    services.payment_void(actor=lead, payment=payment)
    event = Event.objects.get(type="payment.voided")
    assert (event.data["id"], event.data["amount_paid"], event.data["payment_status"]) == (payment.pk, "0.00", "unpaid")
    assert order_events() == ["order.created", "payment.recorded", "payment.voided"]


def test_a_refused_payment_records_nothing(lead, order):
    services.order_set_status(actor=lead, order=order, status=OrderStatus.CANCELLED)
    with pytest.raises(Conflict):
        services.payment_record(actor=lead, order=order, amount=Decimal("1"))
    assert "payment.recorded" not in types()


def test_a_rolled_back_transaction_leaves_no_event(lead, customer):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.order_create(actor=lead, customer=customer, title="Gown")
        raise RuntimeError("rolled back")
    assert order_events() == []
