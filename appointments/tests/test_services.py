from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from accounts.tests.factories import LeadFactory, UserFactory
from appointments import services
from appointments.models import Appointment, AppointmentStatus, AppointmentStatusChange, DesignerCalendar
from appointments.serializers import appointment_representation
from appointments.tests.conftest import at, book
from common.exceptions import Conflict
from customers.tests.factories import CustomerFactory
from events.models import Event
from events.types import EventType
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_create_books_the_actor_by_default_with_its_history_row(lead, customer):
    appointment = book(lead, customer, at(10))

    assert appointment.designer == lead
    assert appointment.status == AppointmentStatus.SCHEDULED
    assert appointment.created_by == lead
    change = AppointmentStatusChange.objects.get(appointment=appointment)
    assert (change.from_status, change.to_status) == ("", AppointmentStatus.SCHEDULED)


def test_create_records_the_scheduled_event_with_the_appointment_as_shown(lead, customer):
    appointment = book(lead, customer, at(10))

    event = Event.objects.get(type=EventType.APPOINTMENT_SCHEDULED)
    assert event.data == appointment_representation(appointment)
    assert (event.subject_type, event.subject_id, event.actor_id) == (
        "appointments.appointment",
        appointment.pk,
        lead.pk,
    )


def test_an_overlapping_booking_is_refused_with_the_conflicting_ids(lead, customer, appointment):
    with pytest.raises(Conflict) as refused:
        book(lead, customer, at(10, 30))

    assert refused.value.extra == {"code": services.OVERLAP_CODE, "conflicts": [appointment.pk]}
    assert Appointment.objects.count() == 1
    assert Event.objects.filter(type=EventType.APPOINTMENT_SCHEDULED).count() == 1


def test_a_booking_that_encloses_another_is_refused(lead, customer, appointment):
    with pytest.raises(Conflict):
        book(lead, customer, at(9), at(12))


def test_back_to_back_appointments_do_not_overlap(lead, customer, appointment):
    before = book(lead, customer, at(9), at(10))
    after = book(lead, customer, at(11), at(12))

    assert before.pk and after.pk


def test_another_designer_is_free_at_the_same_time(lead, customer, appointment):
    other = book(lead, customer, at(10), designer=LeadFactory())

    assert other.pk


def test_a_cancelled_appointment_frees_its_time(lead, customer, appointment):
    services.appointment_set_status(actor=lead, appointment=appointment, status=AppointmentStatus.CANCELLED)

    assert book(lead, customer, at(10)).pk


def test_the_lock_row_is_created_once_per_designer(lead, customer):
    book(lead, customer, at(10))
    book(lead, customer, at(12))

    assert DesignerCalendar.objects.filter(designer=lead).count() == 1


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (at(10), at(10), "ends_at"),
        (at(11), at(10), "ends_at"),
        (at(8), at(16, 1), "ends_at"),
        (datetime(2030, 3, 4, 10), datetime(2030, 3, 4, 11), "starts_at"),
    ],
)
def test_bad_times_are_refused_naming_the_field(lead, customer, start, end, field):
    with pytest.raises(ValidationError) as refused:
        book(lead, customer, start, end)

    assert field in refused.value.message_dict
    assert not Appointment.objects.exists()


def test_eight_hours_is_allowed(lead, customer):
    assert book(lead, customer, at(8), at(16)).pk


def test_an_order_of_another_customer_is_refused(lead, customer):
    with pytest.raises(ValidationError) as refused:
        book(lead, customer, at(10), order=OrderFactory(customer=CustomerFactory()))

    assert refused.value.message_dict == {"order": [services.ORDER_OF_ANOTHER_CUSTOMER]}


def test_an_inactive_designer_is_refused(lead, customer):
    with pytest.raises(ValidationError) as refused:
        book(lead, customer, at(10), designer=UserFactory(is_active=False))

    assert refused.value.message_dict == {"designer": [services.DESIGNER_INACTIVE]}


def test_reschedule_records_the_previous_start(lead, customer, appointment):
    moved = services.appointment_update(actor=lead, appointment=appointment, starts_at=at(14), ends_at=at(15))

    assert (moved.starts_at, moved.ends_at) == (at(14), at(15))
    event = Event.objects.get(type=EventType.APPOINTMENT_RESCHEDULED)
    assert event.data["previous_starts_at"] == "2030-03-04T10:00:00Z"
    assert event.data["starts_at"] == "2030-03-04T14:00:00Z"


def test_a_change_of_notes_only_is_no_reschedule(lead, customer, appointment):
    services.appointment_update(actor=lead, appointment=appointment, notes="Bring the shoes")

    appointment.refresh_from_db()
    assert appointment.notes == "Bring the shoes"
    assert not Event.objects.filter(type=EventType.APPOINTMENT_RESCHEDULED).exists()


