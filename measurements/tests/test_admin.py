import pytest
from django.test import Client

from accounts.models import User
from customers.tests.factories import CustomerFactory
from measurements.models import Measurement
from measurements.services import ORDER_OF_ANOTHER_CUSTOMER
from measurements.tests.factories import MeasurementFactory
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("owner", "owner@studio.test", "x"))
    return client


def test_customer_list_shows_the_number_of_orders(admin_client_, django_assert_max_num_queries):
    customer = CustomerFactory(name="Zainab")
    OrderFactory.create_batch(3, customer=customer)
    CustomerFactory.create_batch(10)

    with django_assert_max_num_queries(8):
        response = admin_client_.get("/admin/customers/customer/", {"q": "Zainab"})

    assert response.status_code == 200
    assert response.context["cl"].result_list[0].order_count == 3


def test_customer_page_shows_measurements(admin_client_):
    measurement = MeasurementFactory()

    response = admin_client_.get(f"/admin/customers/customer/{measurement.customer.pk}/change/")

    assert response.status_code == 200
    assert "bust" in response.content.decode()


def test_the_admin_refuses_bad_measurement_values(admin_client_):
    customer = CustomerFactory()

    response = admin_client_.post(
        "/admin/measurements/measurement/add/",
        {"customer": customer.pk, "type": "dress", "unit": "cm", "values": '{"bust": -3}', "notes": ""},
    )

    assert response.status_code == 200
    assert "positive number below 1000" in response.content.decode()
    assert not Measurement.objects.exists()


def test_adding_a_measurement_in_the_admin(admin_client_):
    customer = CustomerFactory()

    response = admin_client_.post(
        "/admin/measurements/measurement/add/",
        {"customer": customer.pk, "type": "dress", "unit": "cm", "values": '{" bust ": 90}', "notes": ""},
    )

    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.values == {"bust": 90}
    assert measurement.created_by.username == "owner"


def test_the_admin_refuses_an_order_of_another_customer_as_a_form_error(admin_client_):
    # The form restates no rule: the refusal is measurement_create's own, shown on the field.
    customer = CustomerFactory()
    order = OrderFactory()

    response = admin_client_.post(
        "/admin/measurements/measurement/add/",
        {"customer": customer.pk, "order": order.pk, "type": "dress", "unit": "cm", "values": '{"bust": 90}'},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["order"] == [ORDER_OF_ANOTHER_CUSTOMER]
    assert not Measurement.objects.exists()


def test_changing_a_measurement_to_an_order_of_another_customer_changes_nothing(admin_client_):
    measurement = MeasurementFactory(notes="")
    order = OrderFactory()

    response = admin_client_.post(
        f"/admin/measurements/measurement/{measurement.pk}/change/",
        {
            "customer": measurement.customer.pk,
            "order": order.pk,
            "type": "dress",
            "unit": "cm",
            "values": '{"bust": 90}',
            "notes": "changed",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["order"] == [ORDER_OF_ANOTHER_CUSTOMER]
    measurement.refresh_from_db()
    assert (measurement.order, measurement.notes) == (None, "")


def test_the_admin_deletes_a_measurement_through_the_service(admin_client_):
    measurement = MeasurementFactory()

    response = admin_client_.post(f"/admin/measurements/measurement/{measurement.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Measurement.objects.exists()
