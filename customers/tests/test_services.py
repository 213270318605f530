import pytest
from django.core.exceptions import ValidationError

from common.exceptions import Conflict
from customers import services
from customers.models import Customer, Measurement
from customers.tests.factories import CustomerFactory
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_customer_create_records_the_author_and_the_email_key(lead):
    customer = services.customer_create(actor=lead, name="Ngozi", email="  Ngozi@Example.COM ")

    customer.refresh_from_db()
    assert customer.email == "Ngozi@Example.COM"
    assert customer.email_key == "ngozi@example.com"
    assert customer.created_by == lead
    assert customer.updated_by == lead


def test_customers_without_email_do_not_collide(lead):
    services.customer_create(actor=lead, name="A")
    services.customer_create(actor=lead, name="B", email="")

    assert Customer.objects.filter(email_key__isnull=True).count() == 2


def test_customer_create_refuses_an_email_taken_in_another_case(lead, customer):
    with pytest.raises(ValidationError) as error:
        services.customer_create(actor=lead, name="Someone else", email="ADAEZE@example.com")

    assert error.value.message_dict == {"email": [services.EMAIL_TAKEN]}
    assert Customer.objects.count() == 1


def test_customer_create_refuses_a_blank_name(lead):
    with pytest.raises(ValidationError) as error:
        services.customer_create(actor=lead, name="")

    assert "name" in error.value.message_dict
    assert not Customer.objects.exists()


def test_customer_update_keeps_own_email_in_another_case(lead, junior, customer):
    services.customer_update(actor=junior, customer=customer, email="adaeze@example.com")

    customer.refresh_from_db()
    assert customer.email == "adaeze@example.com"
    assert customer.updated_by == junior
    assert customer.created_by == lead


def test_customer_update_refuses_another_customers_email(lead, customer):
    other = services.customer_create(actor=lead, name="Bisi", email="bisi@example.com")

    with pytest.raises(ValidationError):
        services.customer_update(actor=lead, customer=other, email="adaeze@EXAMPLE.com")

    other.refresh_from_db()
    assert other.email == "bisi@example.com"


def test_customer_update_refuses_unknown_fields(lead, customer):
    with pytest.raises(TypeError):
        services.customer_update(actor=lead, customer=customer, email_key="x")


def test_customer_delete_removes_the_customer_and_their_measurements(lead, customer, measurement):
    services.customer_delete(actor=lead, customer=customer)

    assert not Customer.objects.filter(pk=customer.pk).exists()
    assert not Measurement.objects.filter(pk=measurement.pk).exists()


def test_customer_delete_refuses_a_customer_with_orders(lead, customer):
    OrderFactory.create_batch(2, customer=customer)

    with pytest.raises(Conflict) as error:
        services.customer_delete(actor=lead, customer=customer)

    assert error.value.extra == {"order_count": 2}
    assert Customer.objects.filter(pk=customer.pk).exists()


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