def test_an_appointment_may_be_stretched_over_its_own_time(lead, customer, appointment):
    moved = services.appointment_update(actor=lead, appointment=appointment, ends_at=at(11, 30))

    assert moved.ends_at == at(11, 30)


def test_a_reschedule_onto_another_appointment_is_refused(lead, customer, appointment):
    other = book(lead, customer, at(12))

    with pytest.raises(Conflict) as refused:
        services.appointment_update(actor=lead, appointment=other, starts_at=at(10, 30), ends_at=at(11, 30))

    assert refused.value.extra["conflicts"] == [appointment.pk]
    other.refresh_from_db()
    assert other.starts_at == at(12)


def test_a_change_of_designer_onto_a_busy_one_is_refused(lead, customer, appointment):
    busy = LeadFactory()
    book(lead, customer, at(10), designer=busy)

    with pytest.raises(Conflict):
        services.appointment_update(actor=lead, appointment=appointment, designer=busy)

    appointment.refresh_from_db()
    assert appointment.designer == lead


@pytest.mark.parametrize(
    "status", [AppointmentStatus.COMPLETED, AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW]
)
def test_a_scheduled_appointment_moves_to_each_end_status(lead, appointment, status):
    done = services.appointment_set_status(actor=lead, appointment=appointment, status=status, note="ok")

    assert done.status == status
    last = AppointmentStatusChange.objects.filter(appointment=appointment).last()
    assert (last.from_status, last.to_status, last.note) == (AppointmentStatus.SCHEDULED, status, "ok")


def test_an_ended_appointment_refuses_every_transition_and_lists_none(lead, appointment):
    services.appointment_set_status(actor=lead, appointment=appointment, status=AppointmentStatus.COMPLETED)

    with pytest.raises(services.InvalidTransition) as refused:
        services.appointment_set_status(actor=lead, appointment=appointment, status=AppointmentStatus.CANCELLED)

    assert refused.value.extra["allowed"] == []


def test_a_scheduled_appointment_cannot_become_scheduled(lead, appointment):
    with pytest.raises(services.InvalidTransition) as refused:
        services.appointment_set_status(actor=lead, appointment=appointment, status=AppointmentStatus.SCHEDULED)

    assert refused.value.extra["allowed"] == ["completed", "cancelled", "no_show"]


def test_cancel_records_the_cancelled_event(lead, appointment):
    services.appointment_cancel(actor=lead, appointment=appointment)

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    event = Event.objects.get(type=EventType.APPOINTMENT_CANCELLED)
    assert event.data["status"] == "cancelled"
    assert event.subject_id == appointment.pk


def test_only_a_scheduled_appointment_can_change_or_be_cancelled(lead, appointment):
    services.appointment_set_status(actor=lead, appointment=appointment, status=AppointmentStatus.NO_SHOW)

    with pytest.raises(Conflict) as refused:
        services.appointment_update(actor=lead, appointment=appointment, notes="late")
    assert refused.value.extra == {"code": services.NOT_SCHEDULED_CODE}
    with pytest.raises(Conflict):
        services.appointment_cancel(actor=lead, appointment=appointment)


def test_reminder_mark_sent_is_once_per_start_time(appointment):
    assert services.appointment_reminder_mark_sent(appointment=appointment, start=appointment.starts_at) is True
    assert services.appointment_reminder_mark_sent(appointment=appointment, start=appointment.starts_at) is False

    appointment.refresh_from_db()
    assert appointment.reminded_for == at(10)


def test_reminder_mark_sent_refuses_a_start_the_appointment_no_longer_has(appointment):
    assert services.appointment_reminder_mark_sent(appointment=appointment, start=at(9)) is False

    appointment.refresh_from_db()
    assert appointment.reminded_for is None


def test_the_designer_defaults_to_the_actor_only_when_there_is_one(customer):
    with pytest.raises(ValidationError) as refused:
        book(None, customer, at(10))

    assert "designer" in refused.value.message_dict


def test_reschedule_keeps_ends_after_start(lead, appointment):
    with pytest.raises(ValidationError):
        services.appointment_update(actor=lead, appointment=appointment, starts_at=at(11) + timedelta(minutes=1))


@pytest.mark.django_db(transaction=True)
def test_calendars_ensure_creates_the_missing_lock_rows_once(lead):
    other = LeadFactory()

    services.designer_calendars_ensure(designer_ids=[other.pk, lead.pk, other.pk])
    services.designer_calendars_ensure(designer_ids=[lead.pk])

    assert sorted(DesignerCalendar.objects.values_list("designer_id", flat=True)) == sorted([lead.pk, other.pk])


@pytest.mark.django_db(transaction=True)
def test_calendars_ensure_ignores_an_unknown_user():
    services.designer_calendars_ensure(designer_ids=[999999])

    assert not DesignerCalendar.objects.exists()


def test_calendars_ensure_does_nothing_inside_a_transaction(lead):
    services.designer_calendars_ensure(designer_ids=[lead.pk])

    assert not DesignerCalendar.objects.exists()
