"""Every write of messaging: templates, queuing messages (in the writer's transaction), and
sending them (the worker, outside any request).

Sending is at least once towards the provider and exactly once in the database: a worker
claims due rows under `select_for_update(skip_locked=True)` (MariaDB 10.6+; SQLite has one
writer), stamps a lease on them and commits; then sends each outside the transaction and
records the result only while its claim holds. A killed worker's claims fall due again when
the lease ends. The file backend rewrites one file per message id, so a resend after a kill
between sending and recording leaves one file; a real provider may see that one message twice.
"""

import logging
import os
import socket
import threading
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from common.exceptions import Conflict
from common.services import KEEP, Keep, model_update
from customers.models import Customer, NotifyBy
from customers.phones import phone_is_e164
from events.services import event_record
from events.types import EventType
from messaging import channels
from messaging.models import Channel, Message, MessageStatus, MessageTemplate, MessageTrigger, WorkerHeartbeat
from messaging.rendering import TemplateError, template_check, template_render
from orders.models import Order
from studio.selectors import studio_profile

logger = logging.getLogger("messaging")

TEMPLATE_FIELDS = ["trigger", "channel", "subject", "body", "is_active"]
TEMPLATE_ACTIVE_CODE = "template_active_exists"
NOTHING_TO_SEND_TO_CODE = "nothing_to_send_to"
WORKER_NAME = f"{socket.gethostname()}:{os.getpid()}"


# --- templates ---------------------------------------------------------------------------


def _active_key(template: MessageTemplate) -> str | None:
    return f"{template.trigger}:{template.channel}" if template.is_active else None


def _template_save(*, template: MessageTemplate) -> MessageTemplate:
    """Validate the placeholders (400 on the field naming it) and save; one active template
    per (trigger, channel) is the unique `active_key` column's answer (409), race or not."""
    for field in ("subject", "body"):
        try:
            template_check(getattr(template, field))
        except TemplateError as error:
            raise ValidationError({field: [str(error)]}) from None
    if template.channel != Channel.EMAIL:
        template.subject = ""
    template.active_key = _active_key(template)
    taken = MessageTemplate.objects.filter(active_key=template.active_key).exclude(pk=template.pk)
    conflict = Conflict(
        f"An active {template.channel} template for {template.trigger} exists already; deactivate it first.",
        code=TEMPLATE_ACTIVE_CODE,
    )
    if template.active_key and taken.exists():
        raise conflict
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError:
        if MessageTemplate.objects.filter(active_key=template.active_key).exclude(pk=template.pk).exists():
            raise conflict from None
        raise
    return template


@transaction.atomic
def message_template_create(
    *, actor: User | None, trigger: str, channel: str, body: str, subject: str = "", is_active: bool = True
) -> MessageTemplate:
    template = MessageTemplate(trigger=trigger, channel=channel, subject=subject, body=body, is_active=is_active)
    return _template_save(template=template)


@transaction.atomic
def message_template_update(
    *,
    actor: User | None,
    template: MessageTemplate,
    trigger: str | Keep = KEEP,
    channel: str | Keep = KEEP,
    subject: str | Keep = KEEP,
    body: str | Keep = KEEP,
    is_active: bool | Keep = KEEP,
) -> MessageTemplate:
    template = MessageTemplate.objects.select_for_update().get(pk=template.pk)
    given = {"trigger": trigger, "channel": channel, "subject": subject, "body": body, "is_active": is_active}
    model_update(instance=template, fields=TEMPLATE_FIELDS, data=given, save=False)
    return _template_save(template=template)


@transaction.atomic
def message_template_delete(*, actor: User | None, template: MessageTemplate) -> None:
    MessageTemplate.objects.filter(pk=template.pk).delete()


# --- queuing -----------------------------------------------------------------------------

_ADDRESS_OF = {Channel.EMAIL: "email", Channel.SMS: "phone", Channel.WHATSAPP: "phone"}


def _address(*, customer: Customer, channel: str) -> tuple[str, str]:
    """(to, why not) for `customer` on `channel`: why not is "" when there is an address."""
    to = getattr(customer, _ADDRESS_OF[channel]).strip()
    if not to:
        return "", f"The customer has no {_ADDRESS_OF[channel]} for {channel}."
    if channel != Channel.EMAIL and not phone_is_e164(to):
        return "", f"The customer's phone {to!r} is not a possible number (manage.py customers_phones_left)."
    return to, ""


