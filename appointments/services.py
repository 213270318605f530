"""Every write to appointments goes through these functions (API, admin, shell).

No double booking: a designer never has two `scheduled` appointments that overlap. Each
write that can create an overlap (a booking, a reschedule, a change of designer) first takes
the lock row of every designer involved (DesignerCalendar, upserted in designer-id order, so
two writers cannot deadlock), and only then looks for overlapping appointments. Two bookings of
one designer, from any number of app servers, therefore check and insert one after the other;
under READ COMMITTED the second sees what the first committed. An update locks the appointment
row first, then the designers' calendars; a booking locks only calendars: no cycle.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role, User
from appointments.models import (
    ALLOWED_TRANSITIONS,
    MAX_DURATION,
    Appointment,
    AppointmentStatus,
    AppointmentStatusChange,
    DesignerCalendar,
)
from common.changes import change_record
from common.etag import if_match_check
from common.exceptions import Conflict
from common.services import KEEP, Keep, audit_fields, model_update
from customers.models import Customer
from events.services import event_record
from events.types import EventType
from orders.models import Order

# MySQL/MariaDB error codes of a lock that could not be had (designer_calendars_ensure retries).
LOCK_WAIT_TIMEOUT = 1205
DEADLOCK = 1213

OVERLAP_CODE = "appointment_overlap"
NOT_SCHEDULED_CODE = "appointment_not_scheduled"
TRANSITION_CODE = "appointment_transition_refused"

ORDER_OF_ANOTHER_CUSTOMER = "This order belongs to another customer."
ENDS_BEFORE_START = "Must be after starts_at."
TOO_LONG = "An appointment lasts at most 8 hours."
DESIGNER_INACTIVE = "This designer is not an active member of the team."

APPOINTMENT_FIELDS = ["customer", "order", "kind", "starts_at", "ends_at", "designer", "notes", "location"]


class InvalidTransition(Conflict):
    pass


def _event_data(appointment: Appointment, **extra) -> dict:
    from appointments.serializers import appointment_representation  # the detail's shape

    return {**appointment_representation(appointment), **extra}


def _validate(*, appointment: Appointment) -> None:
    """The field rules of calendar.md, every broken one named: 400, nothing written."""
    errors: dict[str, list[str]] = {}
    for name in ("starts_at", "ends_at"):
        value = getattr(appointment, name)
        if isinstance(value, datetime) and timezone.is_naive(value):
            errors[name] = ["Give the date-time with its UTC offset, e.g. 2026-12-24T10:00:00+01:00."]
    if not errors:
        if appointment.ends_at <= appointment.starts_at:
            errors["ends_at"] = [ENDS_BEFORE_START]
        elif appointment.ends_at - appointment.starts_at > MAX_DURATION:
            errors["ends_at"] = [TOO_LONG]
    if appointment.order_id is not None and appointment.order.customer_id != appointment.customer_id:
        errors["order"] = [ORDER_OF_ANOTHER_CUSTOMER]
    designer = appointment.designer
    if not designer.is_active or designer.role not in Role.values:
        errors["designer"] = [DESIGNER_INACTIVE]
    if errors:
        raise ValidationError(errors)


def designer_calendars_ensure(*, designer_ids: list[int]) -> None:
    """Create the missing lock rows of these designers, each in a transaction of its own, before
    the booking's transaction starts (the API's views call it). So the booking itself only ever
    locks an existing row by its key: no insert, no gap or duplicate-key locks that two first
    bookings of new designers could deadlock on. A no-op inside a transaction (the lock below
    then creates the row itself)."""
    if connection.in_atomic_block:
        return
    for designer_id in sorted(set(designer_ids)):
        for attempt in range(3):
            try:
                if not DesignerCalendar.objects.filter(designer_id=designer_id).exists():
                    DesignerCalendar.objects.get_or_create(designer_id=designer_id)
                break
            except IntegrityError:  # an unknown or deleted user: the booking's validation says so
                break
            except OperationalError as error:
                if attempt == 2 or not error.args or error.args[0] not in (LOCK_WAIT_TIMEOUT, DEADLOCK):
                    raise


def designer_calendars_lock(*, designer_ids: list[int]) -> None:
    """Hold the booking lock of each designer until the transaction ends, in designer-id order.

    The row is locked by its key (SELECT … FOR UPDATE). When it is missing (a designer's first
    booking from the admin or the shell, outside the API's designer_calendars_ensure), one upsert
    creates and locks it: on MariaDB/MySQL `INSERT … ON DUPLICATE KEY UPDATE` takes the row's
    exclusive lock whether it inserts or updates (not a shared lock first that two waiters would
    both hold and both try to upgrade, as get_or_create followed by select_for_update would).
    """
    target = ["designer"] if connection.features.supports_update_conflicts_with_target else None
    now = timezone.now()
    for designer_id in sorted(set(designer_ids)):
        if list(DesignerCalendar.objects.select_for_update().filter(designer_id=designer_id).values_list("pk")):
            continue
        DesignerCalendar.objects.bulk_create(
            [DesignerCalendar(designer_id=designer_id, locked_at=now)],
            update_conflicts=True,
            update_fields=["locked_at"],
            unique_fields=target,
        )


def _refuse_overlap(*, appointment: Appointment) -> None:
    """409 listing the designer's scheduled appointments that overlap this one (held: the lock)."""
    if appointment.status != AppointmentStatus.SCHEDULED:
        return
    clashes = (
        Appointment.objects.filter(
            designer_id=appointment.designer_id,
            status=AppointmentStatus.SCHEDULED,
            starts_at__lt=appointment.ends_at,
            ends_at__gt=appointment.starts_at,
        )
        .exclude(pk=appointment.pk)
        .order_by("starts_at", "id")
        .values_list("id", flat=True)
    )
    conflicts = list(clashes)
    if conflicts:
        raise Conflict("The designer already has an appointment at this time.", code=OVERLAP_CODE, conflicts=conflicts)


def _refuse_unless_scheduled(appointment: Appointment) -> None:
    if appointment.status != AppointmentStatus.SCHEDULED:
        raise Conflict(
            f"This appointment is {appointment.get_status_display().lower()}; only a scheduled one can change.",
            code=NOT_SCHEDULED_CODE,
        )


@transaction.atomic
def appointment_create(
    *,
    actor: User | None,
    customer: Customer,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    designer: User | None = None,
    order: Order | None = None,
    notes: str = "",
    location: str = "",
) -> Appointment:
    """Book an appointment (default designer: the actor) once the designer's calendar is locked
    and free at that time; history row and `appointment.scheduled` event in the same transaction."""
    designer = designer if designer is not None else actor
    if designer is None:
        raise ValidationError({"designer": ["This field is required."]})
    appointment = Appointment(
        customer=customer,
        order=order,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        designer=designer,
        notes=notes,
        location=location,
        created_by=actor,
        updated_by=actor,
    )
    _validate(appointment=appointment)
    designer_calendars_lock(designer_ids=[designer.pk])
    _refuse_overlap(appointment=appointment)
    appointment.full_clean(exclude=["customer", "order", "designer", "created_by", "updated_by"])
    appointment.save()
    change_record(appointment)
    AppointmentStatusChange.objects.create(
        appointment=appointment, from_status="", to_status=appointment.status, changed_by=actor
    )
    event_record(type=EventType.APPOINTMENT_SCHEDULED, data=_event_data(appointment), actor=actor, subject=appointment)
    return appointment


def _lock(appointment: Appointment) -> Appointment:
    # No select_related: on MariaDB/MySQL FOR UPDATE locks every joined row, and an exclusive lock
    # on the designer's user row would deadlock with the foreign-key checks of other writers.
    return Appointment.objects.select_for_update().get(pk=appointment.pk)


@transaction.atomic
def appointment_update(
    *,
    actor: User | None,
    appointment: Appointment,
    customer: Customer | Keep = KEEP,
    order: Order | None | Keep = KEEP,
    kind: str | Keep = KEEP,
    starts_at: datetime | Keep = KEEP,
    ends_at: datetime | Keep = KEEP,
    designer: User | Keep = KEEP,
    notes: str | Keep = KEEP,
    location: str | Keep = KEEP,
    if_match: str | None = None,
) -> Appointment:
    """Change the given fields of a scheduled appointment (409 otherwise). A new time or designer
    is checked for overlaps under the calendars' locks (the old and the new designer's); a new
    start time records `appointment.rescheduled` with `previous_starts_at`."""
    appointment = _lock(appointment)
    if_match_check(instance=appointment, if_match=if_match)
    _refuse_unless_scheduled(appointment)
    previous_designer_id = appointment.designer_id
    previous_starts_at = appointment.starts_at
    previous_ends_at = appointment.ends_at
    given = {
        "customer": customer,
        "order": order,
        "kind": kind,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "designer": designer,
        "notes": notes,
        "location": location,
    }
    changed = model_update(instance=appointment, fields=APPOINTMENT_FIELDS, data=given, save=False)
    _validate(appointment=appointment)
    moved = (
        appointment.designer_id != previous_designer_id
        or appointment.starts_at != previous_starts_at
        or appointment.ends_at != previous_ends_at
    )
    if moved:
        designer_calendars_lock(designer_ids=[previous_designer_id, appointment.designer_id])
        _refuse_overlap(appointment=appointment)
    appointment.full_clean(exclude=["customer", "order", "designer", "created_by", "updated_by"])
    appointment.save(update_fields=[*changed, *audit_fields(instance=appointment, actor=actor)])
    change_record(appointment)
    if appointment.starts_at != previous_starts_at:
        event_record(
            type=EventType.APPOINTMENT_RESCHEDULED,
            data=_event_data(appointment, previous_starts_at=previous_starts_at),
            actor=actor,
            subject=appointment,
        )
    return appointment


@transaction.atomic
def appointment_set_status(*, actor: User | None, appointment: Appointment, status: str, note: str = "") -> Appointment:
    """Move a scheduled appointment to completed, cancelled or no_show (ALLOWED_TRANSITIONS),
    with its history row; a cancellation records `appointment.cancelled`. Anything else → 409
    with the allowed next statuses."""
    appointment = _lock(appointment)
    allowed = [str(choice) for choice in ALLOWED_TRANSITIONS[appointment.status]]
    if status not in allowed:
        raise InvalidTransition(
            f"An appointment that is {appointment.get_status_display().lower()} cannot become {status}.",
            code=TRANSITION_CODE,
            allowed=allowed,
        )
    previous = appointment.status
    appointment.status = status
    appointment.save(update_fields=["status", *audit_fields(instance=appointment, actor=actor)])
    change_record(appointment)
    AppointmentStatusChange.objects.create(
        appointment=appointment, from_status=previous, to_status=status, note=note, changed_by=actor
    )
    if status == AppointmentStatus.CANCELLED:
        event_record(
            type=EventType.APPOINTMENT_CANCELLED,
            data=_event_data(appointment, note=note),
            actor=actor,
            subject=appointment,
        )
    return appointment


@transaction.atomic
def appointment_cancel(*, actor: User | None, appointment: Appointment, note: str = "") -> Appointment:
    """DELETE of an appointment: a scheduled one is cancelled (and kept); any other → 409."""
    appointment = _lock(appointment)
    _refuse_unless_scheduled(appointment)
    return appointment_set_status(actor=actor, appointment=appointment, status=AppointmentStatus.CANCELLED, note=note)


@transaction.atomic
def appointment_reminder_mark_sent(*, appointment: Appointment, start: datetime) -> bool:
    """Record that the customer was reminded of the appointment starting at `start`.

    Returns False (and writes nothing) when the appointment has moved since (its start is no
    longer `start`) or was already reminded of that start: the caller then sends nothing.
    A guarded UPDATE, so two workers marking the same reminder cannot both succeed.
    """
    updated = (
        Appointment.objects.filter(pk=appointment.pk, starts_at=start)
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=start))
        .update(reminded_for=start)
    )
    if updated:
        appointment.reminded_for = start
    return bool(updated)
