"""The worker's sending: retries with exponential backoff on a fake clock, the final failure
and its event, claims and their lease."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from events.models import Event
from messaging import channels
from messaging.models import Message
from messaging.services import message_retry_now, message_send_manual, messages_send_due

pytestmark = pytest.mark.django_db


class Flaky:
    """A backend that fails (or not) as told, counting its sends."""

    def __init__(self, *, permanent=False, fail=True):
        self.sent, self.permanent, self.fail = [], permanent, fail

    def send(self, message):
        self.sent.append(message.id)
        if self.fail:
            raise channels.SendError("provider down", permanent=self.permanent)
        return f"ok-{message.id}"


@pytest.fixture
def backend(monkeypatch):
    flaky = Flaky()
    monkeypatch.setattr(channels, "channel_backend", lambda channel: flaky)
    return flaky


@pytest.fixture
def queued(lead, order):
    return message_send_manual(actor=lead, order=order, body="Hi")


@override_settings(MESSAGE_MAX_ATTEMPTS=5, MESSAGE_RETRY_BASE_SECONDS=30)
def test_retries_back_off_exponentially_then_fail_with_an_event(backend, queued):
    now = timezone.now()
    delays = []
    for _attempt in range(4):
        messages_send_due(now=now, clock=lambda: now)
        queued.refresh_from_db()
        assert queued.status == "queued"
        delays.append((queued.next_attempt_at - now).total_seconds())
        assert messages_send_due(now=now + timedelta(seconds=delays[-1] - 1), clock=lambda: now) == 0  # not yet due
        now = queued.next_attempt_at
    assert delays == [30, 60, 120, 240]

    messages_send_due(now=now, clock=lambda: now)

    queued.refresh_from_db()
    assert (queued.status, queued.attempts, queued.last_error) == ("failed", 5, "provider down")
    assert len(backend.sent) == 5
    event = Event.objects.get(type="message.failed")
    assert (event.data["id"], event.data["status"], event.subject_id) == (queued.pk, "failed", queued.pk)


def test_an_unfixable_error_fails_at_once(backend, queued):
    backend.permanent = True

    messages_send_due()

    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == ("failed", 1)
    assert Event.objects.filter(type="message.failed").count() == 1


def test_a_sent_message_is_never_sent_again(backend, queued):
    backend.fail = False
    messages_send_due()
    messages_send_due(now=timezone.now() + timedelta(days=1))

    assert backend.sent == [queued.pk]
    queued.refresh_from_db()
    assert (queued.status, queued.provider_message_id, queued.last_error) == ("sent", f"ok-{queued.pk}", "")


def test_retry_now_queues_a_failed_message_again(backend, queued, lead):
    backend.permanent = True
    messages_send_due()
    backend.fail = False

    message_retry_now(actor=lead, message=queued)
    messages_send_due()

    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == ("sent", 1)


def test_a_claimed_message_is_not_sent_by_another_worker_until_the_lease_ends(backend, queued, monkeypatch):
    from messaging import services

    backend.fail = False
    now = timezone.now()
    # worker A claims and dies before sending
    assert services._claim(now=now, limit=10, worker="A", lease=timedelta(seconds=300)) == [queued.pk]

    assert messages_send_due(now=now + timedelta(seconds=299), worker="B") == 0
    assert messages_send_due(now=now + timedelta(seconds=301), worker="B") == 1
    assert backend.sent == [queued.pk]


def test_a_late_outcome_from_a_worker_whose_lease_ended_is_not_recorded(backend, queued):
    from messaging import services

    now = timezone.now()
    services._claim(now=now, limit=10, worker="A", lease=timedelta(seconds=1))
    services._claim(now=now + timedelta(seconds=2), limit=10, worker="B", lease=timedelta(seconds=300))

    services._record_error(message_id=queued.pk, worker="A", now=now, error=channels.SendError("late"))

    queued.refresh_from_db()
    assert (queued.claimed_by, queued.attempts, queued.last_error) == ("B", 0, "")


def test_skipped_rows_are_never_sent(backend, templates):
    from customers.tests.factories import CustomerFactory
    from messaging.tests.conftest import complete
    from orders.tests.factories import OrderFactory

    complete(OrderFactory(customer=CustomerFactory(email="", phone="", notify_by="none")))

    assert messages_send_due() == 0
    assert backend.sent == []
    assert Message.objects.get().status == "skipped"


def test_a_message_whose_lease_ran_out_during_the_batch_is_left_to_the_new_claimer(lead, order, settings):
    settings.MESSAGE_CLAIM_LEASE_SECONDS = 60
    message_send_manual(actor=lead, order=order, body="Your gown is ready")
    start = timezone.now()

    # Claimed at `start`; by the time its turn comes the batch has run longer than the lease.
    assert messages_send_due(now=start, clock=lambda: start + timedelta(seconds=61)) == 0

    message = Message.objects.get()
    assert (message.status, message.attempts) == ("queued", 0)
