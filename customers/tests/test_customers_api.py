import pytest

from customers.models import Customer
from customers.services import EMAIL_TAKEN
from customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/customers/"
FIELDS = {
    "id",
    "name",
    "email",
    "phone",
    "address",
    "notes",
    "notify_by",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
}


def detail_url(customer) -> str:
    return f"/api/v1/customers/{customer.pk}/"


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
def test_anonymous_gets_401_everywhere(api_client, customer, method, url):
    path = {"list": LIST_URL, "detail": detail_url(customer)}
    response = getattr(api_client, method)(path[url], {"name": "X"})

    assert response.status_code == 401
    assert Customer.objects.get(pk=customer.pk).name == "Adaeze Okafor"


def test_junior_reads_the_list(junior_client, customer):
    response = junior_client.get(LIST_URL)

    assert response.status_code == 200
    assert [row["id"] for row in response.data["results"]] == [customer.pk]


def test_junior_reads_one_customer(junior_client, customer):
    response = junior_client.get(detail_url(customer))

    assert response.status_code == 200
    assert set(response.data) == FIELDS


def test_junior_cannot_create_a_customer(junior_client):
    response = junior_client.post(LIST_URL, {"name": "Chioma"})

    assert response.status_code == 403
    assert not Customer.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch"])
def test_junior_cannot_change_a_customer(junior_client, customer, method):
    response = getattr(junior_client, method)(detail_url(customer), {"name": "Changed"})

    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.name == "Adaeze Okafor"


def test_junior_cannot_delete_a_customer(junior_client, customer):
    response = junior_client.delete(detail_url(customer))

    assert response.status_code == 403
    assert Customer.objects.filter(pk=customer.pk).exists()


# --- create ----------------------------------------------------------------------------


def test_lead_creates_a_customer(lead_client, lead):
    payload = {
        "name": "Chioma Eze",
        "email": "Chioma@Example.com",
        "phone": "+234 802 000 1111",
        "address": "12 Allen Avenue, Ikeja",
        "notes": "Prefers fittings on Saturdays",
    }

    response = lead_client.post(LIST_URL, payload)

    assert response.status_code == 201
    assert set(response.data) == FIELDS
    customer = Customer.objects.get(pk=response.data["id"])
    assert {key: getattr(customer, key) for key in payload} == {**payload, "phone": "+2348020001111"}
    assert customer.email_key == "chioma@example.com"
    assert customer.notify_by == "email"
    assert response.data["created_by"] == response.data["updated_by"] == lead.pk


def test_only_a_name_is_required(lead_client):
    response = lead_client.post(LIST_URL, {"name": "Chioma"})

    assert response.status_code == 201
    assert response.data["email"] == ""
    assert Customer.objects.get().email_key is None


@pytest.mark.parametrize("name", ["", "   ", None, "x" * 201])
def test_a_missing_or_blank_name_is_refused(lead_client, name):
    response = lead_client.post(LIST_URL, {"name": name})

    assert response.status_code == 400
    assert list(response.data) == ["name"]
    assert not Customer.objects.exists()


def test_a_name_is_required(lead_client):
    response = lead_client.post(LIST_URL, {"email": "a@example.com"})

    assert response.status_code == 400
    assert list(response.data) == ["name"]


@pytest.mark.parametrize("email", ["not-an-email", "a@", 42, ["a@example.com"], None])
def test_an_invalid_email_is_refused(lead_client, email):
    response = lead_client.post(LIST_URL, {"name": "Chioma", "email": email})

    assert response.status_code == 400
    assert list(response.data) == ["email"]
    assert not Customer.objects.exists()


def test_an_email_taken_in_another_case_is_a_400(lead_client, customer):
    response = lead_client.post(LIST_URL, {"name": "Imposter", "email": "ADAEZE@example.COM"})

    assert response.status_code == 400
    assert response.data == {"email": [EMAIL_TAKEN]}
    assert Customer.objects.count() == 1


def test_several_customers_without_email(lead_client):
    for name in ("A", "B", "C"):
        assert lead_client.post(LIST_URL, {"name": name, "email": ""}).status_code == 201

    assert Customer.objects.count() == 3


def test_a_form_body_is_refused_with_415(lead_client):
    response = lead_client.post(LIST_URL, {"name": "Form Customer"}, format="multipart")

    assert response.status_code == 415
    assert not Customer.objects.exists()


# --- read, search, order ---------------------------------------------------------------


def test_retrieve_sends_an_etag(lead_client, customer):
    response = lead_client.get(detail_url(customer))

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response.data["email"] == "Adaeze@Example.com"


@pytest.mark.parametrize("pk", [999999, "99999999999999999999999999"])
def test_an_unknown_customer_is_a_404(lead_client, pk):
    assert lead_client.get(f"{LIST_URL}{pk}/").status_code == 404


