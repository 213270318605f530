import json

import pytest

from conftest import client_for
from customers.models import Customer
from customers.tests.factories import CustomerFactory
from measurements import services
from measurements.models import Measurement
from measurements.services import ORDER_OF_ANOTHER_CUSTOMER
from measurements.tests.factories import MeasurementFactory
from measurements.validators import BAD_VALUE, EMPTY, NAME_EMPTY, NAME_TOO_LONG, NOT_AN_OBJECT, TOO_MANY
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/measurements/"
FIELDS = {
    "id",
    "customer",
    "order",
    "garment_type",
    "version",
    "type",
    "unit",
    "values",
    "notes",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
}


def detail_url(measurement) -> str:
    return f"/api/v1/measurements/{measurement.pk}/"


def payload(for_customer, **overrides) -> dict:
    return {"customer": for_customer.pk, "type": "dress", "values": {"bust": 92.5, "waist": 71}, **overrides}


def raw_body(for_customer, values_json: str) -> str:
    """A JSON body written by hand, for what json.dumps would never send."""
    return '{"customer": ' + str(for_customer.pk) + ', "type": "dress", "values": ' + values_json + "}"


# --- roles -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "list"),
        ("post", "list"),
        ("get", "detail"),
        ("put", "detail"),
        ("patch", "detail"),
        ("delete", "detail"),
    ],
)
def test_anonymous_gets_401_everywhere(api_client, measurement, method, url):
    path = LIST_URL if url == "list" else detail_url(measurement)

    response = getattr(api_client, method)(path, payload(measurement.customer), format="json")

    assert response.status_code == 401
    assert Measurement.objects.get().values == {"bust": 92.5, "waist": 71, "hips": 98}


@pytest.mark.parametrize("role", ["junior", "lead"])
def test_every_designer_creates_reads_changes_and_deletes_measurements(request, customer, role):
    client = request.getfixturevalue(f"{role}_client")
    user = request.getfixturevalue(role)

    created = client.post(LIST_URL, payload(customer), format="json")
    assert created.status_code == 201
    url = f"{LIST_URL}{created.data['id']}/"
    assert client.get(LIST_URL).data["count"] == 1
    assert client.get(url).status_code == 200
    assert client.put(url, payload(customer, type="gown"), format="json").status_code == 200
    assert client.patch(url, {"notes": "second fitting"}, format="json").status_code == 200
    measurement = Measurement.objects.get()
    assert (measurement.type, measurement.notes, measurement.updated_by) == ("gown", "second fitting", user)
    assert client.delete(url).status_code == 204
    assert not Measurement.objects.exists()


# --- create ----------------------------------------------------------------------------


def test_create_returns_the_measurement_as_stored(junior_client, junior, customer):
    order = OrderFactory(customer=customer)

    response = junior_client.post(
        LIST_URL,
        payload(customer, order=order.pk, unit="in", notes="Loose fit", values={" bust ": 36, "waist": 28.25}),
        format="json",
    )

    assert response.status_code == 201
    assert set(response.data) == FIELDS
    measurement = Measurement.objects.get(pk=response.data["id"])
    assert measurement.values == {"bust": 36, "waist": 28.25}
    assert (measurement.customer, measurement.order, measurement.unit) == (customer, order, "in")
    assert (measurement.created_by, measurement.updated_by) == (junior, junior)
    assert response.data["values"] == {"bust": 36, "waist": 28.25}
    assert json.loads(response.content)["values"] == {"bust": 36, "waist": 28.25}


def test_unit_defaults_to_centimetres_and_order_to_none(lead_client, customer):
    response = lead_client.post(LIST_URL, payload(customer), format="json")

    assert response.status_code == 201
    assert (response.data["unit"], response.data["order"]) == ("cm", None)


@pytest.mark.parametrize("missing", ["customer", "type", "values"])
def test_required_fields(lead_client, customer, missing):
    body = payload(customer)
    del body[missing]

    response = lead_client.post(LIST_URL, body, format="json")

    assert response.status_code == 400
    assert list(response.data) == [missing]
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("customer", 999999),
        ("customer", "abc"),
        ("customer", None),
        ("customer", 10**30),
        ("order", 999999),
        ("order", "abc"),
        ("type", ""),
        ("type", "   "),
        ("type", "x" * 51),
        ("type", None),
        ("unit", "mm"),
        ("notes", None),
    ],
)
def test_invalid_fields_are_refused(lead_client, customer, field, value):
    response = lead_client.post(LIST_URL, payload(customer, **{field: value}), format="json")

    assert response.status_code == 400
    assert list(response.data) == [field]
    assert not Measurement.objects.exists()


