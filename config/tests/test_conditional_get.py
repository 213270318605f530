"""If-None-Match on every detail GET: the current ETag answers 304 without a body (common.etag)."""

import pytest

from customers.tests.factories import CustomerFactory
from inventory.tests.factories import InventoryItemFactory
from measurements.tests.factories import MeasurementFactory
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

DETAILS = {
    "orders": OrderFactory,
    "customers": CustomerFactory,
    "inventory": InventoryItemFactory,
    "measurements": MeasurementFactory,
}


def url(kind: str, pk: int) -> str:
    return f"/api/v1/{kind}/{pk}/"


@pytest.mark.parametrize("kind", DETAILS)
def test_current_tag_answers_304_without_a_body(lead_client, kind):
    path = url(kind, DETAILS[kind]().pk)
    first = lead_client.get(path)

    again = lead_client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("kind", DETAILS)
def test_weak_list_and_star_match(junior_client, kind):
    path = url(kind, DETAILS[kind]().pk)
    tag = junior_client.get(path)["ETag"]

    assert junior_client.get(path, HTTP_IF_NONE_MATCH=f'"other", W/{tag}').status_code == 304
    assert junior_client.get(path, HTTP_IF_NONE_MATCH="*").status_code == 304


def test_a_stale_tag_answers_the_new_version(lead_client):
    order = OrderFactory()
    path = url("orders", order.pk)
    old = lead_client.get(path)["ETag"]
    changed = lead_client.patch(path, {"title": "Changed"}, format="json", HTTP_IF_MATCH=old)

    response = lead_client.get(path, HTTP_IF_NONE_MATCH=old)

    assert changed.status_code == 200
    assert response.status_code == 200
    assert response.json()["title"] == "Changed"
    assert response["ETag"] == changed["ETag"] != old


def test_anonymous_gets_401_not_304(api_client, lead_client):
    path = url("orders", OrderFactory().pk)
    tag = lead_client.get(path)["ETag"]

    assert api_client.get(path, HTTP_IF_NONE_MATCH=tag).status_code == 401


def test_detail_ignores_the_lists_query_parameters(lead_client):
    order = OrderFactory()

    response = lead_client.get(url("orders", order.pk) + "?status=delivered&search=nothing&ordering=price")

    assert response.status_code == 200
    assert response.json()["id"] == order.pk


ORDERS = "/api/v1/orders/?page_size=2"


def test_order_list_page_answers_304_while_unchanged(lead_client):
    OrderFactory.create_batch(3)
    first = lead_client.get(ORDERS)

    again = lead_client.get(ORDERS, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_order_list_tag_changes_with_a_row_the_count_and_the_query(lead_client):
    orders = OrderFactory.create_batch(3)
    tag = lead_client.get(ORDERS)["ETag"]

    assert lead_client.get(ORDERS + "&page=2")["ETag"] != tag
    assert lead_client.get(ORDERS + "&ordering=price")["ETag"] != tag
    path = url("orders", orders[-1].pk)
    lead_client.patch(path, {"title": "Changed"}, format="json", HTTP_IF_MATCH=lead_client.get(path)["ETag"])
    changed = lead_client.get(ORDERS, HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200
    assert changed.json()["results"][0]["title"] == "Changed"
    OrderFactory()
    assert lead_client.get(ORDERS, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 200
