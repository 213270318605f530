"""The outbox and the sender against a local receiver (WEBHOOK_ALLOW_PRIVATE_TARGETS on)."""

import hashlib
import hmac
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from customers.services import customer_create
from events.models import Event
from events.services import event_record
from events.types import EventType
from webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from webhooks.services import webhook_deliveries_send_due, webhook_ping
from webhooks.tests.conftest import make_webhook

pytestmark = pytest.mark.django_db


def verify(secret: str, request: dict, tolerance: int = 300) -> bool:
    """How a receiver checks Studio-Signature, written from the contract alone."""
    fields = dict(part.split("=", 1) for part in request["headers"]["Studio-Signature"].split(","))
    timestamp = int(fields["t"])
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + request["body"], hashlib.sha256).hexdigest()
    fresh = abs(timezone.now().timestamp() - timestamp) <= tolerance
    return fresh and hmac.compare_digest(expected, fields["v1"])


def test_a_matching_event_arrives_signed_with_its_headers(receiver, lead):
    _, secret = make_webhook(lead, url=receiver.url, events=["customer.created"])
    customer = customer_create(actor=lead, name="Ada")

    assert webhook_deliveries_send_due() == 1

    [request] = receiver.requests
    event = Event.objects.get(type="customer.created")
    assert request["path"] == "/hook"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["headers"]["Studio-Event-Id"] == str(event.pk)
    assert request["headers"]["Studio-Event-Type"] == "customer.created"
    assert verify(secret, request)
    body = json.loads(request["body"])
    assert set(body) == {"id", "type", "occurred_at", "data"}
    assert (body["id"], body["type"], body["data"]["id"]) == (event.pk, "customer.created", customer.pk)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 1, 200)


def test_a_signature_with_another_secret_or_body_does_not_verify(receiver, lead):
    _, secret = make_webhook(lead, url=receiver.url)
    customer_create(actor=lead, name="Ada")
    webhook_deliveries_send_due()
    [request] = receiver.requests

    assert not verify(secret + "x", request)
    assert not verify(secret, {**request, "body": request["body"] + b" "})


def test_only_subscribed_types_are_delivered(receiver, lead):
    make_webhook(lead, url=receiver.url, events=["order.created"])
    customer_create(actor=lead, name="Ada")

    assert not WebhookDelivery.objects.exists()
    assert webhook_deliveries_send_due() == 0
    assert receiver.requests == []


def test_an_inactive_webhook_gets_no_deliveries(receiver, lead):
    make_webhook(lead, url=receiver.url, is_active=False)
    customer_create(actor=lead, name="Ada")

    assert not WebhookDelivery.objects.exists()


def test_a_rolled_back_change_leaves_no_delivery(receiver, lead):
    make_webhook(lead, url=receiver.url)
    with pytest.raises(RuntimeError), transaction.atomic():
        customer_create(actor=lead, name="Ada")
        raise RuntimeError("rolled back")

    assert not WebhookDelivery.objects.exists()


def test_a_ping_goes_to_its_webhook_only(receiver, lead):
    pinged, secret = make_webhook(lead, url=receiver.url)
    make_webhook(lead, url=receiver.url + "/other")

    event = webhook_ping(actor=lead, webhook=pinged)
    webhook_deliveries_send_due()

    assert [request["path"] for request in receiver.requests] == ["/hook"]
    assert receiver.events()[0]["type"] == "ping"
    assert receiver.requests[0]["headers"]["Studio-Event-Id"] == str(event.pk)
    assert verify(secret, receiver.requests[0])


def test_an_error_status_is_retried_with_exponential_backoff(receiver, lead, settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 60
    receiver.answers = [(500, {}), (503, {})]
    make_webhook(lead, url=receiver.url)
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})
    now = timezone.now()

    assert webhook_deliveries_send_due(now=now) == 0
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("pending", 1, now + timedelta(seconds=60))
    assert webhook_deliveries_send_due(now=now + timedelta(seconds=59)) == 0  # not due yet
    assert len(receiver.requests) == 1

    assert webhook_deliveries_send_due(now=now + timedelta(seconds=60)) == 0
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == now + timedelta(seconds=60 + 120)

    assert webhook_deliveries_send_due(now=now + timedelta(seconds=180)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    attempts = list(WebhookAttempt.objects.order_by("id").values_list("attempt", "status_code", "error"))
    assert attempts == [(1, 500, "HTTP 500."), (2, 503, "HTTP 503."), (3, 200, "")]
    assert len({request["headers"]["Studio-Event-Id"] for request in receiver.requests}) == 1


def test_the_last_attempt_fails_for_good(receiver, lead, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    settings.WEBHOOK_RETRY_BASE_SECONDS = 10
    receiver.answers = [(500, {})] * 5
    make_webhook(lead, url=receiver.url)
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})
    now = timezone.now()

    for offset in (0, 10, 30, 70, 1000):
        webhook_deliveries_send_due(now=now + timedelta(seconds=offset))

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 3, None)
    assert len(receiver.requests) == 3
    last = WebhookAttempt.objects.order_by("-id").first()
    assert (last.attempt, last.next_attempt_at, last.delivered_at) == (3, None, None)


