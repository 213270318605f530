from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from customers.tests.factories import CustomerFactory
from orders import services
from orders.models import OrderStatus
from orders.tests.conftest import stocked_item

pytestmark = pytest.mark.django_db

URL = "/api/v1/dashboard/"
D = Decimal


def make(lead, customer, days=None, price="100", **fields):
    delivery = timezone.localdate() + timedelta(days=days) if days is not None else None
    return services.order_create(actor=lead, customer=customer, title="x", price=D(price), delivery_date=delivery)


def test_empty_studio_shows_every_status_at_zero(lead_client):
    response = lead_client.get(URL)

    assert response.status_code == 200
    assert response.data["orders_by_status"] == dict.fromkeys(OrderStatus.values, 0)
    assert response.data["overdue"] == {"count": 0, "orders": []}
    assert response.data["due_next_7_days"] == {"count": 0, "orders": []}
    assert (response.data["outstanding_balance"], response.data["payments_this_month"]) == ("0.00", "0.00")
    assert response.data["low_stock_items"] == []


def test_figures(lead_client, lead):
    customer = CustomerFactory()
    late = make(lead, customer, days=-3, price="100")
    soon = make(lead, customer, days=2, price="50")
    services.payment_record(actor=lead, order=soon, amount=D("20"), method="cash")
    cancelled_late = make(lead, customer, days=-5, price="999")
    services.order_set_status(actor=lead, order=cancelled_late, status="cancelled")
    make(lead, customer, days=30, price="10")
    low = stocked_item(lead, "1", reorder_level=D("5"), name="Buttons")
    stocked_item(lead, "100", reorder_level=D("5"))
    stocked_item(lead, "0", reorder_level=D("5"), is_active=False)

    data = lead_client.get(URL).data

    assert data["orders_by_status"] == {**dict.fromkeys(OrderStatus.values, 0), "pending": 3, "cancelled": 1}
    assert data["overdue"]["count"] == 1
    assert [row["id"] for row in data["overdue"]["orders"]] == [late.pk]
    assert data["overdue"]["orders"][0]["customer_name"] == customer.name
    assert [row["id"] for row in data["due_next_7_days"]["orders"]] == [soon.pk]
    assert data["due_next_7_days"]["orders"][0]["balance_due"] == "30.00"
    assert data["outstanding_balance"] == "140.00"
    assert data["payments_this_month"] == "20.00"
    assert [row["id"] for row in data["low_stock_items"]] == [low.pk]


def test_lists_are_capped_at_ten_but_counts_are_not(lead_client, lead):
    customer = CustomerFactory()
    for _ in range(12):
        make(lead, customer, days=-1)

    data = lead_client.get(URL).data

    assert data["overdue"]["count"] == 12
    assert len(data["overdue"]["orders"]) == 10


def test_dashboard_takes_a_handful_of_queries(lead_client, lead, django_assert_max_num_queries):
    customer = CustomerFactory()
    for days in (-2, -1, 1, 3):
        make(lead, customer, days=days)
    for _ in range(3):
        stocked_item(lead, "1", reorder_level=D("5"))

    # the orders dashboard's figures and lists, and the appointments app's appointments_today
    with django_assert_max_num_queries(9):
        assert lead_client.get(URL).status_code == 200
