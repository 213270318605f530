"""Every write to webhooks, the outbox subscriber, and the sender.

The subscriber (connected in WebhooksConfig.ready) runs inside the transaction that writes an
event: each active webhook that wants the event gets a delivery row there, so a change that
rolls back leaves none and a committed one always has them, whatever the worker or the broker
was doing. The sender (`webhook_deliveries_send_due`, run by the worker's sweep and by
`manage.py webhooks_send`) claims due rows under `SELECT … FOR UPDATE SKIP LOCKED` and leases
them (their `next_attempt_at` moves to the lease's end), so two senders never claim one row and
a sender killed mid-send leaves rows that fall due again when the lease ends: delivery is at
least once, receivers dedupe on the event id.
"""

import hashlib
import hmac
import json
import logging
import time
from datetime import datetime, timedelta
from typing import TypedDict

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from rest_framework.fields import DateTimeField

from accounts.models import User
from common.etag import if_match_check
from common.exceptions import Conflict
from common.services import model_update
from events.models import Event
from events.services import event_record
from events.types import EventType
from webhooks import crypto, network
from webhooks.models import ALL_EVENTS, DeliveryStatus, Webhook, WebhookAttempt, WebhookDelivery

logger = logging.getLogger(__name__)

WEBHOOK_FIELDS = ["url", "events", "is_active", "description"]
WEBHOOK_INACTIVE_CODE = "webhook_inactive"
# Rows one claim takes: the lease covers sending them one after the other, each up to the time-out.
CLAIM_BATCH = 5
LEASE_MARGIN_SECONDS = 10
USER_AGENT = "Studio-Webhooks/1"


class WebhookChanges(TypedDict, total=False):
    url: str
    events: list[str]
    is_active: bool
    description: str


def webhook_url_check(url: str) -> None:
    """400 on `url` unless it may be called (webhooks.network: https, a public address)."""
    try:
        network.target_resolve(url)
    except network.UnsafeTarget as refused:
        raise ValidationError({"url": [str(refused)]}) from None


def webhook_events_check(events) -> None:
    """400 on `events` unless it is a list of known types, each once, or ["*"] alone."""
    allowed = [ALL_EVENTS, *(value for value in EventType.values if value != EventType.PING)]
    if not isinstance(events, list) or not events:
        raise ValidationError({"events": ['A list of event types, or ["*"].']})
    unknown = [value for value in events if value not in allowed]
    if unknown:
        raise ValidationError({"events": [f"Unknown event type {value!r}." for value in unknown]})
    if len(set(events)) != len(events):
        raise ValidationError({"events": ["Each event type may be listed once."]})
    if ALL_EVENTS in events and len(events) > 1:
        raise ValidationError({"events": ['"*" means every type: send it alone.']})


@transaction.atomic
def webhook_create(
    *, actor: User | None, url: str, events: list[str], is_active: bool = True, description: str = ""
) -> tuple[Webhook, str]:
    """Create a webhook; returns it with its signing secret, which is shown this once."""
    webhook_events_check(events)
    webhook_url_check(url)
    secret = crypto.secret_generate()
    webhook = Webhook.objects.create(
        url=url,
        events=events,
        is_active=is_active,
        description=description,
        secret_encrypted=crypto.secret_encrypt(secret),
        created_by=actor,
        updated_by=actor,
    )
    return webhook, secret


@transaction.atomic
def webhook_update(
    *, actor: User | None, webhook: Webhook, data: WebhookChanges, if_match: str | None = None
) -> Webhook:
    webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
    if_match_check(instance=webhook, if_match=if_match)
    if "events" in data:
        webhook_events_check(data["events"])
    if "url" in data and data["url"] != webhook.url:
        webhook_url_check(data["url"])
    model_update(instance=webhook, fields=WEBHOOK_FIELDS, data=dict(data), save=False)
    webhook.updated_by = actor
    webhook.save()
    return webhook


