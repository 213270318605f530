from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from events.models import Event
from events.services import event_prepare, event_record, event_subscribe, event_unsubscribe
from events.types import EventType

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed():
    seen = []

    def subscriber(event):
        seen.append(event)

    event_subscribe(types=[EventType.ORDER_CREATED], subscriber=subscriber)
    yield seen
    event_unsubscribe(subscriber=subscriber)


def test_an_event_stores_its_data_as_the_api_renders_it():
    event = event_record(type=EventType.ORDER_CREATED, data={"id": 1, "price": Decimal("12.50")})

    event.refresh_from_db()
    assert event.type == "order.created"
    assert event.data == {"id": 1, "price": "12.50"}
    assert event.actor is None


def test_an_event_names_its_subject_and_actor():
    user = get_user_model().objects.create_user(username="ada", password="x" * 12)

    event = event_record(type=EventType.CUSTOMER_CREATED, data={"id": user.pk}, actor=user, subject=user)

    assert (event.subject_type, event.subject_id, event.actor_id) == (user._meta.label_lower, user.pk, user.pk)


def test_ids_increase_with_every_event():
    first = event_record(type=EventType.ORDER_CREATED, data={})
    second = event_record(type=EventType.ORDER_UPDATED, data={})

    assert second.pk > first.pk
    assert list(Event.objects.values_list("pk", flat=True)) == [second.pk, first.pk]


def test_an_unknown_type_is_refused_and_nothing_is_written():
    with pytest.raises(ValueError, match="unknown event type"):
        event_record(type="order.exploded", data={})

    assert not Event.objects.exists()


def test_a_subscriber_runs_for_its_types_only(subscribed):
    created = event_record(type=EventType.ORDER_CREATED, data={})
    event_record(type=EventType.ORDER_UPDATED, data={})

    assert subscribed == [created]


def test_a_rolled_back_change_leaves_no_event_and_nothing_its_subscribers_wrote():
    def subscriber(event):
        event_record(type=EventType.MESSAGE_FAILED, data={"cause": event.pk})

    event_subscribe(types=EventType.ORDER_CREATED, subscriber=subscriber)
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            event_record(type=EventType.ORDER_CREATED, data={})
            raise RuntimeError("the change failed after its event")
    finally:
        event_unsubscribe(subscriber=subscriber)

    assert not Event.objects.exists()


def test_subscribing_to_an_unknown_type_is_refused():
    with pytest.raises(ValueError, match="unknown event type"):
        event_subscribe(types=["order.exploded"], subscriber=lambda event: None)


@pytest.fixture
def prepared_subscriber():
    calls = []

    def subscriber(event, prepared=None):
        calls.append((event.type, prepared))

    def prepare(event_type):
        calls.append(("read", event_type))
        return None if event_type == EventType.ORDER_UPDATED else f"read for {event_type}"

    event_subscribe(types=[EventType.ORDER_CREATED, EventType.ORDER_UPDATED], subscriber=subscriber, prepare=prepare)
    yield calls
    event_unsubscribe(subscriber=subscriber)


def test_a_prepared_event_hands_its_subscriber_what_was_read_ahead(prepared_subscriber):
    prepared = event_prepare(type=EventType.ORDER_CREATED)
    assert prepared_subscriber == [("read", "order.created")]

    event_record(type=EventType.ORDER_CREATED, data={}, prepared=prepared)

    assert prepared_subscriber == [("read", "order.created"), ("order.created", "read for order.created")]


def test_an_event_not_prepared_runs_its_subscribers_as_ever(prepared_subscriber):
    event_record(type=EventType.ORDER_CREATED, data={})

    assert prepared_subscriber == [("order.created", None)]


def test_a_preparer_that_reads_nothing_leaves_its_subscriber_to_read(prepared_subscriber):
    event_record(type=EventType.ORDER_UPDATED, data={}, prepared=event_prepare(type=EventType.ORDER_UPDATED))

    assert prepared_subscriber == [("read", "order.updated"), ("order.updated", None)]


def test_an_event_prepared_for_another_type_is_refused_and_nothing_is_written(prepared_subscriber):
    prepared = event_prepare(type=EventType.ORDER_CREATED)

    with pytest.raises(ValueError, match="prepared for"):
        event_record(type=EventType.ORDER_UPDATED, data={}, prepared=prepared)

    assert not Event.objects.exists()
