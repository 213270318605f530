from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from customers.tests.factories import CustomerFactory
from documents.tests.conftest import make_order
from inventory.models import ChangeReason
from inventory.services import stock_adjust
from inventory.tests.factories import InventoryItemFactory
from orders import services as order_services
from orders.models import Order, Payment

pytestmark = pytest.mark.django_db

D = Decimal
SALES = "/api/v1/reports/sales/"


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def test_sales_per_month_has_every_month_with_zeros(lead_client, lead):
    order = make_order(lead, price="1000.00")
    payment = order_services.payment_record(actor=lead, order=order, amount=D("300"))
    Payment.objects.filter(pk=payment.pk).update(paid_at=at(date(2026, 3, 10)))
    Order.objects.filter(pk=order.pk).update(created_at=at(date(2026, 1, 31)))

    response = lead_client.get(SALES, {"from": "2026-01-01", "to": "2026-04-30", "group_by": "month"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert [p["start"] for p in body["periods"]] == ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"]
    assert [p["payments_received"] for p in body["periods"]] == ["0.00", "0.00", "300.00", "0.00"]
    assert [p["orders_created"] for p in body["periods"]] == [1, 0, 0, 0]
    assert body["totals"] == {
        "payments_received": "300.00",
        "orders_created": 1,
        "orders_delivered": 0,
        "invoiced": "0.00",
    }


def test_sales_per_week_start_on_monday(lead_client):
    body = lead_client.get(SALES, {"from": "2026-12-02", "to": "2026-12-15", "group_by": "week"}).json()

    assert [p["start"] for p in body["periods"]] == ["2026-11-30", "2026-12-07", "2026-12-14"]


def test_sales_default_to_the_last_12_months_by_month(lead_client):
    body = lead_client.get(SALES).json()

    assert body["group_by"] == "month"
    assert len(body["periods"]) == 12
    assert body["periods"][-1]["start"] == timezone.localdate().replace(day=1).isoformat()


def test_voided_payments_do_not_count(lead_client, lead):
    order = make_order(lead)
    payment = order_services.payment_record(actor=lead, order=order, amount=D("10"))
    order_services.payment_void(actor=lead, payment=payment)

    body = lead_client.get(SALES, {"group_by": "day", "from": timezone.localdate().isoformat()}).json()

    assert body["totals"]["payments_received"] == "0.00"


def test_the_query_count_does_not_depend_on_the_periods(lead_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        lead_client.get(SALES, {"from": "2022-01-01", "to": "2026-12-31", "group_by": "day"})
    with django_assert_max_num_queries(6):
        lead_client.get(SALES, {"from": "2026-12-01", "to": "2026-12-01", "group_by": "day"})


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-05-01", "to": "2026-04-01"}, "from"),
        ({"from": "2020-01-01", "to": "2026-01-01"}, "to"),
        ({"group_by": "year"}, "group_by"),
        ({"from": "yesterday"}, "from"),
    ],
)
def test_bad_ranges_are_400_naming_the_field(lead_client, params, field):
    response = lead_client.get(SALES, params)

    assert response.status_code == 400
    assert field in response.json()


def test_materials_used_is_reserved_minus_released_with_its_cost(lead_client, lead):
    silk = InventoryItemFactory(name="Silk", quantity=D("0"), price=D("45.00"), unit="metre")
    stock_adjust(actor=lead, item=silk, delta=D("20"), reason=ChangeReason.RESTOCK)
    kept = order_services.order_create(
        actor=lead, customer=CustomerFactory(), title="Gown", items=[{"inventory_item": silk, "quantity": D("3.50")}]
    )
    cancelled = order_services.order_create(
        actor=lead, customer=CustomerFactory(), title="Veil", items=[{"inventory_item": silk, "quantity": D("2")}]
    )
    order_services.order_set_status(actor=lead, order=cancelled, status="cancelled")
    assert kept

    response = lead_client.get("/api/v1/reports/materials/")

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row == {
        "inventory_item": silk.pk,
        "name": "Silk",
        "unit": "metre",
        "used": "3.50",
        "cost": "157.50",
        "restocked": "20.00",
    }


def test_materials_outside_the_range_do_not_count(lead_client, lead):
    silk = InventoryItemFactory(quantity=D("0"))
    stock_adjust(actor=lead, item=silk, delta=D("5"), reason=ChangeReason.RESTOCK)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    response = lead_client.get("/api/v1/reports/materials/", {"from": yesterday, "to": yesterday})

    assert response.json()["results"] == []


def test_outstanding_lists_who_owes_largest_first(lead_client, lead):
    small = make_order(lead, name="Ngozi Nwankwọ", price="100.00")
    big = make_order(lead, name="Adébáyọ̀ Ọ̀jọ́", price="900.00")
    make_order(lead, name="Paid Up", price="50.00")
    paid = Order.objects.get(title="Aso-oke agbada", customer__name="Paid Up")
    order_services.payment_record(actor=lead, order=paid, amount=D("50"))
    order_services.payment_record(actor=lead, order=big, amount=D("100"))
    cancelled = make_order(lead, name="Gone", price="500.00")
    order_services.order_set_status(actor=lead, order=cancelled, status="cancelled")
    Order.objects.filter(pk=small.pk).update(delivery_date=date(2026, 12, 24))

    response = lead_client.get("/api/v1/reports/outstanding/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["results"] == [
        {
            "customer": big.customer_id,
            "name": "Adébáyọ̀ Ọ̀jọ́",
            "orders": 1,
            "balance_due": "800.00",
            "oldest_delivery_date": None,
        },
        {
            "customer": small.customer_id,
            "name": "Ngozi Nwankwọ",
            "orders": 1,
            "balance_due": "100.00",
            "oldest_delivery_date": "2026-12-24",
        },
    ]


def test_outstanding_takes_a_constant_number_of_queries(lead_client, lead, django_assert_num_queries):
    make_order(lead, name="One")
    with django_assert_num_queries(3) as few:
        lead_client.get("/api/v1/reports/outstanding/")
    for n in range(15):
        make_order(lead, name=f"Client {n}")

    with django_assert_num_queries(len(few.captured_queries)):
        lead_client.get("/api/v1/reports/outstanding/")


@pytest.mark.parametrize("report", ["sales", "materials", "outstanding"])
def test_reports_are_for_lead_designers_only(junior_client, api_client, report):
    assert junior_client.get(f"/api/v1/reports/{report}/").status_code == 403
    assert api_client.get(f"/api/v1/reports/{report}/").status_code == 401
