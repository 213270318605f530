"""The triggers: one entry each, saying which events it listens to and how it finds the
customer, order and placeholders of its message (`occasion`), or, for a timed trigger, which
occasions are due (`due`).

An event-driven trigger runs as an events subscriber, in the transaction of the change: its
message row commits or rolls back with it. A timed trigger's `due` is swept by the worker.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef

from appointments.models import Appointment
from appointments.selectors import appointments_due_for_reminder
from appointments.services import appointment_reminder_mark_sent
from customers.models import Customer
from events.models import Event
from events.services import event_subscribe
from events.types import EventType
from messaging.context import appointment_time, message_context
from messaging.models import Message, Trigger
from orders.models import Order, OrderStatus


@dataclass(frozen=True)
class Occasion:
    """What one message is about: `key` is unique per trigger ("order:12")."""

    key: str
    customer: Customer
    order: Order | None = None
    appointment_id: int | None = None
    context: dict = field(default_factory=dict)
    # A timed occasion that must be taken before its message is queued (in the same
    # transaction): False means another worker took it, or it is no longer due.
    claim: Callable[[], bool] | None = None


@dataclass(frozen=True)
class TriggerEntry:
    trigger: str
    event_types: tuple[str, ...] = ()
    occasion: Callable[[Event], Occasion | None] | None = None
    due: Callable[..., Iterable[Occasion]] | None = None  # due(now=, limit=)


TRIGGERS: dict[str, TriggerEntry] = {}


def trigger_register(entry: TriggerEntry) -> None:
    TRIGGERS[entry.trigger] = entry


def _order_occasion(order_id: int) -> Occasion:
    order = Order.objects.select_related("customer").get(pk=order_id)
    return Occasion(
        key=f"order:{order.pk}",
        customer=order.customer,
        order=order,
        context=message_context(customer=order.customer, order=order),
    )


def _status_reached(to_status: str) -> Callable[[Event], Occasion | None]:
    def occasion(event: Event) -> Occasion | None:
        if event.data.get("to_status") != to_status:
            return None
        return _order_occasion(event.data["id"])

    return occasion


def _payment_occasion(event: Event) -> Occasion:
    order = Order.objects.select_related("customer").get(pk=event.data["order"])
    amount = Decimal(str(event.data["amount"]))
    return Occasion(
        key=f"payment:{event.data['id']}",
        customer=order.customer,
        order=order,
        context=message_context(customer=order.customer, order=order, amount=amount),
    )


def balance_reminders_due(*, now: datetime, limit: int) -> Iterable[Occasion]:
    """Orders completed BALANCE_REMINDER_DAYS ago or more with a balance still due and no
    reminder yet (once per order; 0 days: as soon as completed)."""
    reminded = Message.objects.filter(trigger=Trigger.BALANCE_REMINDER, order=OuterRef("pk"))
    orders = (
        Order.objects.filter(
            status__in=[OrderStatus.COMPLETED, OrderStatus.DELIVERED],
            completed_at__lte=now - timedelta(days=settings.BALANCE_REMINDER_DAYS),
            price__gt=F("amount_paid"),
        )
        .exclude(Exists(reminded))
        .order_by("completed_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return [_order_occasion(pk) for pk in orders]


def _appointment_occasion(appointment: Appointment, *, key: str, claim=None) -> Occasion:
    context = message_context(customer=appointment.customer, order=appointment.order)
    context.update(
        appointment_time=appointment_time(appointment.starts_at),
        appointment_kind=appointment.get_kind_display().lower(),
    )
    return Occasion(
        key=key,
        customer=appointment.customer,
        order=appointment.order,
        appointment_id=appointment.pk,
        context=context,
        claim=claim,
    )


def _appointment_scheduled(event: Event) -> Occasion:
    appointment = Appointment.objects.select_related("customer", "order").get(pk=event.data["id"])
    return _appointment_occasion(appointment, key=f"appointment:{appointment.pk}")


def appointment_reminders_due(*, now: datetime, limit: int) -> Iterable[Occasion]:
    """Scheduled appointments starting within APPOINTMENT_REMINDER_HOURS whose customer has not
    been reminded of their current start (one booked closer than that: at once). Rescheduled,
    an appointment is reminded again of its new time: the occasion names the start."""
    lead = timedelta(hours=settings.APPOINTMENT_REMINDER_HOURS)
    due = appointments_due_for_reminder(now=now, lead=lead)[:limit]
    return [
        _appointment_occasion(
            appointment,
            key=f"appointment:{appointment.pk}:{appointment.starts_at.isoformat()}",
            claim=lambda appointment=appointment: appointment_reminder_mark_sent(
                appointment=appointment, start=appointment.starts_at
            ),
        )
        for appointment in due
    ]


trigger_register(
    TriggerEntry(Trigger.ORDER_READY, (EventType.ORDER_STATUS_CHANGED,), occasion=_status_reached("completed"))
)
trigger_register(
    TriggerEntry(Trigger.ORDER_DELIVERED, (EventType.ORDER_STATUS_CHANGED,), occasion=_status_reached("delivered"))
)
trigger_register(TriggerEntry(Trigger.PAYMENT_RECEIVED, (EventType.PAYMENT_RECORDED,), occasion=_payment_occasion))
trigger_register(TriggerEntry(Trigger.BALANCE_REMINDER, due=balance_reminders_due))
trigger_register(
    TriggerEntry(Trigger.APPOINTMENT_SCHEDULED, (EventType.APPOINTMENT_SCHEDULED,), occasion=_appointment_scheduled)
)
trigger_register(TriggerEntry(Trigger.APPOINTMENT_REMINDER, due=appointment_reminders_due))


def messages_for_event(event: Event) -> None:
    """The events subscriber: each trigger listening to the event's type queues its message."""
    from messaging.services import message_queue

    for entry in list(TRIGGERS.values()):
        if event.type not in entry.event_types or entry.occasion is None:
            continue
        occasion = entry.occasion(event)
        if occasion is not None:
            message_queue(
                trigger=entry.trigger,
                occasion=occasion.key,
                customer=occasion.customer,
                order=occasion.order,
                appointment_id=occasion.appointment_id,
                context=occasion.context,
            )


def triggers_subscribe() -> None:
    types = {event_type for entry in TRIGGERS.values() for event_type in entry.event_types}
    event_subscribe(types=sorted(types), subscriber=messages_for_event)


def messages_create_due(*, now: datetime, limit: int = 100) -> int:
    """The timed triggers' sweep: queue the message of every due occasion; how many."""
    from messaging.services import message_queue

    created = 0
    for entry in list(TRIGGERS.values()):
        if entry.due is None:
            continue
        for occasion in entry.due(now=now, limit=limit):
            with transaction.atomic():
                if occasion.claim is not None and not occasion.claim():
                    continue
                created += bool(
                    message_queue(
                        trigger=entry.trigger,
                        occasion=occasion.key,
                        customer=occasion.customer,
                        order=occasion.order,
                        appointment_id=occasion.appointment_id,
                        context=occasion.context,
                        now=now,
                    )
                )
    return created
