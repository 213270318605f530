import pytest
from django.test import Client

from accounts.models import User
from customers.models import Customer
from customers.services import EMAIL_TAKEN
from customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

# The customer admin as registered (measurements.admin adds read-only inlines of the customer's
# orders and measurements) posts the inlines' (empty) management forms.
INLINE_MANAGEMENT = {
    "orders-TOTAL_FORMS": "0",
    "orders-INITIAL_FORMS": "0",
    "measurements-TOTAL_FORMS": "0",
    "measurements-INITIAL_FORMS": "0",
}


@pytest.fixture
def admin_client_() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("owner", "owner@studio.test", "x"))
    return client


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


def test_changing_a_customer_in_the_admin_records_who(admin_client_):
    customer = CustomerFactory(name="Kemi")

    response = admin_client_.post(
        f"/admin/customers/customer/{customer.pk}/change/", {"name": "Kemi A.", "email": "", **INLINE_MANAGEMENT}
    )

    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.name, customer.email_key, customer.updated_by.username) == ("Kemi A.", None, "owner")


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


@pytest.mark.parametrize(
    "typed", ["08015550101", "0801 555 0101", "801-555-0101", "+234 801 555 0101", "2348015550101"]
)
def test_phone_search_finds_a_customer_whatever_the_spacing(admin_client_, typed):
    wanted = CustomerFactory(name="Adaeze", phone="+234 801 555 0101")
    CustomerFactory(name="Bisi", phone="+234 802 000 1111")

    response = admin_client_.get("/admin/customers/customer/", {"q": typed})

    assert [customer.pk for customer in response.context["cl"].result_list] == [wanted.pk]


def test_phone_search_finds_a_number_stored_without_spaces(admin_client_):
    wanted = CustomerFactory(name="Adaeze", phone="08015550101")

    response = admin_client_.get("/admin/customers/customer/", {"q": "0801 555 0101"})

    assert [customer.pk for customer in response.context["cl"].result_list] == [wanted.pk]


def test_a_word_search_still_finds_names(admin_client_):
    wanted = CustomerFactory(name="Adaeze Okafor", phone="08015550101")
    CustomerFactory(name="Bisi")

    response = admin_client_.get("/admin/customers/customer/", {"q": "okafor"})

    assert [customer.pk for customer in response.context["cl"].result_list] == [wanted.pk]
