from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import LeadFactory
from appointments.models import Appointment, AppointmentKind
from customers.tests.factories import CustomerFactory


class AppointmentFactory(factory.django.DjangoModelFactory):
    """An appointment row without the service's checks: use appointments.services where they matter."""

    class Meta:
        model = Appointment

    customer = factory.SubFactory(CustomerFactory)
    designer = factory.SubFactory(LeadFactory)
    kind = AppointmentKind.FITTING
    starts_at = factory.Sequence(lambda n: timezone.now().replace(microsecond=0) + timedelta(days=1, hours=2 * n))
    ends_at = factory.LazyAttribute(lambda appointment: appointment.starts_at + timedelta(hours=1))
