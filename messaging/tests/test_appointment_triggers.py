"""appointment_scheduled (on the event, in the booking's transaction) and appointment_reminder
(timed: APPOINTMENT_REMINDER_HOURS before the start, once per start time)."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.tests.factories import LeadFactory
from appointments import services as appointment_services
from messaging.models import Message
from messaging.triggers import messages_create_due

pytestmark = pytest.mark.django_db


def _book(customer, *, starts_in, order=None, kind="fitting"):
    starts_at = timezone.now().replace(microsecond=0) + starts_in
    return appointment_services.appointment_create(
        actor=LeadFactory(),
        customer=customer,
        order=order,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
    )


def _reminders():
    return Message.objects.filter(trigger="appointment_reminder")


def test_booking_queues_the_scheduled_message_about_the_appointment(templates, email_customer):
    appointment = _book(email_customer, starts_in=timedelta(days=3))

    message = Message.objects.get(trigger="appointment_scheduled")
    assert (message.customer, message.appointment, message.channel, message.status) == (
        email_customer,
        appointment,
        "email",
        "queued",
    )
    assert "your fitting is booked for" in message.body
    assert "{" not in message.body


def test_a_booking_that_rolls_back_queues_nothing(templates, email_customer):
    with pytest.raises(RuntimeError), transaction.atomic():
        _book(email_customer, starts_in=timedelta(days=3))
        raise RuntimeError("the request failed after booking")

    assert not Message.objects.exists()


def test_the_scheduled_message_names_the_kind_as_a_customer_reads_it(templates, email_customer):
    _book(email_customer, starts_in=timedelta(days=3), kind="measurement")

    assert "your measuring session is booked for" in Message.objects.get(trigger="appointment_scheduled").body


def test_an_appointment_far_ahead_is_not_reminded_yet(templates, email_customer):
    _book(email_customer, starts_in=timedelta(days=3))

    assert messages_create_due(now=timezone.now()) == 0
    assert not _reminders().exists()


@override_settings(APPOINTMENT_REMINDER_HOURS=24)
def test_the_reminder_falls_due_reminder_hours_before_the_start(templates, email_customer):
    appointment = _book(email_customer, starts_in=timedelta(days=3))

    assert messages_create_due(now=appointment.starts_at - timedelta(hours=25)) == 0
    assert messages_create_due(now=appointment.starts_at - timedelta(hours=23)) == 1
    reminder = _reminders().get()
    assert (reminder.appointment, reminder.status) == (appointment, "queued")
    appointment.refresh_from_db()
    assert appointment.reminded_for == appointment.starts_at


def test_one_booked_closer_than_the_lead_is_reminded_at_once(templates, email_customer):
    _book(email_customer, starts_in=timedelta(hours=2))

    assert messages_create_due(now=timezone.now()) == 1


def test_a_reminder_is_sent_once_per_start_time(templates, email_customer):
    _book(email_customer, starts_in=timedelta(hours=2))
    messages_create_due(now=timezone.now())

    assert messages_create_due(now=timezone.now()) == 0
    assert _reminders().count() == 1


def test_a_rescheduled_appointment_is_reminded_of_its_new_time(templates, email_customer):
    appointment = _book(email_customer, starts_in=timedelta(hours=2))
    messages_create_due(now=timezone.now())

    appointment_services.appointment_update(
        actor=None,
        appointment=appointment,
        starts_at=appointment.starts_at + timedelta(hours=3),
        ends_at=appointment.ends_at + timedelta(hours=3),
    )

    assert messages_create_due(now=timezone.now()) == 1
    assert _reminders().count() == 2


def test_a_cancelled_appointment_gets_no_reminder(templates, email_customer):
    appointment = _book(email_customer, starts_in=timedelta(hours=2))
    appointment_services.appointment_cancel(actor=None, appointment=appointment)

    assert messages_create_due(now=timezone.now()) == 0


def test_a_reminder_another_worker_took_is_not_queued_again(templates, email_customer):
    appointment = _book(email_customer, starts_in=timedelta(hours=2))
    # The other worker marked it (and queued its message) between this one's read and its claim.
    appointment_services.appointment_reminder_mark_sent(appointment=appointment, start=appointment.starts_at)

    assert messages_create_due(now=timezone.now()) == 0
    assert not _reminders().exists()
