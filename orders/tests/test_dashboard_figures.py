"""The dashboard's figures per status (OrderStatusFigures), kept by the services in each write's
transaction, always equal a recount of the orders; the dashboard reads them, not every order."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from customers.tests.factories import CustomerFactory
from orders import services
from orders.models import Order, OrderStatus, OrderStatusFigures

pytestmark = pytest.mark.django_db

D = Decimal
URL = "/api/v1/dashboard/"


def figures() -> dict[str, tuple[int, Decimal]]:
    return {row.status: (row.count, row.balance_due) for row in OrderStatusFigures.objects.order_by("status")}


def recounted() -> dict[str, tuple[int, Decimal]]:
    services.order_status_figures_rebuild()
    return figures()


def make(lead, customer, price="100", days=10):
    delivery = timezone.localdate() + timedelta(days=days)
    return services.order_create(actor=lead, customer=customer, title="x", price=D(price), delivery_date=delivery)


def test_every_write_keeps_the_figures_equal_to_a_recount(lead):
    customer = CustomerFactory()
    kept = make(lead, customer, price="300")
    services.order_update(actor=lead, order=kept, data={"price": D("250.50")})
    payment = services.payment_record(actor=lead, order=kept, amount=D("100"), method="cash")
    services.payment_record(actor=lead, order=kept, amount=D("50"), method="cash")
    services.payment_void(actor=lead, payment=payment)
    services.order_set_status(actor=lead, order=kept, status="in_progress")
    services.order_set_status(actor=lead, order=kept, status="completed")
    called_off = make(lead, customer, price="80")
    services.payment_record(actor=lead, order=called_off, amount=D("30"), method="cash")
    services.order_set_status(actor=lead, order=called_off, status="cancelled")
    services.order_delete(actor=lead, order=make(lead, customer, price="999"))
    make(lead, customer, price="10")

    kept_figures = figures()

    assert kept_figures["completed"] == (1, D("200.50"))
    assert kept_figures["cancelled"] == (1, D("50.00"))
    assert kept_figures["pending"] == (1, D("10.00"))
    assert kept_figures["in_progress"] == (0, D("0"))
    assert kept_figures == recounted()


def test_a_refused_write_changes_no_figure(lead):
    order = make(lead, CustomerFactory(), price="100")
    before = figures()

    with pytest.raises(services.InvalidTransition):
        services.order_set_status(actor=lead, order=order, status="delivered")

    assert figures() == before


def test_the_dashboard_counts_come_from_the_figures(lead_client, lead):
    customer = CustomerFactory()
    make(lead, customer, price="120", days=-2)
    make(lead, customer, price="120", days=3)
    OrderStatusFigures.objects.filter(status=OrderStatus.PENDING).update(count=7, balance_due=D("5.25"))

    data = lead_client.get(URL).data

    assert data["orders_by_status"]["pending"] == 7
    assert data["outstanding_balance"] == "5.25"
    # Late: the orders not closed (the figures) less those dated today or later (counted).
    assert data["overdue"]["count"] == 6
    assert data["due_next_7_days"]["count"] == 1


def test_no_dashboard_query_reads_the_orders_without_a_status_and_date_bound(lead_client, lead):
    make(lead, CustomerFactory())
    with CaptureQueriesContext(connection) as queries:
        assert lead_client.get(URL).status_code == 200

    on_orders = [q["sql"] for q in queries.captured_queries if 'FROM "orders_order"' in q["sql"].replace("`", '"')]
    assert len(on_orders) == 4  # the dated and undated counts, the two short lists
    assert all("delivery_date" in sql and "status" in sql for sql in on_orders)
    assert Order.objects.count() == 1


def test_the_unfiltered_order_list_counts_from_the_figures_and_a_filtered_one_counts_rows(lead_client, lead):
    customer = CustomerFactory()
    make(lead, customer)
    services.order_set_status(actor=lead, order=make(lead, customer), status="cancelled")

    assert lead_client.get("/api/v1/orders/").data["count"] == 2
    OrderStatusFigures.objects.filter(status=OrderStatus.PENDING).update(count=40)  # only the figures say so
    assert lead_client.get("/api/v1/orders/").data["count"] == 41
    assert lead_client.get("/api/v1/orders/?status=pending").data["count"] == 1
    assert lead_client.get("/api/v1/orders/?search=x").data["count"] == 2


def test_orders_made_by_the_factory_are_in_the_figures(lead_client):
    from orders.tests.factories import OrderFactory

    OrderFactory.create_batch(3, price=D("10"))

    assert figures()["pending"] == (3, D("30.00"))
    assert lead_client.get("/api/v1/orders/").data["count"] == 3


def test_a_status_without_its_figures_row_gets_one_with_the_write(lead):
    OrderStatusFigures.objects.filter(status=OrderStatus.PENDING).delete()

    make(lead, CustomerFactory(), price="120.50")

    assert figures()[OrderStatus.PENDING] == (1, D("120.50"))
    assert figures() == recounted()


def test_figures_add_up_to_the_cent_over_many_writes(lead):
    customer = CustomerFactory()
    for price in ("0.10", "0.20", "0.30", "1234567.89"):
        make(lead, customer, price=price)

    assert figures()[OrderStatus.PENDING] == (4, D("1234568.49"))
