"""Malformed input never reaches a 500."""

from decimal import Decimal

import pytest

from orders import services

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders/"


@pytest.fixture
def order(lead, customer, silk):
    return services.order_create(
        actor=lead, customer=customer, title="x", price=Decimal("100"), items=[{"inventory_item": silk, "quantity": 1}]
    )


@pytest.mark.parametrize("body", [[], [1, 2], "text", 5, None, {"items": {"a": 1}}])
def test_post_with_a_body_of_the_wrong_shape_is_400(lead_client, body):
    assert lead_client.post(ORDERS, body, format="json").status_code == 400


@pytest.mark.parametrize("body", [[], "text", {"items": [{"id": 10**30, "inventory_item": 1, "quantity": "1"}]}])
def test_patch_with_a_body_of_the_wrong_shape_is_400(lead_client, order, body):
    assert lead_client.patch(f"{ORDERS}{order.pk}/", body, format="json").status_code == 400


def test_patch_with_a_line_id_of_no_line_is_400(lead_client, order, silk):
    body = {"items": [{"id": 999999, "inventory_item": silk.pk, "quantity": "1"}]}

    response = lead_client.patch(f"{ORDERS}{order.pk}/", body, format="json")

    assert response.status_code == 400
    assert "not a line of this order" in str(response.data)


@pytest.mark.parametrize(
    "url",
    [
        ORDERS + "?page=abc",
        ORDERS + "?page=999",
        ORDERS + "?page_size=-1",
        ORDERS + "?ordering=bogus",
        ORDERS + "?ordering=-price,delivery_date",
        ORDERS + "?search=%00",
        "ORDER/payments/?ordering=bogus",
        "ORDER/payments/?page=abc",
        "ORDER/timeline/?page=abc",
        "ORDER/timeline/?status=bogus",
        ORDERS + "abc/",
    ],
)
def test_odd_query_strings_are_never_a_server_error(lead_client, order, url):
    url = url.replace("ORDER", f"{ORDERS}{order.pk}")

    assert lead_client.get(url).status_code < 500


def test_a_form_encoded_post_is_refused_with_415_even_with_a_key(lead_client, customer):
    response = lead_client.post(
        ORDERS, {"customer": customer.pk, "title": "x"}, format="multipart", HTTP_IDEMPOTENCY_KEY="form-1"
    )

    assert response.status_code == 415


def test_a_body_the_parser_refuses_with_a_key_is_400(lead_client):
    response = lead_client.generic(
        "POST", ORDERS, "{not json", content_type="application/json", HTTP_IDEMPOTENCY_KEY="bad-1"
    )

    assert response.status_code == 400
