"""No double booking under real concurrency: threads against MariaDB (skipped on SQLite)."""

from datetime import timedelta

import pytest

from accounts.tests.factories import LeadFactory
from appointments import services
from appointments.models import Appointment, AppointmentStatus, DesignerCalendar
from appointments.tests.conftest import at, book
from conftest import client_for
from customers.tests.factories import CustomerFactory
from events.models import Event
from events.types import EventType
from orders.tests.test_concurrency import run_together

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.mariadb]

URL = "/api/v1/appointments/"
THREADS = 20


def _slot(customer, start: str = "2030-03-04T10:00:00Z", end: str = "2030-03-04T11:00:00Z", **fields) -> dict:
    return {"customer": customer.pk, "kind": "fitting", "starts_at": start, "ends_at": end, **fields}


def test_twenty_bookings_of_one_new_designers_slot_let_exactly_one_through(mariadb_only):
    """The designer has never been booked: the lock row itself is created in the race."""
    lead = LeadFactory()
    customer = CustomerFactory()
    clients = [client_for(lead) for _ in range(THREADS)]

    responses = run_together([lambda c=c: c.post(URL, _slot(customer), format="json") for c in clients])

    codes = sorted(response.status_code for response in responses)
    assert codes == [201] + [409] * (THREADS - 1), [getattr(r, "data", r) for r in responses]
    winner = next(response for response in responses if response.status_code == 201)
    for response in responses:
        if response.status_code == 409:
            assert response.data["code"] == services.OVERLAP_CODE
            assert response.data["conflicts"] == [winner.data["id"]]
    assert Appointment.objects.count() == 1
    assert Event.objects.filter(type=EventType.APPOINTMENT_SCHEDULED).count() == 1
    assert DesignerCalendar.objects.filter(designer=lead).count() == 1


def test_overlapping_but_different_slots_of_one_designer_let_exactly_one_through(mariadb_only):
    lead = LeadFactory()
    customer = CustomerFactory()
    book(lead, customer, at(8))  # the lock row exists already
    slots = [
        _slot(customer, f"2030-03-04T10:{minute:02d}:00Z", f"2030-03-04T11:{minute:02d}:00Z")
        for minute in range(0, 60, 3)
    ]
    clients = [client_for(lead) for _ in slots]

    responses = run_together([lambda c=c, s=s: c.post(URL, s, format="json") for c, s in zip(clients, slots)])

    assert sorted(r.status_code for r in responses) == [201] + [409] * (len(slots) - 1)
    assert Appointment.objects.filter(starts_at__gte=at(10)).count() == 1


def test_bookings_of_different_designers_do_not_wait_for_each_other(mariadb_only):
    customer = CustomerFactory()
    designers = [LeadFactory() for _ in range(10)]

    responses = run_together([lambda d=d: client_for(d).post(URL, _slot(customer), format="json") for d in designers])

    assert [r.status_code for r in responses] == [201] * 10


def test_reschedules_onto_one_free_slot_let_exactly_one_through(mariadb_only):
    lead = LeadFactory()
    customer = CustomerFactory()
    booked = [book(lead, customer, at(8) + timedelta(days=n)) for n in range(10)]

    def move(appointment):
        return lambda: services.appointment_update(
            actor=lead, appointment=appointment, starts_at=at(14), ends_at=at(15)
        )

    results = run_together([move(appointment) for appointment in booked])

    moved = [result for result in results if isinstance(result, Appointment)]
    refused = [result for result in results if not isinstance(result, Appointment)]
    assert len(moved) == 1, results
    assert all(getattr(error, "extra", {}).get("code") == services.OVERLAP_CODE for error in refused), refused
    assert Appointment.objects.filter(starts_at=at(14), status=AppointmentStatus.SCHEDULED).count() == 1


def test_designer_swaps_in_opposite_directions_do_not_deadlock(mariadb_only):
    customer = CustomerFactory()
    first, second = LeadFactory(), LeadFactory()
    ones = [book(first, customer, at(8) + timedelta(days=n)) for n in range(5)]
    twos = [book(second, customer, at(8) + timedelta(days=n, hours=3)) for n in range(5)]

    def hand(appointment, to):
        return lambda: services.appointment_update(actor=to, appointment=appointment, designer=to)

    results = run_together([hand(a, second) for a in ones] + [hand(a, first) for a in twos])

    assert all(isinstance(result, Appointment) for result in results), results
