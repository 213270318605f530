"""Reads of appointments: the lists (ids of related rows only: no joins), today's for the
dashboard, and the appointments due for a reminder (the messaging worker's trigger)."""

from datetime import datetime, timedelta

from django.db.models import Count, F, Q, QuerySet, Window
from django.utils import timezone

from appointments.models import Appointment, AppointmentStatus, AppointmentStatusChange

DASHBOARD_LIST_LIMIT = 10


def appointment_list() -> QuerySet[Appointment]:
    """Earliest first (the model's ordering)."""
    return Appointment.objects.all()


def appointment_history(*, appointment: Appointment) -> QuerySet[AppointmentStatusChange]:
    return appointment.status_changes.all()


def _today_bounds() -> tuple[datetime, datetime]:
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    return start, start + timedelta(days=1)


def appointments_today() -> dict:
    """The dashboard's `appointments_today`: scheduled ones starting today in TIME_ZONE, how many,
    and the first ten, earliest first. One query: the count is a window over all of today's rows,
    computed before the LIMIT."""
    start, end = _today_bounds()
    first = list(
        appointment_list()
        .filter(status=AppointmentStatus.SCHEDULED, starts_at__gte=start, starts_at__lt=end)
        .annotate(total_today=Window(Count("id")))
        .order_by("starts_at", "id")[:DASHBOARD_LIST_LIMIT]
    )
    return {"count": first[0].total_today if first else 0, "appointments": first}


def appointments_due_for_reminder(*, now: datetime, lead: timedelta) -> QuerySet[Appointment]:
    """Scheduled appointments starting from `now` to `now + lead` whose customer has not been
    reminded of their current start time (never, or of another time before a reschedule).

    The messaging worker sends one reminder for each and then calls
    appointments.services.appointment_reminder_mark_sent(appointment=, start=starts_at).
    An appointment booked closer than `lead` to its start is due at once.
    """
    return (
        Appointment.objects.filter(
            status=AppointmentStatus.SCHEDULED,
            starts_at__gte=now,
            starts_at__lte=now + lead,
        )
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("starts_at")))
        .select_related("customer", "order", "designer")
        .order_by("starts_at", "id")
    )
