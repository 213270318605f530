"""GET /api/v1/system/status/ (events.md): the worker, its queue, failed messages, failing webhooks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from customers.tests.factories import CustomerFactory
from events.services import event_record
from events.types import EventType
from messaging.models import Message, MessageStatus, WorkerHeartbeat
from webhooks import crypto
from webhooks.models import DeliveryStatus, Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db

STATUS = "/api/v1/system/status/"


def _message(*, status=MessageStatus.QUEUED, due_ago=timedelta(0), created_ago=timedelta(0), occasion="o"):
    now = timezone.now()
    return Message.objects.create(
        customer=CustomerFactory(),
        trigger="manual",
        occasion=occasion,
        channel="email",
        to="ada@example.com",
        body="Hello",
        status=status,
        next_attempt_at=now - due_ago,
        created_at=now - created_ago,
    )


def _delivery(*, status=DeliveryStatus.PENDING, due_in=timedelta(0), attempts=0, active=True):
    webhook = Webhook.objects.create(
        url="https://hooks.example.com/in", events=["*"], is_active=active, secret_encrypted=crypto.secret_encrypt("s")
    )
    event = event_record(type=EventType.PING, data={})
    WebhookDelivery.objects.filter(event=event).delete()  # the outbox subscriber's own row
    return WebhookDelivery.objects.create(
        webhook=webhook, event=event, status=status, attempts=attempts, next_attempt_at=timezone.now() + due_in
    )


def test_a_quiet_studio_with_no_worker_yet(lead_client):
    response = lead_client.get(STATUS)

    assert response.status_code == 200
    assert response.json() == {
        "worker": {"last_seen_at": None, "alive": False},
        "queue": {"pending": 0, "oldest_pending_age_seconds": 0},
        "messages_failed_24h": 0,
        "webhooks_failing": 0,
    }


def test_a_worker_that_swept_just_now_is_alive(lead_client):
    WorkerHeartbeat.objects.create(name="worker@host", last_seen_at=timezone.now())

    assert lead_client.get(STATUS).json()["worker"]["alive"] is True


def test_a_worker_silent_for_ten_minutes_is_not_alive(lead_client):
    seen = timezone.now() - timedelta(minutes=10)
    WorkerHeartbeat.objects.create(name="worker@host", last_seen_at=seen)

    worker = lead_client.get(STATUS).json()["worker"]
    assert worker["alive"] is False
    assert worker["last_seen_at"] is not None


def test_the_queue_counts_due_messages_and_deliveries_and_the_oldest_wait(lead_client):
    _message(due_ago=timedelta(seconds=90), occasion="a")
    _message(due_ago=timedelta(seconds=5), occasion="b")
    _message(due_ago=-timedelta(minutes=5), occasion="c")  # a retry not due yet
    _delivery(due_in=-timedelta(seconds=30))
    _delivery(due_in=timedelta(minutes=10), attempts=1)  # a retry not due yet

    queue = lead_client.get(STATUS).json()["queue"]

    assert queue["pending"] == 3
    assert 90 <= queue["oldest_pending_age_seconds"] < 120


def test_failed_messages_of_the_last_day_are_counted(lead_client):
    _message(status=MessageStatus.FAILED, created_ago=timedelta(hours=2), occasion="a")
    _message(status=MessageStatus.FAILED, created_ago=timedelta(hours=30), occasion="b")
    _message(status=MessageStatus.SENT, occasion="c")

    assert lead_client.get(STATUS).json()["messages_failed_24h"] == 1


def test_webhooks_failing_counts_failed_and_retrying_active_webhooks(lead_client):
    _delivery(status=DeliveryStatus.FAILED)
    _delivery(due_in=timedelta(minutes=1), attempts=2)  # in retry
    _delivery(status=DeliveryStatus.DELIVERED)
    _delivery(status=DeliveryStatus.FAILED, active=False)

    assert lead_client.get(STATUS).json()["webhooks_failing"] == 2


def test_the_status_takes_a_constant_number_of_queries(lead_client, django_assert_max_num_queries):
    for n in range(5):
        _message(occasion=f"m{n}")
        _delivery()
    with django_assert_max_num_queries(8):
        assert lead_client.get(STATUS).status_code == 200


def test_a_junior_is_refused(junior_client):
    assert junior_client.get(STATUS).status_code == 403


def test_anonymous_is_refused(api_client):
    assert api_client.get(STATUS).status_code == 401


def test_the_api_root_links_every_collection(lead_client):
    endpoints = lead_client.get("/api/v1/").json()["endpoints"]

    for name in ("appointments", "messages", "webhooks", "events", "sync", "system-status", "studio"):
        assert name in endpoints
    assert endpoints["system-status"].endswith(STATUS)
