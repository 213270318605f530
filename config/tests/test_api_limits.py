"""Limits every endpoint shares: body size, nesting depth, pagination parameters."""

import json

import pytest

pytestmark = pytest.mark.django_db

CUSTOMERS = "/api/v1/customers/"


def test_a_json_body_above_the_limit_is_refused_with_413(lead_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024

    response = lead_client.post(
        CUSTOMERS, data=json.dumps({"name": "Ada", "notes": "x" * 2000}), content_type="application/json"
    )

    assert response.status_code == 413
    assert "larger than 1024 bytes" in response.data["detail"]


def test_a_json_body_within_the_limit_is_accepted(lead_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096

    response = lead_client.post(CUSTOMERS, data=json.dumps({"name": "Ada"}), content_type="application/json")

    assert response.status_code == 201


def test_deeply_nested_json_is_a_400_not_a_500(lead_client):
    body = "[" * 100_000 + "]" * 100_000

    response = lead_client.post("/api/v1/orders/", data=body, content_type="application/json")

    assert response.status_code == 400
    assert "nested too deeply" in response.data["detail"]


def test_malformed_json_is_a_400(lead_client):
    response = lead_client.post(CUSTOMERS, data='{"name": ', content_type="application/json")

    assert response.status_code == 400


@pytest.mark.parametrize("page_size", ["0", "-5", "abc", "false", "1.5", "١٢"])
def test_a_page_size_that_is_not_a_positive_whole_number_is_a_400(lead_client, page_size):
    response = lead_client.get(CUSTOMERS, {"page_size": page_size})

    assert response.status_code == 400
    assert "page_size" in response.data


def test_a_page_size_above_100_is_capped(lead_client):
    from customers.tests.factories import CustomerFactory

    CustomerFactory.create_batch(105)

    response = lead_client.get(CUSTOMERS, {"page_size": "1000"})

    assert response.status_code == 200
    assert len(response.data["results"]) == 100
    assert response.data["count"] == 105


def test_a_page_past_the_end_is_a_404(lead_client):
    assert lead_client.get(CUSTOMERS, {"page": "99"}).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/api/v1/orders/abc/", "/api/v1/orders/%C2%B4/timeline/", "/api/v1/payments/x/", "/api/v1/users/1e3/"],
)
def test_a_non_numeric_id_is_a_json_404(lead_client, path):
    response = lead_client.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/orders/?status=", "status"),
        ("/api/v1/orders/?customer=", "customer"),
        ("/api/v1/orders/?is_overdue=maybe", "is_overdue"),
        ("/api/v1/orders/?is_overdue=1", "is_overdue"),
        ("/api/v1/inventory/?is_low_stock=yes", "is_low_stock"),
        ("/api/v1/users/?is_active=null", "is_active"),
        ("/api/v1/orders/?delivery_date_after=", "delivery_date_after"),
        ("/api/v1/customers/?page=", "page"),
        ("/api/v1/customers/?page_size=", "page_size"),
    ],
)
def test_a_typed_query_parameter_that_is_empty_or_malformed_is_a_400(lead_client, url, parameter):
    response = lead_client.get(url)

    assert response.status_code == 400
    assert parameter in response.data


def test_an_empty_free_text_filter_is_allowed(lead_client):
    assert lead_client.get("/api/v1/inventory/?category=&search=").status_code == 200


@pytest.mark.parametrize("key", ["has space", "é-accent", "x" * 256])
def test_an_idempotency_key_outside_printable_ascii_is_a_400(lead_client, key):
    from customers.tests.factories import CustomerFactory

    customer = CustomerFactory()

    response = lead_client.post(
        "/api/v1/orders/", {"customer": customer.pk, "title": "Kaftan"}, format="json", HTTP_IDEMPOTENCY_KEY=key
    )

    assert response.status_code == 400
    assert "Idempotency-Key" in response.data


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/customers/", {"name": 12345}, "name"),
        ("/api/v1/customers/", {"name": "Ada", "phone": 8000001}, "phone"),
        ("/api/v1/inventory/", {"name": ["silk"], "unit": "metre"}, "name"),
        ("/api/v1/users/", {"username": 42, "password": "tailored-suit-2026"}, "username"),
    ],
)
def test_a_number_or_list_sent_for_text_is_a_400(lead_client, url, body, field):
    response = lead_client.post(url, body, format="json")

    assert response.status_code == 400
    assert response.data[field] == ["Not a valid string."]
