from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.test import Client

from accounts import services as account_services
from accounts.models import Role, User
from accounts.tests.factories import TEST_PASSWORD
from customers.tests.factories import CustomerFactory
from measurements.models import Measurement
from measurements.services import ORDER_OF_ANOTHER_CUSTOMER
from measurements.tests.factories import MeasurementFactory
from orders.models import OrderStatus
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def rows(*pairs: tuple[str, str], empty: int = 2) -> dict[str, str]:
    """The measurement form's rows as posted: `values-name-N` / `values-value-N`, with empty
    rows after them as the form offers."""
    data = {}
    for index, (name, value) in enumerate([*pairs, *[("", "")] * empty]):
        data[f"values-name-{index}"] = name
        data[f"values-value-{index}"] = value
    return data


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
        {"customer": customer.pk, "type": "dress", "unit": "cm", **rows(("bust", "-3")), "notes": ""},
    )

    assert response.status_code == 200
    assert "positive number below 1000" in response.content.decode()
    assert not Measurement.objects.exists()


def test_adding_a_measurement_in_the_admin(admin_client_):
    customer = CustomerFactory()

    response = admin_client_.post(
        "/admin/measurements/measurement/add/",
        {"customer": customer.pk, "type": "dress", "unit": "cm", **rows((" bust ", "90")), "notes": ""},
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
        {"customer": customer.pk, "order": order.pk, "type": "dress", "unit": "cm", **rows(("bust", "90"))},
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
            **rows(("bust", "90")),
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


# -- the customer's page and list (composed here) -------------------------------------------


def test_customer_page_shows_orders_with_balance_and_a_link(admin_client_, settings):
    settings.STUDIO_CURRENCY = "NGN"
    customer = CustomerFactory(name="Adaeze Okafor")
    order = OrderFactory(customer=customer, title="Aso-ebi gown", price=Decimal("1500.00"), amount_paid=Decimal("500"))
    OrderFactory(customer=customer, title="Called off", price=Decimal("900.00"), status=OrderStatus.CANCELLED)

    response = admin_client_.get(f"/admin/customers/customer/{customer.pk}/change/")

    page = response.content.decode()
    assert f'href="/admin/orders/order/{order.pk}/change/">Aso-ebi gown</a>' in page
    assert "NGN 1,000.00" in page  # the order's balance and the customer's total (not the cancelled one)
    assert response.context["original"].balance_due == Decimal("1000.00")


def test_customer_page_shows_measurements_as_rows_with_the_unit(admin_client_):
    measurement = MeasurementFactory(unit="in", values={"bust": 36.5, "waist": 28})

    response = admin_client_.get(f"/admin/customers/customer/{measurement.customer.pk}/change/")

    page = response.content.decode()
    assert '<td class="name">bust</td><td class="value">36.5</td><td class="unit">in</td>' in page
    assert '{"bust"' not in page and "{&quot;bust" not in page


def test_customer_list_shows_orders_count_and_balance(admin_client_):
    customer = CustomerFactory(name="Zainab")
    OrderFactory.create_batch(2, customer=customer, price=Decimal("100.00"))

    response = admin_client_.get("/admin/customers/customer/")

    row = response.context["cl"].result_list[0]
    assert (row.order_count, row.balance_due) == (2, Decimal("200.00"))
    assert "NGN 200.00" in response.content.decode()


def test_customer_list_query_count_does_not_grow_with_rows(admin_client_, django_assert_max_num_queries):
    for _ in range(20):
        OrderFactory(customer=CustomerFactory())

    with django_assert_max_num_queries(8):
        admin_client_.get("/admin/customers/customer/")


# -- the measurement form: rows of name and value --------------------------------------------


def test_measurement_form_shows_the_values_as_rows(admin_client_):
    measurement = MeasurementFactory(values={"bust": 92.5, "waist": 71})

    response = admin_client_.get(f"/admin/measurements/measurement/{measurement.pk}/change/")

    page = response.content.decode()
    assert 'name="values-name-0" id="id_values-name-0" value="bust"' in page
    assert 'name="values-value-1" id="id_values-value-1" value="71"' in page
    assert 'name="values-name-5"' in page  # empty rows to add more, without any script
    assert "<textarea" not in page.split('id="id_values"')[1].split("</table>")[0]


def test_measurement_rows_are_saved_through_the_service(admin_client_):
    measurement = MeasurementFactory(values={"bust": 92.5, "waist": 71})
    data = {"customer": measurement.customer.pk, "type": "dress", "unit": "cm", "notes": ""}

    response = admin_client_.post(
        f"/admin/measurements/measurement/{measurement.pk}/change/",
        {**data, **rows(("bust", "93"), ("", ""), ("hips", "101.5"))},  # waist removed, hips added
    )

    assert response.status_code == 302
    measurement.refresh_from_db()
    assert measurement.values == {"bust": 93, "hips": 101.5}
    assert measurement.updated_by.username == "owner"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("bust", "1000"), "positive number below 1000"),
        (("bust", "0"), "positive number below 1000"),
        (("bust", "ninety"), "positive number below 1000"),
        (("bust", ""), "positive number below 1000"),
        (("", "90"), "must not be empty"),
        (("b" * 51, "90"), "at most 50 characters"),
    ],
)
def test_bad_rows_are_refused_on_the_field_with_nothing_written(admin_client_, row, message):
    measurement = MeasurementFactory(values={"bust": 92.5})

    response = admin_client_.post(
        f"/admin/measurements/measurement/{measurement.pk}/change/",
        {"customer": measurement.customer.pk, "type": "dress", "unit": "cm", "notes": "", **rows(row)},
    )

    assert response.status_code == 200
    assert any(message in error for error in response.context["adminform"].form.errors["values"])
    assert 'class="errorlist' in response.content.decode()
    measurement.refresh_from_db()
    assert measurement.values == {"bust": 92.5}