def _message_insert(message: Message) -> Message | None:
    """Insert unless the same (trigger, occasion, customer, channel) exists: then None."""
    key = {"trigger": message.trigger, "occasion": message.occasion, "customer": message.customer}
    if Message.objects.filter(**key, channel=message.channel).exists():
        return None
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        if Message.objects.filter(**key, channel=message.channel).exists():
            return None
        raise
    if message.status == MessageStatus.QUEUED:
        transaction.on_commit(worker_nudge)
    return message


def message_queue(
    *,
    trigger: str,
    occasion: str,
    customer: Customer,
    order: Order | None = None,
    appointment_id: int | None = None,
    context: dict,
    now: datetime | None = None,
) -> Message | None:
    """The message of `trigger` for this occasion: rendered from the active template of the
    customer's channel and queued, or `skipped` with the reason in `last_error` (notify_by
    none, no address, no active template). Called in the transaction of the change, so the
    row commits or rolls back with it. None when this occasion has its message already."""
    now = now or timezone.now()
    row = Message(
        customer=customer,
        order=order,
        appointment_id=appointment_id,
        trigger=trigger,
        occasion=occasion,
        created_at=now,
        status=MessageStatus.SKIPPED,
    )
    channel = customer.notify_by
    if channel == NotifyBy.NONE:
        row.channel, row.last_error = "", "The customer's notify_by is none."
        return _message_insert(row)
    row.channel = channel
    row.to, why_not = _address(customer=customer, channel=channel)
    template = MessageTemplate.objects.filter(trigger=trigger, channel=channel, is_active=True).first()
    if why_not:
        row.last_error = why_not
    elif template is None:
        row.last_error = f"No active {channel} template for {trigger}."
    else:
        row.subject = template_render(template.subject, context) if channel == Channel.EMAIL else ""
        row.body = template_render(template.body, context).strip()
        row.status, row.next_attempt_at = MessageStatus.QUEUED, now
    return _message_insert(row)


@transaction.atomic
def message_send_manual(*, actor: User | None, order: Order, body: str, channel: str | None = None) -> Message:
    """A message written by the studio about `order`, queued to its customer on `channel`
    (default: their notify_by). 409 when they have nothing to send to on it. The body is
    sent as written (its braces too)."""
    customer = Customer.objects.get(pk=order.customer_id)
    channel = channel or customer.notify_by
    if channel == NotifyBy.NONE:
        raise Conflict("The customer's notify_by is none: give a channel.", code=NOTHING_TO_SEND_TO_CODE)
    to, why_not = _address(customer=customer, channel=channel)
    if why_not:
        raise Conflict(why_not, code=NOTHING_TO_SEND_TO_CODE)
    now = timezone.now()
    message = Message.objects.create(
        customer=customer,
        order=order,
        trigger=MessageTrigger.MANUAL,
        occasion=f"manual:{uuid.uuid4().hex}",
        channel=channel,
        to=to,
        subject=f"{studio_profile().name}: {order.title}" if channel == Channel.EMAIL else "",
        body=body,
        created_at=now,
        next_attempt_at=now,
    )
    transaction.on_commit(worker_nudge)
    return message


@transaction.atomic
def message_retry_now(*, actor: User | None, message: Message) -> Message:
    """Queue a failed message again, due now, with a fresh count of attempts (the admin's
    "retry now"). A message in another state is left as it is."""
    updated = Message.objects.filter(pk=message.pk, status=MessageStatus.FAILED).update(
        status=MessageStatus.QUEUED, attempts=0, next_attempt_at=timezone.now(), claimed_until=None, claimed_by=""
    )
    if updated:
        transaction.on_commit(worker_nudge)
    return Message.objects.get(pk=message.pk)


# --- sending (the worker) -----------------------------------------------------------------


def _claim(*, now: datetime, limit: int, worker: str, lease: timedelta) -> list[int]:
    with transaction.atomic():
        due = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(status=MessageStatus.QUEUED, next_attempt_at__lte=now)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
            .order_by("next_attempt_at", "id")
        )
        ids = list(due.values_list("id", flat=True)[:limit])
        if ids:
            Message.objects.filter(pk__in=ids).update(claimed_until=now + lease, claimed_by=worker)
    return ids


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=settings.MESSAGE_RETRY_BASE_SECONDS * 2 ** (attempts - 1))


def _still_claimed(*, message_id: int, worker: str, now: datetime) -> bool:
    """This worker's claim on the message still holds (checked just before it is sent)."""
    return Message.objects.filter(
        pk=message_id, claimed_by=worker, claimed_until__gt=now, status=MessageStatus.QUEUED
    ).exists()