def test_an_order_of_another_customer_is_refused(lead_client, customer):
    order = OrderFactory()

    response = lead_client.post(LIST_URL, payload(customer, order=order.pk), format="json")

    assert response.status_code == 400
    assert response.data == {"order": [ORDER_OF_ANOTHER_CUSTOMER]}
    assert not Measurement.objects.exists()


def test_a_form_body_is_refused_with_415(lead_client, customer):
    response = lead_client.post(LIST_URL, {"customer": customer.pk, "type": "dress"}, format="multipart")

    assert response.status_code == 415
    assert not Measurement.objects.exists()


# --- the values matrix -----------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [-1, -0.5, 0, 0.0, 1000, 1000.5, 1e300, "92", "", True, False, None, {"cm": 92}, [92], []]
)
def test_a_bad_value_is_a_400_naming_the_entry(lead_client, customer, value):
    response = lead_client.post(LIST_URL, payload(customer, values={"bust": 92, "waist": value}), format="json")

    assert response.status_code == 400
    assert response.data == {"values": {"waist": [BAD_VALUE]}}
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"), [("", NAME_EMPTY), ("  ", NAME_EMPTY), ("n" * 51, NAME_TOO_LONG)], ids=["empty", "blank", "51"]
)
def test_a_bad_name_is_a_400_naming_the_entry(lead_client, customer, name, message):
    response = lead_client.post(LIST_URL, payload(customer, values={"bust": 92, name: 70}), format="json")

    assert response.status_code == 400
    assert response.data == {"values": {name: [message]}}


def test_every_offending_entry_is_named(lead_client, customer):
    response = lead_client.post(
        LIST_URL, payload(customer, values={"bust": 0, "waist": "71", "hips": 98}), format="json"
    )

    assert response.status_code == 400
    assert response.data == {"values": {"bust": [BAD_VALUE], "waist": [BAD_VALUE]}}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([92, 71], NOT_AN_OBJECT),
        ([{"bust": 92}], NOT_AN_OBJECT),
        ("bust=92", NOT_AN_OBJECT),
        (92, NOT_AN_OBJECT),
        (True, NOT_AN_OBJECT),
        (None, "This field may not be null."),
        ({}, EMPTY),
        ({f"m{i}": 50 for i in range(101)}, TOO_MANY),
        ({f"m{i}": "x" * 100 for i in range(2_000)}, TOO_MANY),
    ],
    ids=["array", "array-of-objects", "string", "number", "boolean", "null", "empty", "101-keys", "2000-keys"],
)
def test_values_of_the_wrong_shape_are_a_400(lead_client, customer, values, message):
    response = lead_client.post(LIST_URL, payload(customer, values=values), format="json")

    assert response.status_code == 400
    assert response.data == {"values": [message]}
    assert not Measurement.objects.exists()


def test_a_document_above_the_body_limit_is_refused_with_413(lead_client, customer):
    values = {f"m{i}": "x" * 1000 for i in range(20_000)}

    response = lead_client.post(LIST_URL, payload(customer, values=values), format="json")

    assert response.status_code == 413
    assert not Measurement.objects.exists()


def test_100_entries_of_50_character_names_are_accepted(lead_client, customer):
    values = {f"{i:03d}".ljust(50, "x"): 999.999 for i in range(100)}

    response = lead_client.post(LIST_URL, payload(customer, values=values), format="json")

    assert response.status_code == 201
    assert Measurement.objects.get().values == values


def test_nested_documents_are_a_400(lead_client, customer):
    nested: object = 71
    for _ in range(200):
        nested = {"in": [nested]}

    response = lead_client.post(LIST_URL, payload(customer, values={"waist": nested}), format="json")

    assert response.status_code == 400
    assert response.data == {"values": {"waist": [BAD_VALUE]}}


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_a_400(lead_client, customer, constant):
    body = raw_body(customer, '{"waist": ' + constant + "}")

    response = lead_client.generic("POST", LIST_URL, body, content_type="application/json")

    assert response.status_code == 400
    assert not Measurement.objects.exists()