def test_no_rows_at_all_is_refused(admin_client_):
    customer = CustomerFactory()

    response = admin_client_.post(
        "/admin/measurements/measurement/add/", {"customer": customer.pk, "type": "dress", "unit": "cm", **rows()}
    )

    assert response.context["adminform"].form.errors["values"] == ["Give at least one measurement."]
    assert not Measurement.objects.exists()


def test_two_rows_of_one_name_are_refused(admin_client_):
    customer = CustomerFactory()

    response = admin_client_.post(
        "/admin/measurements/measurement/add/",
        {"customer": customer.pk, "type": "dress", "unit": "cm", **rows(("bust", "90"), ("bust", "91"))},
    )

    assert "same name" in response.context["adminform"].form.errors["values"][0]
    assert not Measurement.objects.exists()


def test_more_than_a_hundred_rows_are_refused(admin_client_):
    customer = CustomerFactory()
    many = [(f"m{index}", "10") for index in range(101)]

    response = admin_client_.post(
        "/admin/measurements/measurement/add/", {"customer": customer.pk, "type": "dress", "unit": "cm", **rows(*many)}
    )

    assert response.context["adminform"].form.errors["values"] == ["At most 100 measurements are allowed."]
    assert not Measurement.objects.exists()


def test_a_measurement_reads_as_whose_and_when(admin_client_):
    customer = CustomerFactory(name="Adaeze Okafor")
    measurement = MeasurementFactory(customer=customer, type="dress")
    Measurement.objects.filter(pk=measurement.pk).update(created_at=datetime(2026, 3, 12, 10, tzinfo=UTC))
    measurement.refresh_from_db()

    assert str(measurement) == "Dress measurements of Adaeze Okafor (12 Mar 2026)"


# -- a junior -------------------------------------------------------------------------------


def test_a_junior_sees_a_customer_read_only_and_changes_a_measurement():
    junior = account_services.user_create(actor=None, username="ngozi", password=TEST_PASSWORD, role=Role.JUNIOR)
    measurement = MeasurementFactory(values={"bust": 90})
    client = Client()
    client.force_login(junior)

    customer_page = client.get(f"/admin/customers/customer/{measurement.customer.pk}/change/")
    saved = client.post(
        f"/admin/measurements/measurement/{measurement.pk}/change/",
        {"customer": measurement.customer.pk, "type": "dress", "unit": "cm", **rows(("bust", "91"))},
    )

    assert customer_page.status_code == 200
    assert customer_page.context["has_change_permission"] is False
    assert 'name="_save"' not in customer_page.content.decode()
    assert saved.status_code == 302
    measurement.refresh_from_db()
    assert measurement.values == {"bust": 91}