@transaction.atomic
def webhook_delete(*, actor: User | None, webhook: Webhook) -> None:
    """Delete a webhook with its deliveries (those not sent yet are dropped)."""
    Webhook.objects.filter(pk=webhook.pk).delete()


@transaction.atomic
def webhook_rotate_secret(*, actor: User | None, webhook: Webhook) -> str:
    """A new signing secret, returned this once; the old one stops signing at once."""
    webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
    secret = crypto.secret_generate()
    webhook.secret_encrypted = crypto.secret_encrypt(secret)
    webhook.updated_by = actor
    webhook.save(update_fields=["secret_encrypted", "updated_by", "updated_at"])
    return secret


@transaction.atomic
def webhook_ping(*, actor: User | None, webhook: Webhook) -> Event:
    """Record a `ping` event, delivered to this webhook only (the subscriber sees its subject)."""
    webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
    if not webhook.is_active:
        raise Conflict("This webhook is not active: activate it to ping it.", code=WEBHOOK_INACTIVE_CODE)
    return event_record(
        type=EventType.PING,
        data={"webhook": webhook.pk, "url": webhook.url},
        actor=actor,
        subject=webhook,
    )


@transaction.atomic
def webhook_deliveries_retry_now(*, actor: User | None, deliveries) -> int:
    """The admin's "retry now": the chosen deliveries that are not delivered fall due now, a
    failed one for one more attempt. Returns how many."""
    return (
        WebhookDelivery.objects.filter(pk__in=[delivery.pk for delivery in deliveries])
        .exclude(status=DeliveryStatus.DELIVERED)
        .update(status=DeliveryStatus.PENDING, next_attempt_at=timezone.now(), claim_token=None)
    )


# The outbox: one delivery row per matching webhook, in the event's transaction.


def webhook_targets(event_type: str) -> list[Webhook] | None:
    """The active webhooks that want events of `event_type` (None for a `ping`, whose webhook is
    its subject): the events.services preparer of webhook_deliveries_enqueue."""
    if event_type == EventType.PING:
        return None
    return [
        webhook for webhook in Webhook.objects.filter(is_active=True).only("id", "events") if webhook.wants(event_type)
    ]


def webhook_deliveries_enqueue(event: Event, targets: list[Webhook] | None = None) -> None:
    """events.services subscriber for every type. A `ping` goes to the webhook it names only.
    `targets`: the webhooks webhook_targets read for it ahead (events.services.event_prepare)."""
    if event.type == EventType.PING:
        if event.subject_type != Webhook._meta.label_lower:
            return
        targets = list(Webhook.objects.filter(pk=event.subject_id).only("id"))
    elif targets is None:
        targets = webhook_targets(event.type)
    if targets:
        now = timezone.now()
        WebhookDelivery.objects.bulk_create(
            [WebhookDelivery(webhook=webhook, event=event, next_attempt_at=now) for webhook in targets]
        )


# The sender.


