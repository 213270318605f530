"""Deleting an order clears the links to it of the rows that keep a SET_NULL key to it, as new
versions of those rows (common.services.dependents_detach): their ETag changes, and what was kept
for their old version (common.versions) is not answered."""

import pytest

from appointments.models import Appointment
from appointments.tests.factories import AppointmentFactory
from customers.tests.factories import CustomerFactory
from measurements.models import Measurement
from measurements.tests.factories import MeasurementFactory
from orders import services
from orders.models import Order

pytestmark = pytest.mark.django_db


def test_deleting_an_order_gives_its_measurements_a_new_version(lead_client, lead):
    order = services.order_create(actor=lead, customer=CustomerFactory(), title="Gown")
    measurement = MeasurementFactory(customer=order.customer, order=order)
    kept = lead_client.get(f"/api/v1/measurements/{measurement.pk}/")

    assert lead_client.delete(f"/api/v1/orders/{order.pk}/").status_code == 204
    now = lead_client.get(f"/api/v1/measurements/{measurement.pk}/")

    assert now.json()["order"] is None
    assert now.headers["ETag"] != kept.headers["ETag"]
    assert Measurement.objects.get(pk=measurement.pk).updated_at > measurement.updated_at


def test_deleting_an_order_gives_its_appointments_a_new_version(lead):
    order = services.order_create(actor=lead, customer=CustomerFactory(), title="Gown")
    appointment = AppointmentFactory(customer=order.customer, order=order)

    services.order_delete(actor=lead, order=Order.objects.get(pk=order.pk))

    appointment_now = Appointment.objects.get(pk=appointment.pk)
    assert appointment_now.order_id is None
    assert appointment_now.updated_at > appointment.updated_at