@pytest.mark.parametrize(
    ("term", "expected"),
    [("okafor", ["Adaeze Okafor"]), ("bisi@", ["Bisi Ade"]), ("555 0202", ["Bisi Ade"]), ("nobody", [])],
)
def test_search_looks_in_name_email_and_phone(lead_client, customer, term, expected):
    CustomerFactory(name="Bisi Ade", email="bisi@example.com", phone="+234 801 555 0202")

    response = lead_client.get(LIST_URL, {"search": term})

    assert [row["name"] for row in response.data["results"]] == expected


def test_the_list_is_by_name_and_can_be_ordered(lead_client):
    for name in ("Cy", "Ab", "Bo"):
        CustomerFactory(name=name)

    by_name = lead_client.get(LIST_URL)
    newest_first = lead_client.get(LIST_URL, {"ordering": "-created_at"})

    assert [row["name"] for row in by_name.data["results"]] == ["Ab", "Bo", "Cy"]
    assert [row["name"] for row in newest_first.data["results"]] == ["Bo", "Ab", "Cy"]


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_takes_the_same_queries_for_one_or_many(lead_client, django_assert_max_num_queries, rows):
    CustomerFactory.create_batch(rows)

    with django_assert_max_num_queries(4):
        response = lead_client.get(LIST_URL, {"page_size": 50})

    assert response.data["count"] == rows


@pytest.mark.parametrize("params", [{"page": "abc"}, {"page": 999}, {"page_size": "x"}, {"ordering": "nope"}])
def test_odd_list_parameters_never_fail(lead_client, customer, params):
    assert lead_client.get(LIST_URL, params).status_code in (200, 400, 404)


# --- update ----------------------------------------------------------------------------


def test_lead_patches_a_customer(lead_client, junior, customer):
    customer.created_by = junior
    customer.save()

    response = lead_client.patch(detail_url(customer), {"phone": "+234 809 999 0000", "created_by": 999})

    assert response.status_code == 200
    customer.refresh_from_db()
    assert customer.phone == "+2348099990000"
    assert customer.created_by == junior
    assert response.data["updated_by"] == response.wsgi_request.user.pk
    assert response["ETag"]


def test_put_sets_the_given_fields_and_keeps_optional_ones_left_out(lead_client, customer):
    response = lead_client.put(detail_url(customer), {"name": "Adaeze O.", "email": ""})

    assert response.status_code == 200
    customer.refresh_from_db()
    assert (customer.name, customer.email, customer.email_key) == ("Adaeze O.", "", None)
    assert customer.phone == "+2348015550101"


def test_put_without_a_name_is_refused(lead_client, customer):
    response = lead_client.put(detail_url(customer), {"email": "x@example.com"})

    assert response.status_code == 400
    assert list(response.data) == ["name"]


def test_changing_the_case_of_ones_own_email_is_allowed(lead_client, customer):
    response = lead_client.patch(detail_url(customer), {"email": "adaeze@example.com"})

    assert response.status_code == 200
    customer.refresh_from_db()
    assert customer.email == "adaeze@example.com"


def test_taking_another_customers_email_is_a_400(lead_client, customer):
    other = CustomerFactory(email="bisi@example.com")

    response = lead_client.patch(detail_url(other), {"email": "ADAEZE@EXAMPLE.COM"})

    assert response.status_code == 400
    assert response.data == {"email": [EMAIL_TAKEN]}
    other.refresh_from_db()
    assert other.email == "bisi@example.com"


def test_a_matching_if_match_is_accepted(lead_client, customer):
    etag = lead_client.get(detail_url(customer))["ETag"]

    response = lead_client.patch(detail_url(customer), {"notes": "VIP"}, HTTP_IF_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_stale_if_match_is_a_412_and_changes_nothing(lead_client, customer):
    etag = lead_client.get(detail_url(customer))["ETag"]
    lead_client.patch(detail_url(customer), {"notes": "first"})

    response = lead_client.patch(detail_url(customer), {"notes": "second"}, HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    customer.refresh_from_db()
    assert customer.notes == "first"


# --- delete ----------------------------------------------------------------------------


def test_lead_deletes_a_customer(lead_client, customer):
    response = lead_client.delete(detail_url(customer))

    assert response.status_code == 204
    assert not Customer.objects.exists()


def test_a_document_nested_too_deeply_for_the_parser_is_a_400(lead_client):
    body = '{"name": %s}' % ("[" * 100_000 + "]" * 100_000)

    response = lead_client.generic("POST", LIST_URL, body, content_type="application/json")

    assert response.status_code == 400
    assert not Customer.objects.exists()
