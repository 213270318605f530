"""Reads of messaging: the lists, and the worker's and queue's health (system status)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max, Min, QuerySet
from django.utils import timezone

from messaging.models import Message, MessageStatus, MessageTemplate, WorkerHeartbeat


def message_template_list() -> QuerySet[MessageTemplate]:
    return MessageTemplate.objects.all()


def message_list() -> QuerySet[Message]:
    # The API shows only ids of related rows: no joins needed.
    return Message.objects.all()


def worker_status(*, now: datetime | None = None) -> dict:
    """When a worker last swept, and whether one did within three sweep intervals (min 60 s)."""
    now = now or timezone.now()
    last_seen_at = WorkerHeartbeat.objects.aggregate(last=Max("last_seen_at"))["last"]
    window = timedelta(seconds=max(60, 3 * settings.WORKER_SWEEP_SECONDS))
    return {"last_seen_at": last_seen_at, "alive": last_seen_at is not None and now - last_seen_at <= window}


def message_queue_status(*, now: datetime | None = None) -> dict:
    """Queued messages that are due, and how long the oldest has waited (0 when none)."""
    now = now or timezone.now()
    due = Message.objects.filter(status=MessageStatus.QUEUED, next_attempt_at__lte=now)
    figures = due.aggregate(oldest=Min("next_attempt_at"))
    return {
        "pending": due.count(),
        "oldest_pending_age_seconds": int((now - figures["oldest"]).total_seconds()) if figures["oldest"] else 0,
    }


def messages_failed_count(*, hours: int = 24, now: datetime | None = None) -> int:
    """Messages that gave up, created in the last `hours`."""
    now = now or timezone.now()
    return Message.objects.filter(status=MessageStatus.FAILED, created_at__gte=now - timedelta(hours=hours)).count()