def test_a_number_too_large_for_a_float_is_a_400(lead_client, customer):
    body = raw_body(customer, '{"waist": 1e400}')

    response = lead_client.generic("POST", LIST_URL, body, content_type="application/json")

    assert response.status_code == 400
    assert response.data == {"values": {"waist": [BAD_VALUE]}}


@pytest.mark.parametrize("body", ["", "{", "[]", "null", '"text"', "42"])
def test_malformed_bodies_are_a_400(lead_client, body):
    response = lead_client.generic("POST", LIST_URL, body, content_type="application/json")

    assert response.status_code == 400


# --- read, filter, order -----------------------------------------------------------------


def test_retrieve_sends_an_etag(junior_client, measurement):
    response = junior_client.get(detail_url(measurement))

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response.data["values"] == {"bust": 92.5, "waist": 71, "hips": 98}


def test_the_list_is_newest_first(lead_client, customer):
    first, second, third = (MeasurementFactory(customer=customer) for _ in range(3))

    response = lead_client.get(LIST_URL)

    assert [row["id"] for row in response.data["results"]] == [third.pk, second.pk, first.pk]


def test_the_list_can_be_ordered_oldest_first(lead_client, customer):
    first, second = MeasurementFactory(customer=customer), MeasurementFactory(customer=customer)

    response = lead_client.get(LIST_URL, {"ordering": "created_at"})

    assert [row["id"] for row in response.data["results"]] == [first.pk, second.pk]


def test_filter_by_customer_gives_their_history(lead_client, customer, measurement):
    MeasurementFactory()
    newer = MeasurementFactory(customer=customer, type="shirt")

    response = lead_client.get(LIST_URL, {"customer": customer.pk})

    assert [row["id"] for row in response.data["results"]] == [newer.pk, measurement.pk]


def test_filter_by_order(lead_client, customer):
    order = OrderFactory(customer=customer)
    for_order = MeasurementFactory(customer=customer, order=order)
    MeasurementFactory(customer=customer)

    response = lead_client.get(LIST_URL, {"order": order.pk})

    assert [row["id"] for row in response.data["results"]] == [for_order.pk]


def test_filter_by_type_ignores_case(lead_client, customer):
    shirt = MeasurementFactory(customer=customer, type="Shirt")
    MeasurementFactory(customer=customer, type="dress")

    response = lead_client.get(LIST_URL, {"type": "shirt"})

    assert [row["id"] for row in response.data["results"]] == [shirt.pk]


@pytest.mark.parametrize("params", [{"customer": "abc"}, {"customer": 999999}, {"order": "x"}])
def test_invalid_filters_are_a_400(lead_client, params):
    assert lead_client.get(LIST_URL, params).status_code == 400


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_takes_the_same_queries_for_one_or_many(lead_client, django_assert_max_num_queries, rows):
    customer = CustomerFactory()
    MeasurementFactory.create_batch(rows, customer=customer, order=OrderFactory(customer=customer))

    with django_assert_max_num_queries(4):
        response = lead_client.get(LIST_URL, {"page_size": 50})

    assert response.data["count"] == rows


@pytest.mark.parametrize("rows", [1, 30])
def test_a_customers_history_takes_the_same_queries_for_one_or_many(lead_client, django_assert_max_num_queries, rows):
    customer = CustomerFactory()
    MeasurementFactory.create_batch(rows, customer=customer)

    with django_assert_max_num_queries(5):
        response = lead_client.get(f"/api/v1/customers/{customer.pk}/measurements/", {"page_size": 50})

    assert response.data["count"] == rows


# --- update ------------------------------------------------------------------------------


def test_patch_values_replaces_the_whole_object(lead_client, measurement):
    response = lead_client.patch(detail_url(measurement), {"values": {"bust": 94}}, format="json")

    assert response.status_code == 200
    measurement.refresh_from_db()
    assert measurement.values == {"bust": 94}


def test_patch_with_bad_values_changes_nothing(lead_client, measurement):
    response = lead_client.patch(detail_url(measurement), {"values": {"bust": -94}}, format="json")

    assert response.status_code == 400
    assert response.data == {"values": {"bust": [BAD_VALUE]}}
    measurement.refresh_from_db()
    assert measurement.values == {"bust": 92.5, "waist": 71, "hips": 98}


