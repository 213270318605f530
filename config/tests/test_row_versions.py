"""Representations kept per row version (common.versions): a read answers what the row holds
now, whatever was kept; a page whose orders were all kept reads no lines; nothing is kept from
rows that were not read for display."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.versions import OUTPUT_VERSION, output_version_mark, output_versions
from customers.tests.factories import CustomerFactory
from orders import selectors, services
from orders.models import OrderItem
from orders.serializers import OrderSerializer
from orders.tests.conftest import stocked_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(lead):
    item = stocked_item(lead, "100")
    return services.order_create(
        actor=lead,
        customer=CustomerFactory(),
        title="Kaftan",
        price=Decimal("250"),
        delivery_date=datetime.date(2030, 1, 31),
        items=[{"inventory_item": item, "quantity": Decimal("1.5"), "size": "M"}],
    )


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/orders/").status_code == 200
    return len(queries.captured_queries)


def test_a_page_of_kept_orders_reads_no_lines(lead_client, order):
    first = list_queries(lead_client)

    assert list_queries(lead_client) == first - 1


def test_the_list_answers_a_change_made_after_it_was_kept(lead_client, lead, order):
    lead_client.get("/api/v1/orders/")
    lead_client.patch(f"/api/v1/orders/{order.pk}/", {"title": "Agbada"}, format="json")

    row = lead_client.get("/api/v1/orders/").json()["results"][0]

    assert row["title"] == "Agbada"


def test_the_detail_answers_a_payment_made_after_it_was_kept(lead_client, order):
    lead_client.get(f"/api/v1/orders/{order.pk}/")
    lead_client.post(f"/api/v1/orders/{order.pk}/payments/", {"amount": "100.00", "method": "cash"}, format="json")

    body = lead_client.get(f"/api/v1/orders/{order.pk}/").json()

    assert (body["amount_paid"], body["balance_due"]) == ("100.00", "150.00")


def test_the_list_answers_changed_lines(lead_client, lead, order):
    lead_client.get("/api/v1/orders/")
    line = order.items.get()
    lead_client.patch(
        f"/api/v1/orders/{order.pk}/",
        {"items": [{"id": line.pk, "inventory_item": line.inventory_item_id, "quantity": "2.00"}]},
        format="json",
    )

    row = lead_client.get("/api/v1/orders/").json()["results"][0]

    assert row["items"][0]["quantity"] == "2.00"


def test_is_overdue_is_kept_per_day(order):
    rows = list(selectors.order_list().for_display())
    before, after = datetime.date(2030, 1, 30), datetime.date(2030, 2, 1)

    output_version_mark(rows, day=before)
    on_time = OrderSerializer(rows[0]).data["is_overdue"]
    output_version_mark(rows, day=after)
    rows[0].__dict__[selectors.READ_ON] = after
    late = OrderSerializer(rows[0]).data["is_overdue"]

    assert (on_time, late) == (False, True)


def test_a_marked_row_saved_since_is_not_answered_from_what_was_kept(order):
    (row,) = selectors.order_list().for_display()
    OrderSerializer(row).data
    row.title = "Changed in memory"
    row.save()

    assert OrderSerializer(row).data["title"] == "Changed in memory"


def test_rows_not_read_for_display_are_not_kept(order):
    rows = list(selectors.order_list())
    OrderSerializer(rows, many=True).data

    assert OUTPUT_VERSION not in rows[0].__dict__
    assert not output_versions.kept


def test_updates_and_their_answers_keep_nothing(lead_client, order):
    lead_client.patch(f"/api/v1/orders/{order.pk}/", {"title": "Agbada"}, format="json")

    assert not output_versions.kept


def test_what_is_kept_is_bounded(monkeypatch):
    monkeypatch.setattr(output_versions, "size", 3)
    for key in range(5):
        output_versions.put(key, {})

    assert list(output_versions.kept) == [2, 3, 4]


def test_an_order_pages_lines_are_read_as_the_orm_reads_them(order, lead):
    other = services.order_create(
        actor=lead,
        customer=CustomerFactory(),
        title="Boubou",
        items=[{"inventory_item": stocked_item(lead, "10"), "quantity": Decimal("2.25"), "size": ""}],
    )
    ids = [order.pk, other.pk]

    read = [tuple(values) for values in selectors._line_values(ids)]

    assert read == list(OrderItem.objects.filter(order_id__in=ids).order_by("id").values_list(*selectors.ITEM_COLUMNS))
    assert read[0][5].tzinfo is not None