def _record_sent(*, message_id: int, worker: str, now: datetime, provider_id: str) -> bool:
    """A sent message, in one guarded UPDATE: only while this worker's claim holds."""
    return bool(
        Message.objects.filter(pk=message_id, claimed_by=worker, status=MessageStatus.QUEUED).update(
            status=MessageStatus.SENT,
            sent_at=now,
            provider_message_id=provider_id[:128],
            last_error="",
            attempts=F("attempts") + 1,
            claimed_until=None,
            claimed_by="",
        )
    )


@transaction.atomic
def _record_error(*, message_id: int, worker: str, now: datetime, error: channels.SendError) -> None:
    """A failed attempt, written only while this worker's claim holds: due again after the
    backoff, or `failed` with its `message.failed` event after the last attempt (or at once
    when a retry cannot fix it)."""
    message = Message.objects.select_for_update().filter(pk=message_id, claimed_by=worker).first()
    if message is None or message.status != MessageStatus.QUEUED:
        return
    message.attempts += 1
    message.claimed_until, message.claimed_by = None, ""
    if error.permanent or message.attempts >= settings.MESSAGE_MAX_ATTEMPTS:
        message.status, message.last_error, message.next_attempt_at = MessageStatus.FAILED, str(error), None
    else:
        message.last_error, message.next_attempt_at = str(error), now + _retry_delay(message.attempts)
    message.save()
    if message.status == MessageStatus.FAILED:
        from messaging.serializers import MessageSerializer

        event_record(type=EventType.MESSAGE_FAILED, data=MessageSerializer(message).data, subject=message)


def messages_send_due(*, now: datetime | None = None, limit: int = 50, worker: str = WORKER_NAME, clock=None) -> int:
    """Send up to `limit` due messages; the number sent. `clock` (tests) tells the time of
    each outcome; the lease covers a whole batch at the send time-out per message."""
    clock = clock or timezone.now
    now = now or clock()
    lease = timedelta(seconds=settings.MESSAGE_CLAIM_LEASE_SECONDS)
    sent = 0
    claimed = _claim(now=now, limit=limit, worker=worker, lease=lease)
    for message in Message.objects.filter(pk__in=claimed).order_by("next_attempt_at", "id"):
        if not _still_claimed(message_id=message.pk, worker=worker, now=clock()):
            continue  # the lease ran out on a slow batch: another worker may hold it now
        outgoing = channels.Outgoing(
            id=message.pk, channel=message.channel, to=message.to, subject=message.subject, body=message.body
        )
        try:
            provider_id = channels.channel_backend(message.channel).send(outgoing)
        except channels.SendError as error:
            logger.warning("message %s not sent: %s", message.pk, error)
            _record_error(message_id=message.pk, worker=worker, now=clock(), error=error)
        except Exception as error:  # a backend's bug or misconfiguration: retried, logged
            logger.exception("message %s: the %s backend failed", message.pk, message.channel)
            _record_error(message_id=message.pk, worker=worker, now=clock(), error=channels.SendError(repr(error)))
        else:
            sent += _record_sent(message_id=message.pk, worker=worker, now=clock(), provider_id=provider_id)
    return sent


def worker_heartbeat(*, name: str = WORKER_NAME, now: datetime | None = None) -> None:
    """This worker was here now; rows of workers gone for a day are dropped (one per process)."""
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"last_seen_at": now})
    WorkerHeartbeat.objects.filter(last_seen_at__lt=now - timedelta(days=1)).delete()


# --- the nudge: a queued message is sent within seconds by an idle worker -----------------

_nudge_wanted = threading.Event()
_nudger: threading.Thread | None = None
_nudger_lock = threading.Lock()


def _nudge_loop() -> None:
    from messaging import tasks

    while True:
        _nudge_wanted.wait()
        _nudge_wanted.clear()
        try:
            tasks.worker_sweep.apply_async(retry=False, ignore_result=True)
        except Exception as error:  # the broker is down: the sweep finds the rows within a minute
            logger.warning("worker nudge not delivered (%s); the periodic sweep will send", error)


def worker_nudge() -> None:
    """Ask the worker to sweep now (after commit). Never blocks the request or fails it: a
    background thread publishes the task, coalescing nudges; a broker that is down only
    delays the message to the next periodic sweep."""
    global _nudger
    if not settings.WORKER_NUDGE:
        return
    _nudge_wanted.set()
    with _nudger_lock:
        if _nudger is None or not _nudger.is_alive():
            _nudger = threading.Thread(target=_nudge_loop, name="worker-nudge", daemon=True)
            _nudger.start()
