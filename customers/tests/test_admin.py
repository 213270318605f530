import pytest
from django.test import Client

from accounts.models import User
from customers.models import Customer, Measurement
from customers.services import EMAIL_TAKEN
from customers.tests.factories import CustomerFactory, MeasurementFactory
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

# The read-only measurements inline still posts its (empty) management form.
INLINE_MANAGEMENT = {"measurements-TOTAL_FORMS": "0", "measurements-INITIAL_FORMS": "0"}


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


def test_adding_a_customer_in_the_admin_goes_through_the_service(admin_client_):
    response = admin_client_.post(
        "/admin/customers/customer/add/", {"name": "Kemi", "email": " Kemi@Example.com ", **INLINE_MANAGEMENT}
    )

    assert response.status_code == 302
    customer = Customer.objects.get()
    assert (customer.email, customer.email_key) == ("Kemi@Example.com", "kemi@example.com")
    assert customer.created_by.username == "owner"


def test_the_admin_refuses_a_taken_email_as_a_form_error(admin_client_):
    CustomerFactory(email="kemi@example.com")

    response = admin_client_.post(
        "/admin/customers/customer/add/", {"name": "Kemi", "email": "KEMI@example.com", **INLINE_MANAGEMENT}
    )

    assert response.status_code == 200
    assert EMAIL_TAKEN in response.content.decode()
    assert Customer.objects.count() == 1


def test_the_admin_refuses_bad_measurement_values(admin_client_):
    customer = CustomerFactory()

    response = admin_client_.post(
        "/admin/customers/measurement/add/",
        {"customer": customer.pk, "type": "dress", "unit": "cm", "values": '{"bust": -3}', "notes": ""},
    )

    assert response.status_code == 200
    assert "positive number below 1000" in response.content.decode()
    assert not Measurement.objects.exists()


def test_adding_a_measurement_in_the_admin(admin_client_):
    customer = CustomerFactory()

    response = admin_client_.post(
        "/admin/customers/measurement/add/",
        {"customer": customer.pk, "type": "dress", "unit": "cm", "values": '{" bust ": 90}', "notes": ""},
    )

    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.values == {"bust": 90}
    assert measurement.created_by.username == "owner"


def test_changing_a_customer_in_the_admin_records_who(admin_client_):
    customer = CustomerFactory(name="Kemi")

    response = admin_client_.post(
        f"/admin/customers/customer/{customer.pk}/change/", {"name": "Kemi A.", "email": "", **INLINE_MANAGEMENT}
    )

    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.name, customer.email_key, customer.updated_by.username) == ("Kemi A.", None, "owner")


def test_the_admin_keeps_a_customer_with_orders(admin_client_):
    customer = CustomerFactory()
    OrderFactory(customer=customer)

    response = admin_client_.post(f"/admin/customers/customer/{customer.pk}/delete/", {"post": "yes"})

    assert response.status_code == 200
    assert Customer.objects.filter(pk=customer.pk).exists()


def test_the_admin_deletes_a_customer_without_orders(admin_client_):
    customer = CustomerFactory()

    response = admin_client_.post(f"/admin/customers/customer/{customer.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Customer.objects.exists()


def test_the_admin_shows_the_services_refusal_on_the_field_and_writes_nothing(admin_client_):
    # The form restates no rule: the refusal is customer_update's own, shown on the field.
    CustomerFactory(email="kemi@example.com")
    customer = CustomerFactory(name="Kemi A.", email="")

    response = admin_client_.post(
        f"/admin/customers/customer/{customer.pk}/change/",
        {"name": "Kemi Adeyemi", "email": "Kemi@Example.com", **INLINE_MANAGEMENT},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == [EMAIL_TAKEN]
    customer.refresh_from_db()
    assert (customer.name, customer.email) == ("Kemi A.", "")


def test_a_bulk_delete_including_a_customer_with_orders_deletes_none(admin_client_):
    free = CustomerFactory()
    with_orders = CustomerFactory()
    OrderFactory(customer=with_orders)

    response = admin_client_.post(
        "/admin/customers/customer/",
        {"action": "delete_selected", "_selected_action": [free.pk, with_orders.pk], "post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert Customer.objects.filter(pk__in=[free.pk, with_orders.pk]).count() == 2