def test_patch_to_another_customer_rechecks_the_order(lead_client, customer, measurement):
    order = OrderFactory(customer=customer)
    assert lead_client.patch(detail_url(measurement), {"order": order.pk}, format="json").status_code == 200

    response = lead_client.patch(detail_url(measurement), {"customer": CustomerFactory().pk}, format="json")

    assert response.status_code == 400
    assert response.data == {"order": [ORDER_OF_ANOTHER_CUSTOMER]}
    measurement.refresh_from_db()
    assert (measurement.customer, measurement.order) == (customer, order)


def test_patch_to_an_order_of_another_customer_is_refused(lead_client, measurement):
    response = lead_client.patch(detail_url(measurement), {"order": OrderFactory().pk}, format="json")

    assert response.status_code == 400
    assert response.data == {"order": [ORDER_OF_ANOTHER_CUSTOMER]}
    measurement.refresh_from_db()
    assert measurement.order is None


def test_patch_customer_and_order_together(lead_client, measurement):
    other = CustomerFactory()
    order = OrderFactory(customer=other)

    response = lead_client.patch(detail_url(measurement), {"customer": other.pk, "order": order.pk}, format="json")

    assert response.status_code == 200
    measurement.refresh_from_db()
    assert (measurement.customer, measurement.order) == (other, order)


def test_patch_order_to_null_unlinks_it(lead_client, customer, measurement):
    measurement.order = OrderFactory(customer=customer)
    measurement.save()

    response = lead_client.patch(detail_url(measurement), {"order": None}, format="json")

    assert response.status_code == 200
    measurement.refresh_from_db()
    assert measurement.order is None


def test_put_requires_the_whole_measurement(lead_client, measurement):
    response = lead_client.put(detail_url(measurement), {"notes": "x"}, format="json")

    assert response.status_code == 400
    assert set(response.data) == {"customer", "type", "values"}


def test_a_stale_if_match_is_a_412_and_changes_nothing(junior_client, measurement):
    etag = junior_client.get(detail_url(measurement))["ETag"]
    junior_client.patch(detail_url(measurement), {"notes": "first"}, format="json")

    response = junior_client.patch(detail_url(measurement), {"notes": "second"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    measurement.refresh_from_db()
    assert measurement.notes == "first"


def test_a_current_if_match_is_accepted(junior_client, measurement):
    etag = junior_client.get(detail_url(measurement))["ETag"]

    response = junior_client.put(
        detail_url(measurement), payload(measurement.customer, type="shirt"), format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_deleting_an_unknown_measurement_is_a_404(lead_client):
    assert lead_client.delete(f"{LIST_URL}424242/").status_code == 404


def test_a_document_nested_too_deeply_for_the_parser_is_a_400(lead_client, customer):
    deep = "[" * 100_000 + "]" * 100_000
    body = raw_body(customer, '{"waist": ' + deep + "}")

    response = lead_client.generic("POST", LIST_URL, body, content_type="application/json")

    assert response.status_code == 400
    assert "nested too deeply" in response.data["detail"]
    assert not Measurement.objects.exists()


# --- a customer's measurement history: /api/v1/customers/{id}/measurements/ --------------

CUSTOMERS_URL = "/api/v1/customers/"


def customer_url(customer) -> str:
    return f"{CUSTOMERS_URL}{customer.pk}/"


def test_anonymous_gets_401_for_a_customers_measurements(api_client, customer):
    response = api_client.get(f"{customer_url(customer)}measurements/", {"name": "X"})

    assert response.status_code == 401
    assert Customer.objects.get(pk=customer.pk).name == "Adaeze Okafor"


def test_junior_reads_a_customers_measurements(junior_client, measurement):
    response = junior_client.get(f"{customer_url(measurement.customer)}measurements/")

    assert response.status_code == 200
    assert response.data["count"] == 1


def test_lead_deletes_a_customer_without_orders(lead_client, measurement):
    response = lead_client.delete(customer_url(measurement.customer))

    assert response.status_code == 204
    assert not Customer.objects.exists()


def test_a_customers_measurements_are_newest_first(lead, customer, measurement):
    newer = services.measurement_create(actor=lead, customer=customer, type="shirt", values={"neck": 38})
    services.measurement_create(actor=lead, customer=CustomerFactory(), type="shirt", values={"neck": 40})

    response = client_for(lead).get(f"{customer_url(customer)}measurements/")

    assert response.status_code == 200
    assert [row["id"] for row in response.data["results"]] == [newer.pk, measurement.pk]


def test_the_measurements_of_an_unknown_customer_are_a_404(lead_client):
    assert lead_client.get(f"{CUSTOMERS_URL}12345/measurements/").status_code == 404
