"""The worker's health figures, its sweep, and the nudge that must never hold a request up."""

import time
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from messaging import selectors, worker
from messaging.models import Message, WorkerHeartbeat
from messaging.services import message_send_manual, worker_heartbeat, worker_nudge

pytestmark = pytest.mark.django_db

CALLS = []


def a_sweep(*, now, limit):
    CALLS.append((now, limit))
    return 0


def test_no_worker_seen_is_not_alive():
    assert selectors.worker_status() == {"last_seen_at": None, "alive": False}


def test_a_recent_heartbeat_is_alive_and_an_old_one_not():
    now = timezone.now()
    worker_heartbeat(name="w1", now=now - timedelta(minutes=5))
    assert selectors.worker_status(now=now)["alive"] is False

    worker_heartbeat(name="w2", now=now - timedelta(seconds=10))

    assert selectors.worker_status(now=now) == {"last_seen_at": now - timedelta(seconds=10), "alive": True}


def test_heartbeats_of_workers_gone_for_a_day_are_dropped():
    now = timezone.now()
    worker_heartbeat(name="old", now=now - timedelta(days=2))

    worker_heartbeat(name="new", now=now)

    assert list(WorkerHeartbeat.objects.values_list("name", flat=True)) == ["new"]


def test_queue_status_counts_due_messages_and_the_oldest_wait(lead, order):
    assert selectors.message_queue_status() == {"pending": 0, "oldest_pending_age_seconds": 0}
    message_send_manual(actor=lead, order=order, body="a")
    message_send_manual(actor=lead, order=order, body="b")
    Message.objects.filter(body="a").update(next_attempt_at=timezone.now() - timedelta(seconds=90))

    status = selectors.message_queue_status()

    assert status["pending"] == 2
    assert 90 <= status["oldest_pending_age_seconds"] < 100


def test_failed_count_looks_back_the_given_hours(lead, order):
    message_send_manual(actor=lead, order=order, body="a")
    message_send_manual(actor=lead, order=order, body="b")
    Message.objects.update(status="failed")
    Message.objects.filter(body="a").update(created_at=timezone.now() - timedelta(hours=30))

    assert selectors.messages_failed_count(hours=24) == 1
    assert selectors.messages_failed_count(hours=48) == 2


@pytest.mark.django_db(transaction=True)  # the sweep closes stale connections, as the worker needs
@override_settings(WORKER_SWEEPS=["messaging.tests.test_worker.a_sweep"], WORKER_SWEEP_LIMIT=7)
def test_a_sweep_runs_every_configured_callable_and_touches_the_heartbeat():
    CALLS.clear()

    worker.worker_sweeps_run()

    assert [limit for _now, limit in CALLS] == [7]
    assert WorkerHeartbeat.objects.count() == 1


def test_the_default_sweeps_create_the_timed_messages_and_send_messages_and_webhooks(settings):
    assert settings.WORKER_SWEEPS == [
        "messaging.triggers.messages_create_due",
        "messaging.services.messages_send_due",
        "webhooks.services.webhook_deliveries_send_due",
    ]


@override_settings(WORKER_NUDGE=True)
def test_a_nudge_never_waits_for_a_broker_that_is_down(monkeypatch, caplog):
    from messaging import tasks

    attempts = []

    def broker_down(*args, **kwargs):
        attempts.append(kwargs)
        time.sleep(0.5)  # a connection that takes its time to fail
        raise OSError("Connection refused")

    monkeypatch.setattr(tasks.worker_sweep, "apply_async", broker_down)
    started = time.monotonic()
    for _ in range(20):
        worker_nudge()
    assert time.monotonic() - started < 0.1  # the request goes on at once

    deadline = time.monotonic() + 5
    while "nudge not delivered" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "nudge not delivered" in caplog.text
    assert 1 <= len(attempts) <= 3  # twenty nudges coalesce
    assert attempts[0] == {"retry": False, "ignore_result": True}
