"""Two senders at once on MariaDB (SKIP LOCKED): each delivery is POSTed exactly once."""

import threading
from collections import Counter

import pytest
from django.db import connection

from accounts.tests.factories import LeadFactory
from events.services import event_record
from events.types import EventType
from webhooks.models import DeliveryStatus, WebhookDelivery
from webhooks.services import webhook_deliveries_send_due
from webhooks.tests.conftest import make_webhook

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.mariadb]
EVENTS = 200


def test_two_senders_never_deliver_one_row_twice(mariadb_only, receiver):
    make_webhook(LeadFactory(), url=receiver.url)
    for n in range(EVENTS):
        event_record(type=EventType.ORDER_DELETED, data={"id": n})
    barrier = threading.Barrier(2)
    sent = [0, 0]
    errors = []

    def sender(index):
        try:
            barrier.wait()
            while True:
                delivered = webhook_deliveries_send_due(limit=20)
                if not delivered:
                    break
                sent[index] += delivered
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    ids = Counter(request["headers"]["Studio-Event-Id"] for request in receiver.requests)
    assert len(ids) == EVENTS
    assert set(ids.values()) == {1}
    assert sum(sent) == EVENTS
    assert all(sent), f"both senders should have taken part: {sent}"
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == EVENTS
