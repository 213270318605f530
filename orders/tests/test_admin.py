"""The orders admin: a worklist (filters, phone search, constant queries) and an order's page
from which a lead moves the order and records payments through the services; a junior only
looks. Refusals are messages, with nothing written."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Role
from accounts.tests.factories import TEST_PASSWORD
from customers.tests.factories import CustomerFactory
from orders import services
from orders.models import Order, OrderItem, OrderStatus, OrderStatusChange, Payment
from orders.tests.conftest import stocked_item

pytestmark = pytest.mark.django_db

D = Decimal
LIST = "/admin/orders/order/"


def admin_client(role: str, username: str) -> tuple[Client, object]:
    user = account_services.user_create(actor=None, username=username, password=TEST_PASSWORD, role=role)
    client = Client()
    client.force_login(user)
    return client, user


@pytest.fixture
def lead_admin():
    return admin_client(Role.LEAD, "amaka")


@pytest.fixture
def junior_admin():
    return admin_client(Role.JUNIOR, "tunde")


def an_order(actor, *, days=None, price="1500.00", customer=None, title="Agbada", **fields) -> Order:
    delivery = timezone.localdate() + timedelta(days=days) if days is not None else None
    return services.order_create(
        actor=actor, customer=customer or CustomerFactory(), title=title, price=D(price), delivery_date=delivery
    )


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def written(order: Order) -> tuple:
    order.refresh_from_db()
    return (
        order.status,
        order.amount_paid,
        OrderStatusChange.objects.filter(order=order).count(),
        Payment.objects.filter(order=order).count(),
    )


# -- the worklist ------------------------------------------------------------------------------


def test_the_worklist_shows_balance_payment_status_and_an_overdue_badge(lead_admin):
    client, lead = lead_admin
    late = an_order(lead, days=-3, price="1500.00", title="Late gown")
    services.payment_record(actor=lead, order=late, amount=D("500.00"))

    page = client.get(LIST).content.decode()

    assert "NGN 1,000.00" in page
    assert "Partially paid" in page
    assert "3 d late" in page
    assert 'class="order-badge order-status--pending"' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("due=overdue", {"late"}),
        ("due=next_7_days", {"soon"}),
        ("delivery=next_30_days", {"soon", "later"}),
        ("delivery=none", {"undated"}),
        ("payment_status=outstanding", {"late", "soon", "later", "undated"}),
    ],
)
def test_the_worklist_filters(lead_admin, query, expected):
    client, lead = lead_admin
    an_order(lead, days=-2, title="late")
    an_order(lead, days=3, title="soon")
    an_order(lead, days=20, title="later")
    an_order(lead, title="undated")
    closed = an_order(lead, days=-9, title="cancelled-late")
    services.order_set_status(actor=lead, order=closed, status=OrderStatus.CANCELLED)

    response = client.get(f"{LIST}?{query}")

    assert {order.title for order in response.context["cl"].result_list} == expected


@pytest.mark.parametrize("typed", ["0801 234 5678", "08012345678", "801-234-5678", "+234 (801) 234 5678"])
def test_a_phone_search_finds_the_customer_whatever_the_spacing(lead_admin, typed):
    client, lead = lead_admin
    mine = an_order(lead, customer=CustomerFactory(phone="+234 801 234 5678"), title="Mine")
    an_order(lead, customer=CustomerFactory(phone="+234 802 999 0000"), title="Other")

    response = client.get(LIST, {"q": typed})

    assert [order.pk for order in response.context["cl"].result_list] == [mine.pk]


def test_the_worklist_costs_the_same_queries_for_1_and_30_orders(lead_admin):
    client, lead = lead_admin
    silk = stocked_item(lead, "100.00", name="Silk")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    services.order_create(
        actor=lead, customer=CustomerFactory(), title="one", items=[{"inventory_item": silk, "quantity": D("1")}]
    )
    one = queries()
    for n in range(29):
        an_order(lead, days=n - 5, title=f"order {n}")

    assert queries() == one


# -- the workflow from the order's page -----------------------------------------------------------


def test_a_lead_sees_exactly_the_allowed_next_statuses(lead_admin):
    client, lead = lead_admin
    order = an_order(lead)

    page = client.get(f"{LIST}{order.pk}/change/").content.decode()

    assert 'name="status" value="in_progress"' in page
    assert 'name="status" value="cancelled"' in page
    assert 'value="completed"' not in page
    assert 'id="order-payment-form"' in page


def test_a_lead_moves_an_order_along_through_the_service(lead_admin):
    client, lead = lead_admin
    order = an_order(lead)

    response = client.post(f"{LIST}{order.pk}/status/", {"status": "in_progress", "note": "cutting today"})

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.IN_PROGRESS
    last = OrderStatusChange.objects.filter(order=order).order_by("id").last()
    assert (str(last), last.note, last.changed_by) == ("pending → in progress", "cutting today", lead)


def test_a_status_the_workflow_does_not_allow_is_refused_and_nothing_is_written(lead_admin):
    client, lead = lead_admin
    order = an_order(lead)
    before = written(order)

    response = client.post(f"{LIST}{order.pk}/status/", {"status": "delivered"}, follow=True)

    assert written(order) == before
    assert any("cannot become delivered" in text for text in texts(response))


def test_a_lead_records_a_payment_through_the_service(lead_admin):
    client, lead = lead_admin
    order = an_order(lead, price="1500.00")

    client.post(f"{LIST}{order.pk}/payment/", {"amount": "1500.00", "method": "bank_transfer", "reference": "TRF-1"})

    payment = Payment.objects.get(order=order)
    assert (payment.amount, payment.method, payment.reference, payment.created_by) == (
        D("1500.00"),
        "bank_transfer",
        "TRF-1",
        lead,
    )
    order.refresh_from_db()
    assert order.balance_due == 0


def test_a_payment_over_the_balance_is_refused_and_nothing_is_written(lead_admin):
    client, lead = lead_admin
    order = an_order(lead, price="1500.00")
    services.payment_record(actor=lead, order=order, amount=D("1000.00"))
    before = written(order)

    response = client.post(f"{LIST}{order.pk}/payment/", {"amount": "600.00", "method": "cash"}, follow=True)

    assert written(order) == before
    assert any("the balance due is 500.00" in text for text in texts(response))


@pytest.mark.parametrize(
    ("action", "data"), [("status", {"status": "in_progress"}), ("payment", {"amount": "10.00", "method": "cash"})]
)
def test_a_junior_may_neither_change_status_nor_record_payments(junior_admin, lead, action, data):
    client, _junior = junior_admin
    order = an_order(lead)
    before = written(order)

    response = client.post(f"{LIST}{order.pk}/{action}/", data)

    assert response.status_code == 403
    assert written(order) == before


def test_a_junior_sees_the_order_without_buttons_or_payment_form(junior_admin, lead):
    client, _junior = junior_admin
    order = an_order(lead)

    response = client.get(f"{LIST}{order.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="order-status-form"' not in page
    assert 'id="order-payment-form"' not in page


def test_the_order_page_labels_its_lines_and_timeline(lead_admin):
    client, lead = lead_admin
    ankara = stocked_item(lead, "20.00", name="Ankara wax print")
    order = services.order_create(
        actor=lead,
        customer=CustomerFactory(),
        title="Iro and buba",
        items=[{"inventory_item": ankara, "quantity": D("2.50"), "size": "M"}],
    )

    page = client.get(f"{LIST}{order.pk}/change/").content.decode()

    assert str(OrderItem.objects.get(order=order)) == "Ankara wax print — 2.50 m"
    assert "2.50 m" in page
    assert "17.50" not in page  # the item's stock is not shown as the amount ordered
    assert "created as pending" in page


def test_deleting_an_order_with_a_payment_says_to_cancel_it(lead_admin):
    client, lead = lead_admin
    order = an_order(lead)
    services.payment_record(actor=lead, order=order, amount=D("100.00"))

    response = client.get(f"{LIST}{order.pk}/delete/", follow=True)

    assert any("has payments recorded" in text and "cancel it instead" in text for text in texts(response))
    assert response.redirect_chain == [(f"{LIST}{order.pk}/change/", 302)]
    assert Order.objects.filter(pk=order.pk).exists()


# -- the dashboard on the admin index ------------------------------------------------------------


def test_the_admin_index_shows_a_lead_what_is_late_due_and_owed(lead_admin):
    client, lead = lead_admin
    an_order(lead, days=-2, title="Late kaftan")
    an_order(lead, days=4, title="Soon gown")

    page = client.get("/admin/").content.decode()

    assert "Late kaftan" in page and "Soon gown" in page
    assert f"{LIST}?due=overdue" in page
    assert "outstanding balance" in page and "NGN 3,000.00" in page


def test_a_junior_sees_the_dashboard_without_money(junior_admin, lead):
    client, _junior = junior_admin
    an_order(lead, days=-2, title="Late kaftan")

    page = client.get("/admin/").content.decode()

    assert "Late kaftan" in page
    assert "outstanding balance" not in page
    assert "NGN" not in page
