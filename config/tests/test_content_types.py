"""Which request bodies are read: a concrete, well-formed media type a parser of the view takes,
with no parameter but charset=utf-8 (and multipart's boundary). Anything else is a 415."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from customers.models import Customer
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

CUSTOMERS = "/api/v1/customers/"
BODY = b'{"name": "Adaeze"}'


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "application/json;charset=UTF-8",
        'application/json; charset="utf-8"',
        "Application/JSON",
    ],
)
def test_json_is_read_with_or_without_a_utf_8_charset(lead_client, content_type):
    response = lead_client.generic("POST", CUSTOMERS, BODY, content_type=content_type)

    assert response.status_code == 201


@pytest.mark.parametrize(
    "content_type",
    [
        "*/*",
        "application/*",
        "application/json;;;",
        "application/json;",
        "application/json; charset",
        "application/json; charset=latin-1",
        "application/json; charset=unicode_escape",
        "application/json; charset=utf-8; charset=utf-8",
        "application/json; version=2",
        "application/json x",
        "application /json",
        "application/jsonx",
        "text/plain",
        "",
    ],
)
def test_any_other_content_type_is_a_415_and_nothing_is_written(lead_client, content_type):
    response = lead_client.generic("POST", CUSTOMERS, BODY, content_type=content_type)

    assert response.status_code == 415
    assert not Customer.objects.exists()


def test_the_415_says_what_is_accepted(lead_client):
    response = lead_client.generic("POST", CUSTOMERS, BODY, content_type="*/*")

    assert response.json() == {
        "detail": 'Unsupported media type "*/*" in request. Send application/json '
        "(the only parameter allowed is charset=utf-8)."
    }


def test_the_upload_415_names_multipart(lead_client):
    response = lead_client.post("/api/v1/style-images/", {"order": 1}, format="json")

    assert response.status_code == 415
    assert "Send multipart/form-data or application/x-www-form-urlencoded" in response.json()["detail"]


def test_an_upload_in_another_charset_is_a_415(lead_client):
    order = OrderFactory()
    body = (
        b'--B\r\nContent-Disposition: form-data; name="order"\r\n\r\n'
        + str(order.pk).encode()
        + b'\r\n--B\r\nContent-Disposition: form-data; name="description"\r\n\r\n\\ud800\r\n--B--\r\n'
    )

    response = lead_client.generic(
        "POST", "/api/v1/style-images/", body, content_type="multipart/form-data; boundary=B; charset=unicode_escape"
    )

    assert response.status_code == 415


def test_a_multipart_upload_with_a_boundary_and_utf_8_charset_is_read(lead_client):
    order = OrderFactory()
    image_file = SimpleUploadedFile("p.png", b"not a picture", content_type="image/png")

    # The test client sends "multipart/form-data; boundary=...; charset=utf-8".
    response = lead_client.post(
        "/api/v1/style-images/", {"order": order.pk, "image_file": image_file}, format="multipart"
    )

    assert response.status_code == 400
    assert "image_file" in response.json()


def test_a_request_without_a_body_needs_no_content_type(lead_client):
    response = lead_client.generic("POST", "/api/v1/auth/logout/", b"", content_type="*/*")

    assert response.status_code == 204
