"""What keeps the order endpoints cheap: statements per create, one lookup for all lines' items,
and a create response built from what was written (no second read of the order)."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customers.tests.factories import CustomerFactory
from inventory.models import ChangeReason, InventoryChange
from orders.models import Order
from orders.serializers import OrderSerializer
from orders.tests.conftest import assert_chain, stocked_item

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders/"


def table_of(sql: str) -> str:
    """The table a statement writes or reads first, else the statement (savepoints, commit)."""
    found = re.search(r'(?:INSERT INTO|UPDATE|FROM) ["`](\w+)["`]', sql)
    return found.group(1) if found else sql.split()[0]


def create_body(customer, items) -> dict:
    return {
        "customer": customer.pk,
        "title": "Kaftan",
        "price": "250.00",
        "delivery_date": "2030-01-31",
        "items": [{"inventory_item": item.pk, "quantity": "0.50", "size": "M"} for item in items],
    }


@pytest.mark.parametrize("lines", [1, 3, 10])
def test_create_takes_a_fixed_number_of_statements_whatever_its_lines(
    lead_client, lead, django_assert_num_queries, lines
):
    items = [stocked_item(lead, "100") for _ in range(lines)]
    customer = CustomerFactory()

    # token, customer, the lines' items (one query), savepoint, order insert, timeline row, the
    # webhooks that want the order.created event (one query), the sync feed's change log (one
    # insert for the order and the items), item locks, one UPDATE for all the items, change rows
    # (one insert), lines (one insert), the event's insert, the dashboard's figures of its status
    # (one UPDATE), release. The event and the response serialize the lines just written.
    with django_assert_num_queries(15):
        response = lead_client.post(ORDERS, create_body(customer, items), format="json")

    assert response.status_code == 201, response.data
    assert len(response.data["items"]) == lines
    for item in items:
        assert_chain(item)
        assert InventoryChange.objects.filter(inventory_item=item, reason=ChangeReason.ORDER_RESERVED).count() == 1


def test_create_writes_only_the_stock_lines_event_and_figures_once_the_items_are_locked(lead_client, lead):
    items = [stocked_item(lead, "100") for _ in range(3)]

    with CaptureQueriesContext(connection) as captured:
        response = lead_client.post(ORDERS, create_body(CustomerFactory(), items), format="json")

    assert response.status_code == 201, response.data
    tables = [table_of(query["sql"]) for query in captured.captured_queries]
    lock = tables.index("orders_orderstatuschange") + 3
    assert tables[lock] == "inventory_inventoryitem"
    # The order, its timeline row, the webhooks that want its event and the sync feed's change
    # log come before; the inserted lines after the items' locks (their foreign keys take shared
    # locks on the items); the dashboard's figures last.
    assert tables[lock - 4 : lock] == ["orders_order", "orders_orderstatuschange", "webhooks_webhook", "common_change"]
    assert tables[lock + 1 : -1] == [
        "inventory_inventoryitem",
        "inventory_inventorychange",
        "orders_orderitem",
        "events_event",
        "orders_orderstatusfigures",
    ]


def line_reads(captured) -> int:
    return sum(
        query["sql"].startswith("SELECT") and table_of(query["sql"]) == "orders_orderitem"
        for query in captured.captured_queries
    )


def test_a_change_of_lines_reads_them_once_under_the_lock(lead_client, lead):
    first, second = stocked_item(lead, "100"), stocked_item(lead, "100")
    created = lead_client.post(ORDERS, create_body(CustomerFactory(), [first]), format="json")

    with CaptureQueriesContext(connection) as captured:
        patched = lead_client.patch(
            f"{ORDERS}{created.data['id']}/", {"items": [{"inventory_item": second.pk, "quantity": "2"}]}, format="json"
        )

    assert patched.status_code == 200, patched.data
    # The service's, under the lock: the view's read of the order (the If-Match check) leaves its
    # lines unread (orders.selectors.PageLines), and the reservation to release, the event and the
    # response take the lines the service wrote.
    assert line_reads(captured) == 1
    assert [(line["inventory_item"], line["quantity"]) for line in patched.data["items"]] == [(second.pk, "2.00")]


def test_a_status_change_reads_the_lines_once_for_its_event_and_its_answer(lead_client, lead):
    created = lead_client.post(ORDERS, create_body(CustomerFactory(), [stocked_item(lead, "100")]), format="json")

    with CaptureQueriesContext(connection) as captured:
        changed = lead_client.patch(f"{ORDERS}{created.data['id']}/status/", {"status": "in_progress"}, format="json")

    assert changed.status_code == 200, changed.data
    assert line_reads(captured) == 1
    assert changed.json()["items"] == created.json()["items"]


def test_create_answers_what_a_read_of_the_order_answers(lead_client, lead):
    items = [stocked_item(lead, "100") for _ in range(3)]

    created = lead_client.post(ORDERS, create_body(CustomerFactory(), items), format="json")
    read = lead_client.get(f"{ORDERS}{created.data['id']}/")

    assert created.status_code == 201
    assert created.json() == read.json()
    assert created["ETag"] == read["ETag"]


def test_status_change_answers_what_a_read_of_the_order_answers(lead_client, lead):
    items = [stocked_item(lead, "100") for _ in range(2)]
    created = lead_client.post(ORDERS, create_body(CustomerFactory(), items), format="json")

    changed = lead_client.patch(f"{ORDERS}{created.data['id']}/status/", {"status": "cancelled"}, format="json")
    read = lead_client.get(f"{ORDERS}{created.data['id']}/")

    assert changed.status_code == 200
    assert changed.json() == read.json()
    assert changed["ETag"] == read["ETag"]


def test_patch_answers_what_a_read_of_the_order_answers(lead_client, lead):
    first, second = stocked_item(lead, "100"), stocked_item(lead, "100")
    created = lead_client.post(ORDERS, create_body(CustomerFactory(), [first]), format="json")

    patched = lead_client.patch(
        f"{ORDERS}{created.data['id']}/",
        {"price": "300.00", "items": [{"inventory_item": second.pk, "quantity": "2"}]},
        format="json",
    )
    read = lead_client.get(f"{ORDERS}{created.data['id']}/")

    assert patched.status_code == 200, patched.data
    assert patched.json() == read.json()
    assert patched["ETag"] == read["ETag"]
    assert [line["inventory_item"] for line in patched.data["items"]] == [second.pk]


def test_unknown_item_among_lines_is_400_on_that_line_and_writes_nothing(lead_client, lead):
    known = stocked_item(lead, "100")
    body = create_body(CustomerFactory(), [known])
    body["items"].append({"inventory_item": 999999, "quantity": "1"})

    response = lead_client.post(ORDERS, body, format="json")

    assert response.status_code == 400
    assert response.data["items"][0] == {}
    assert response.data["items"][1]["inventory_item"] == ['Invalid pk "999999" - object does not exist.']
    assert Order.objects.count() == 0
    known.refresh_from_db()
    assert known.quantity == Decimal("100")


def test_the_lines_items_are_checked_by_one_query_of_their_ids(lead, django_assert_num_queries):
    silk, lace = stocked_item(lead, "100"), stocked_item(lead, "100")
    body = create_body(CustomerFactory(), [silk, lace])

    serializer = OrderSerializer(data=body)
    with django_assert_num_queries(2) as captured:  # the customer, the lines' items
        assert serializer.is_valid(), serializer.errors

    lookup = captured.captured_queries[1]["sql"]
    assert "inventory_inventoryitem" in lookup and "quantity" not in lookup and "ORDER BY" not in lookup
    assert [line["inventory_item"] for line in serializer.validated_data["items"]] == [silk.pk, lace.pk]


def test_the_customer_is_checked_by_a_query_of_its_id(lead, django_assert_num_queries):
    customer = CustomerFactory()
    serializer = OrderSerializer(data={"customer": customer.pk, "title": "Kaftan"})

    with django_assert_num_queries(1) as captured:
        assert serializer.is_valid(), serializer.errors

    assert "customers_customer" in captured.captured_queries[0]["sql"]
    assert "name" not in captured.captured_queries[0]["sql"]
    assert serializer.validated_data["customer"] == customer


@pytest.mark.parametrize("value", [999999, "999999"])
def test_an_unknown_customer_is_400_with_drfs_message(lead_client, value):
    response = lead_client.post(ORDERS, {"customer": value, "title": "Kaftan"}, format="json")

    assert response.status_code == 400
    assert response.data["customer"] == ['Invalid pk "999999" - object does not exist.']
    assert Order.objects.count() == 0


def test_list_figures_and_their_filters_agree(lead_client, lead):
    item = stocked_item(lead, "100")
    customer = CustomerFactory()
    ids = [lead_client.post(ORDERS, create_body(customer, [item]), format="json").data["id"] for _ in range(2)]
    Order.objects.filter(pk=ids[0]).update(delivery_date="2020-01-01")

    rows = {row["id"]: row for row in lead_client.get(ORDERS).data["results"]}
    overdue = [row["id"] for row in lead_client.get(ORDERS + "?is_overdue=true").data["results"]]
    unpaid = [row["id"] for row in lead_client.get(ORDERS + "?payment_status=unpaid").data["results"]]

    assert (rows[ids[0]]["is_overdue"], rows[ids[1]]["is_overdue"]) == (True, False)
    assert overdue == [ids[0]]
    assert sorted(unpaid) == sorted(ids)
    assert rows[ids[0]]["balance_due"] == "250.00"
    assert rows[ids[0]]["payment_status"] == "unpaid"
