"""GET /api/v1/events/: the log, lead designers only."""

import pytest

from events.services import event_record
from events.types import EventType

pytestmark = pytest.mark.django_db
EVENTS = "/api/v1/events/"


def record(type=EventType.ORDER_CREATED, **data):
    return event_record(type=type, data=data or {"id": 1})


def test_newest_first_with_the_contracts_fields(lead_client, lead):
    first = event_record(type=EventType.CUSTOMER_CREATED, data={"id": 7, "name": "Ada"}, actor=lead)
    second = record()

    response = lead_client.get(EVENTS)

    assert response.status_code == 200
    assert [row["id"] for row in response.data["results"]] == [second.pk, first.pk]
    row = response.json()["results"][1]
    assert set(row) == {"id", "type", "occurred_at", "actor", "data"}
    assert (row["type"], row["actor"], row["data"]) == ("customer.created", lead.pk, {"id": 7, "name": "Ada"})
    assert response.json()["results"][0]["actor"] is None


def test_type_is_repeatable(lead_client):
    created = record(EventType.ORDER_CREATED)
    record(EventType.ORDER_UPDATED)
    low = record(EventType.INVENTORY_LOW_STOCK)

    response = lead_client.get(EVENTS, {"type": ["order.created", "inventory.low_stock"]})

    assert [row["id"] for row in response.data["results"]] == [low.pk, created.pk]


def test_an_unknown_type_is_a_400_naming_type(lead_client):
    response = lead_client.get(EVENTS, {"type": "order.exploded"})

    assert response.status_code == 400
    assert "type" in response.data


def test_after_keeps_the_later_events(lead_client):
    first = record()
    second = record()
    third = record()

    response = lead_client.get(EVENTS, {"after": first.pk})

    assert [row["id"] for row in response.data["results"]] == [third.pk, second.pk]


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "", str(2**64), "١٢"])
def test_a_bad_after_is_a_400_naming_after(lead_client, value):
    response = lead_client.get(EVENTS, {"after": value})

    assert response.status_code == 400
    assert "after" in response.data


def test_pages_as_every_list(lead_client):
    for _ in range(3):
        record()

    response = lead_client.get(EVENTS, {"page_size": 2})

    assert response.data["count"] == 3
    assert len(response.data["results"]) == 2
    assert response.data["next"] is not None


def test_a_junior_is_refused(junior_client):
    record()
    assert junior_client.get(EVENTS).status_code == 403


def test_anonymous_is_refused(api_client):
    assert api_client.get(EVENTS).status_code == 401


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_log_is_read_only(lead_client, method):
    assert getattr(lead_client, method)(EVENTS, {}, format="json").status_code == 405


@pytest.mark.parametrize("rows", [1, 30])
def test_the_query_count_does_not_grow_with_the_page(lead_client, django_assert_num_queries, rows):
    for _ in range(rows):
        record()
    # token, count, page
    with django_assert_num_queries(3):
        response = lead_client.get(EVENTS)
    assert response.status_code == 200