def test_a_redirect_is_not_followed_and_counts_as_a_failure(receiver, lead):
    receiver.answers = [(302, {"Location": "http://169.254.169.254/latest/meta-data/"})]
    make_webhook(lead, url=receiver.url)
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})

    assert webhook_deliveries_send_due() == 0

    assert len(receiver.requests) == 1
    attempt = WebhookAttempt.objects.get()
    assert attempt.status_code == 302
    assert "not followed" in attempt.error
    assert WebhookDelivery.objects.get().status == "pending"


def test_a_refused_connection_is_retried(lead, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    make_webhook(lead, url="http://127.0.0.1:8219/nobody-listens")
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})

    assert webhook_deliveries_send_due() == 0

    attempt = WebhookAttempt.objects.get()
    assert attempt.status_code is None
    assert "ConnectionRefusedError" in attempt.error
    assert WebhookDelivery.objects.get().status == "pending"


def test_a_slow_receiver_times_out(receiver, lead, settings, monkeypatch):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.2
    make_webhook(lead, url=receiver.url)
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})
    import time

    original = receiver.server.RequestHandlerClass.do_POST

    def slow(handler):
        time.sleep(0.6)
        original(handler)

    monkeypatch.setattr(receiver.server.RequestHandlerClass, "do_POST", slow)

    assert webhook_deliveries_send_due() == 0

    attempt = WebhookAttempt.objects.get()
    assert "Timed out" in attempt.error
    assert WebhookDelivery.objects.get().status == "pending"


def test_a_killed_senders_lease_expires_and_the_row_is_sent_again(receiver, lead):
    from webhooks.services import _claim

    make_webhook(lead, url=receiver.url)
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})
    now = timezone.now()
    ids, _ = _claim(now=now, batch=5)  # a sender claims the row, then dies before sending
    assert len(ids) == 1

    assert webhook_deliveries_send_due(now=now + timedelta(seconds=5)) == 0  # leased: not due
    assert webhook_deliveries_send_due(now=now + timedelta(minutes=2)) == 1  # the lease ended

    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get().status == "delivered"


def test_a_url_that_now_resolves_inside_is_not_called(lead, dns, settings):
    make_webhook(lead, url="https://hooks.example.com/in")
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})
    dns["hooks.example.com"] = ["10.0.0.7"]  # the name was moved inside the network

    assert webhook_deliveries_send_due() == 0

    attempt = WebhookAttempt.objects.get()
    assert attempt.status_code is None
    assert "10.0.0.7" in attempt.error and "private" in attempt.error


def test_the_connection_goes_to_the_checked_address(receiver, lead, dns, monkeypatch):
    """The name is resolved once, by the check; the socket goes to that address (no re-resolve)."""
    dns["receiver.test"] = ["127.0.0.1"]
    make_webhook(lead, url=f"http://receiver.test:{receiver.port}/hook")
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})
    lookups = []
    resolve = __import__("webhooks.network", fromlist=["socket"]).socket.getaddrinfo

    def counting(host, *args, **kwargs):
        lookups.append(host)
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr("webhooks.network.socket.getaddrinfo", counting)

    assert webhook_deliveries_send_due() == 1

    assert lookups.count("receiver.test") == 1  # (the socket's own lookup is of the literal 127.0.0.1)
    assert set(lookups) <= {"receiver.test", "127.0.0.1"}
    assert receiver.requests[0]["headers"]["Host"] == f"receiver.test:{receiver.port}"


def test_the_management_command_sends_what_is_due(receiver, lead, capsys):
    make_webhook(lead, url=receiver.url)
    customer_create(actor=lead, name="Ada")

    call_command("webhooks_send")

    assert "1 delivered" in capsys.readouterr().out
    assert len(receiver.requests) == 1


def test_every_service_event_reaches_a_star_webhook(receiver, lead):
    from inventory.services import inventory_item_create, stock_adjust

    make_webhook(lead, url=receiver.url)
    item = inventory_item_create(actor=lead, name="Silk", quantity=Decimal("10"), reorder_level=Decimal("5"))
    stock_adjust(actor=lead, item=item, delta=Decimal("-6"))
    customer_create(actor=lead, name="Ada")

    webhook_deliveries_send_due()

    assert [event["type"] for event in sorted(receiver.events(), key=lambda e: e["id"])] == [
        "inventory.low_stock",
        "customer.created",
    ]


def test_a_webhook_deleted_while_its_delivery_is_in_flight_does_not_break_the_sweep(receiver, lead, monkeypatch):
    from webhooks import services

    webhook, _ = make_webhook(lead, url=receiver.url)
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})
    send = services._send

    def send_then_delete(delivery):
        result = send(delivery)
        services.webhook_delete(actor=lead, webhook=webhook)
        return result

    monkeypatch.setattr(services, "_send", send_then_delete)

    assert webhook_deliveries_send_due() == 1  # it was delivered; there is no row left to log it to
    assert len(receiver.requests) == 1
    assert not WebhookDelivery.objects.exists()


def test_a_secret_that_no_longer_decrypts_is_reported_not_sent(receiver, lead, settings):
    make_webhook(lead, url=receiver.url)
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})
    settings.WEBHOOK_SECRET_KEY = "another key"

    assert webhook_deliveries_send_due() == 0

    assert receiver.requests == []
    assert "cannot be decrypted" in WebhookAttempt.objects.get().error
