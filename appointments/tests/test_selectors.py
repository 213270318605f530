from datetime import timedelta

import pytest
from django.utils import timezone

from appointments import selectors, services
from appointments.models import AppointmentStatus
from appointments.tests.conftest import at, book

pytestmark = pytest.mark.django_db

DAY = timedelta(hours=24)


def _due(now):
    return list(selectors.appointments_due_for_reminder(now=now, lead=DAY))


def test_an_appointment_within_the_lead_time_is_due(lead, customer, appointment):
    assert _due(at(10) - timedelta(hours=23)) == [appointment]


def test_one_further_away_or_already_begun_is_not(lead, customer, appointment):
    assert _due(at(10) - timedelta(hours=25)) == []
    assert _due(at(10) + timedelta(minutes=1)) == []


def test_one_booked_closer_than_the_lead_time_is_due_at_once(lead, customer):
    now = timezone.now()
    soon = book(lead, customer, now + timedelta(hours=2))

    assert _due(now) == [soon]


def test_once_reminded_it_is_no_longer_due(appointment):
    services.appointment_reminder_mark_sent(appointment=appointment, start=appointment.starts_at)

    assert _due(at(9)) == []


def test_a_reschedule_makes_it_due_again_for_its_new_time(lead, appointment):
    services.appointment_reminder_mark_sent(appointment=appointment, start=appointment.starts_at)
    services.appointment_update(actor=lead, appointment=appointment, starts_at=at(14), ends_at=at(15))

    assert _due(at(9)) == [appointment]
    assert services.appointment_reminder_mark_sent(appointment=appointment, start=at(14)) is True
    assert _due(at(9)) == []


@pytest.mark.parametrize(
    "status", [AppointmentStatus.CANCELLED, AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW]
)
def test_an_appointment_that_is_not_scheduled_is_never_due(lead, appointment, status):
    services.appointment_set_status(actor=lead, appointment=appointment, status=status)

    assert _due(at(9)) == []


def test_appointments_today_counts_scheduled_ones_of_today_and_lists_ten(lead, customer, settings):
    now = timezone.localtime()
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    booked = [
        book(lead, customer, start + timedelta(minutes=30 * n), start + timedelta(minutes=30 * n + 20))
        for n in range(12)
    ]
    services.appointment_set_status(actor=lead, appointment=booked[0], status=AppointmentStatus.CANCELLED)
    book(lead, customer, start + timedelta(days=1, hours=1))

    today = selectors.appointments_today()

    assert today["count"] == 11
    assert today["appointments"] == booked[1:11]
