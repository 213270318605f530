import pytest
from django.core.exceptions import ValidationError

from customers import services as customer_services
from customers.models import Customer
from customers.tests.factories import CustomerFactory
from measurements import services
from measurements.models import Measurement
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_customer_delete_removes_the_customer_and_their_measurements(lead, customer, measurement):
    customer_services.customer_delete(actor=lead, customer=customer)

    assert not Customer.objects.filter(pk=customer.pk).exists()
    assert not Measurement.objects.filter(pk=measurement.pk).exists()


def test_measurement_create_stores_trimmed_names_and_numbers_as_given(lead, customer):
    measurement = services.measurement_create(
        actor=lead, customer=customer, type="shirt", unit="in", values={" neck ": 15.5, "sleeve": 25}
    )

    measurement.refresh_from_db()
    assert measurement.values == {"neck": 15.5, "sleeve": 25}
    assert measurement.unit == "in"
    assert (measurement.created_by, measurement.updated_by) == (lead, lead)


def test_measurement_create_defaults_to_centimetres(lead, customer):
    measurement = services.measurement_create(actor=lead, customer=customer, type="dress", values={"bust": 90})

    assert measurement.unit == "cm"


def test_measurement_create_refuses_bad_values(lead, customer):
    with pytest.raises(ValidationError) as error:
        services.measurement_create(actor=lead, customer=customer, type="dress", values={"bust": -1})

    assert list(error.value.message_dict) == ["values"]
    assert not Measurement.objects.exists()


def test_measurement_create_refuses_a_blank_type(lead, customer):
    with pytest.raises(ValidationError) as error:
        services.measurement_create(actor=lead, customer=customer, type="", values={"bust": 90})

    assert "type" in error.value.message_dict


def test_measurement_create_accepts_an_order_of_the_same_customer(lead, customer):
    order = OrderFactory(customer=customer)

    measurement = services.measurement_create(
        actor=lead, customer=customer, order=order, type="dress", values={"bust": 90}
    )

    assert measurement.order == order


def test_measurement_create_refuses_an_order_of_another_customer(lead, customer):
    order = OrderFactory()

    with pytest.raises(ValidationError) as error:
        services.measurement_create(actor=lead, customer=customer, order=order, type="dress", values={"bust": 90})

    assert error.value.message_dict == {"order": [services.ORDER_OF_ANOTHER_CUSTOMER]}
    assert not Measurement.objects.exists()


def test_measurement_update_rechecks_the_order_when_the_customer_changes(lead, customer, measurement):
    order = OrderFactory(customer=customer)
    services.measurement_update(actor=lead, measurement=measurement, order=order)

    with pytest.raises(ValidationError) as error:
        services.measurement_update(actor=lead, measurement=measurement, customer=CustomerFactory())

    assert "order" in error.value.message_dict
    measurement.refresh_from_db()
    assert measurement.customer == customer


def test_measurement_update_records_who_changed_it(lead, junior, measurement):
    services.measurement_update(actor=junior, measurement=measurement, notes="after fitting")

    measurement.refresh_from_db()
    assert measurement.notes == "after fitting"
    assert (measurement.created_by, measurement.updated_by) == (lead, junior)


def test_measurement_delete(lead, measurement):
    services.measurement_delete(actor=lead, measurement=measurement)

    assert not Measurement.objects.exists()
