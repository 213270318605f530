"""Reads of webhooks and their deliveries; the figures the system status shows."""

from datetime import datetime

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from webhooks.models import DeliveryStatus, Webhook, WebhookAttempt, WebhookDelivery


def webhook_list() -> QuerySet[Webhook]:
    return Webhook.objects.order_by("id")


def webhook_attempt_list(*, webhook: Webhook) -> QuerySet[WebhookAttempt]:
    """Every attempt of the webhook's deliveries, newest first, with its event's id and type."""
    return (
        WebhookAttempt.objects.filter(delivery__webhook=webhook)
        .annotate(event_id=F("delivery__event_id"), event_type=F("delivery__event__type"))
        .order_by("-id")
    )


def webhooks_failing_count() -> int:
    """Active webhooks whose latest delivery failed for good, or that have deliveries in retry
    (an attempt failed, another is due)."""
    latest = WebhookDelivery.objects.filter(webhook=OuterRef("pk")).order_by("-id").values("status")[:1]
    in_retry = WebhookDelivery.objects.filter(webhook=OuterRef("pk"), status=DeliveryStatus.PENDING, attempts__gt=0)
    return (
        Webhook.objects.filter(is_active=True)
        .annotate(latest_status=Subquery(latest))
        .filter(Q(latest_status=DeliveryStatus.FAILED) | Q(pk__in=in_retry.values("webhook")))
        .count()
    )


def webhook_deliveries_due_status(*, now: datetime | None = None) -> dict:
    """Deliveries due now (first attempts and retries whose time has come), and how long the
    oldest has waited (0 when none): the webhooks' part of the worker's queue."""
    now = now or timezone.now()
    figures = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now).aggregate(
        pending=Count("id"), oldest=Min("next_attempt_at")
    )
    oldest = figures["oldest"]
    return {
        "pending": figures["pending"],
        "oldest_pending_age_seconds": max(0, int((now - oldest).total_seconds())) if oldest else 0,
    }
