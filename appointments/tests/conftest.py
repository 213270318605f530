from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from appointments import services
from appointments.models import Appointment, AppointmentKind
from customers.tests.factories import CustomerFactory

UTC = ZoneInfo("UTC")
# A Monday at 10:00 UTC, far enough ahead for every test.
TEN = datetime(2030, 3, 4, 10, 0, tzinfo=UTC)


def at(hour: int, minute: int = 0) -> datetime:
    return TEN.replace(hour=hour, minute=minute)


@pytest.fixture
def customer(db):
    return CustomerFactory()


@pytest.fixture
def appointment(lead, customer) -> Appointment:
    """The lead's fitting, 10:00–11:00."""
    return services.appointment_create(
        actor=lead, customer=customer, kind=AppointmentKind.FITTING, starts_at=at(10), ends_at=at(11)
    )


def book(actor, customer, start, end=None, **fields) -> Appointment:
    return services.appointment_create(
        actor=actor,
        customer=customer,
        kind=fields.pop("kind", AppointmentKind.FITTING),
        starts_at=start,
        ends_at=end or start + timedelta(hours=1),
        **fields,
    )
