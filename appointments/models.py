from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from common.models import AuditedModel

# An appointment lasts more than nothing and at most this long (calendar.md).
MAX_DURATION = timedelta(hours=8)


class AppointmentKind(models.TextChoices):
    CONSULTATION = "consultation", "Consultation"
    MEASUREMENT = "measurement", "Measuring session"
    FITTING = "fitting", "Fitting"
    PICKUP = "pickup", "Pick-up"
    ALTERATION = "alteration", "Alteration"


# The kinds a junior designer may book (with themselves as designer).
JUNIOR_KINDS = [AppointmentKind.MEASUREMENT, AppointmentKind.FITTING]


class AppointmentStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"
    NO_SHOW = "no_show", "No show"


# The workflow: which status may follow which. Enforced by appointments.services only.
ALLOWED_TRANSITIONS: dict[str, list[str]] = {
    AppointmentStatus.SCHEDULED: [AppointmentStatus.COMPLETED, AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW],
    AppointmentStatus.COMPLETED: [],
    AppointmentStatus.CANCELLED: [],
    AppointmentStatus.NO_SHOW: [],
}


class DesignerCalendar(models.Model):
    """One row per designer who has ever been booked: the lock that serialises their bookings.

    appointments.services upserts it (INSERT … ON DUPLICATE KEY UPDATE on MariaDB/MySQL, ON
    CONFLICT DO UPDATE on SQLite), which creates it when missing and takes its exclusive row lock
    in one statement, then checks for overlaps. Two bookings of one designer, on any app server,
    therefore run one after the other; nothing else ever locks or references this row.
    """

    designer = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    locked_at = models.DateTimeField(default=timezone.now, help_text="When a booking last held the lock.")

    class Meta:
        verbose_name = "designer calendar lock"

    def __str__(self) -> str:
        return f"Calendar of user {self.designer_id}"


class Appointment(AuditedModel):
    """A consultation, measuring session, fitting, pick-up or alteration: one customer, one designer."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE, related_name="appointments")
    order = models.ForeignKey(
        "orders.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments"
    )
    kind = models.CharField(max_length=20, choices=AppointmentKind.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    designer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments")
    status = models.CharField(
        max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.SCHEDULED, editable=False
    )
    notes = models.TextField(blank=True)
    location = models.CharField(max_length=200, blank=True)
    # The start time the customer was last reminded of (appointments.services.appointment_reminder_mark_sent):
    # reminded once per start time, so a reschedule (even back and forth) is reminded of its new time.
    reminded_for = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="appointment_ends_after_start"),
        ]
        indexes = [
            models.Index(fields=["designer", "status", "starts_at"], name="appointment_designer_idx"),
            models.Index(fields=["status", "starts_at"], name="appointment_status_start_idx"),
            models.Index(fields=["starts_at"], name="appointment_starts_at_idx"),
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at) if self.starts_at else None
        when = f" on {start:%d %b %Y %H:%M}" if start else ""
        return f"{self.get_kind_display()}{when}"


class AppointmentStatusChange(models.Model):
    """An appointment's history: its creation (from_status empty) and every status change."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=AppointmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=AppointmentStatus.choices)
    note = models.CharField(max_length=500, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"