def webhook_payload(event: Event) -> bytes:
    """The body POSTed: the event as {"id", "type", "occurred_at", "data"}, compact JSON."""
    body = {
        "id": event.pk,
        "type": event.type,
        "occurred_at": DateTimeField().to_representation(event.occurred_at),
        "data": event.data,
    }
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """`Studio-Signature`: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def _retry_delay(attempt: int) -> timedelta:
    return timedelta(seconds=settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempt - 1))


def _claim(*, now: datetime, batch: int):
    """Lease up to `batch` due rows to this sender (their attempt counted); returns (ids, token)."""
    lease = timedelta(seconds=batch * settings.WEBHOOK_TIMEOUT_SECONDS + LEASE_MARGIN_SECONDS)
    with transaction.atomic():
        ids = list(
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .values_list("id", flat=True)[:batch]
        )
        if not ids:
            return [], None
        token = WebhookDelivery.new_claim_token()
        WebhookDelivery.objects.filter(pk__in=ids).update(
            claim_token=token, next_attempt_at=now + lease, attempts=F("attempts") + 1
        )
    return ids, token


def _send(delivery: WebhookDelivery) -> network.PostResult:
    webhook = delivery.webhook
    if not webhook.is_active and delivery.event.type != EventType.PING:
        return network.PostResult(None, "The webhook was deactivated.", 0)
    try:
        target = network.target_resolve(webhook.url)
    except network.UnsafeTarget as refused:
        return network.PostResult(None, f"Not sent: {refused}", 0)
    try:
        secret = crypto.secret_decrypt(webhook.secret_encrypted)
    except InvalidToken:
        return network.PostResult(
            None, "Not sent: the secret cannot be decrypted (WEBHOOK_SECRET_KEY changed?); rotate it.", 0
        )
    body = webhook_payload(delivery.event)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Studio-Event-Id": str(delivery.event_id),
        "Studio-Event-Type": delivery.event.type,
        "Studio-Signature": webhook_signature(secret=secret, timestamp=int(time.time()), body=body),
    }
    return network.post(target=target, body=body, headers=headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS)


@transaction.atomic
def _record(*, outcomes: list[tuple[WebhookDelivery, network.PostResult, datetime]], token) -> int:
    """Store each attempt of a claimed batch and its row's new state (delivered, due again, or
    failed for good), in one transaction. A row changes only if this sender still holds its
    lease; the attempt is logged either way. Returns how many were delivered."""
    attempts = []
    # A webhook deleted meanwhile took its deliveries along: their attempts have nothing to log to.
    existing = set(
        WebhookDelivery.objects.filter(pk__in=[delivery.pk for delivery, _, _ in outcomes]).values_list("pk", flat=True)
    )
    for delivery, result, now in outcomes:
        if delivery.pk not in existing:
            continue
        attempt = delivery.attempts
        if result.ok:
            state = {"status": DeliveryStatus.DELIVERED, "delivered_at": now, "next_attempt_at": None}
        elif attempt >= settings.WEBHOOK_MAX_ATTEMPTS:
            state = {"status": DeliveryStatus.FAILED, "next_attempt_at": None}
        else:
            state = {"status": DeliveryStatus.PENDING, "next_attempt_at": now + _retry_delay(attempt)}
        attempts.append(
            WebhookAttempt(
                delivery=delivery,
                attempt=attempt,
                attempted_at=now,
                status_code=result.status_code,
                error=result.error[:2000],
                duration_ms=result.duration_ms,
                delivered_at=state.get("delivered_at"),
                next_attempt_at=state["next_attempt_at"],
            )
        )
        WebhookDelivery.objects.filter(pk=delivery.pk, claim_token=token).update(
            **state, claim_token=None, last_status_code=result.status_code, last_error=result.error[:2000]
        )
    WebhookAttempt.objects.bulk_create(attempts)
    return sum(1 for _, result, _ in outcomes if result.ok)


def webhook_deliveries_send_due(*, now: datetime | None = None, limit: int = 100) -> int:
    """Send up to `limit` due deliveries (outside any transaction: it reaches the network).
    `now` is the sender's clock (tests pass a fake one). Returns how many were delivered."""
    delivered = 0
    handled = 0
    while handled < limit:
        clock = now or timezone.now()
        ids, token = _claim(now=clock, batch=min(CLAIM_BATCH, limit - handled))
        if not ids:
            break
        rows = WebhookDelivery.objects.filter(pk__in=ids, claim_token=token).select_related("webhook", "event")
        outcomes = []
        for delivery in rows.order_by("id"):
            try:
                result = _send(delivery)
            except Exception as error:  # a bug must not stop the sweep; the row is retried
                logger.exception("webhook delivery %s failed to send", delivery.pk)
                result = network.PostResult(None, f"Internal error: {type(error).__name__}.", 0)
            outcomes.append((delivery, result, now or timezone.now()))
        # Killed before this commit, the batch's rows fall due again when the lease ends (sent
        # twice at worst: delivery is at least once).
        delivered += _record(outcomes=outcomes, token=token)
        handled += len(ids)
    return delivered
