"""The outbox subscriber: one delivery row per webhook that wants the event, in its transaction,
whether the webhooks were read when the event was recorded or ahead (event_prepare)."""

import pytest
from django.db import transaction

from events.services import event_prepare, event_record
from events.types import EventType
from webhooks.models import WebhookDelivery
from webhooks.tests.conftest import make_webhook

pytestmark = pytest.mark.django_db


def deliveries():
    return list(WebhookDelivery.objects.order_by("id").values_list("webhook_id", "event_id"))


def test_a_prepared_event_goes_to_the_webhooks_read_ahead_without_reading_them_again(
    receiver, lead, django_assert_num_queries
):
    wanted, _ = make_webhook(lead, url=receiver.url, events=[EventType.ORDER_CREATED])
    make_webhook(lead, url=receiver.url, events=[EventType.CUSTOMER_CREATED])

    with transaction.atomic():
        prepared = event_prepare(type=EventType.ORDER_CREATED)
        with django_assert_num_queries(2):  # the event, its delivery
            event = event_record(type=EventType.ORDER_CREATED, data={}, prepared=prepared)

    assert deliveries() == [(wanted.pk, event.pk)]


def test_an_event_not_prepared_reads_the_webhooks_itself(receiver, lead):
    wanted, _ = make_webhook(lead, url=receiver.url, events=[EventType.ORDER_CREATED])

    event = event_record(type=EventType.ORDER_CREATED, data={})

    assert deliveries() == [(wanted.pk, event.pk)]


def test_no_webhook_wants_it_no_delivery(receiver, lead):
    make_webhook(lead, url=receiver.url, events=[EventType.CUSTOMER_CREATED])

    event_record(type=EventType.ORDER_CREATED, data={}, prepared=event_prepare(type=EventType.ORDER_CREATED))

    assert deliveries() == []
