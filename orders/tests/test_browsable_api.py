"""The browsable API's forms for the order actions offer each action's own input."""

import pytest

from common.testing import raw_form_bodies
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

ORDER_CREATE_FIELDS = {"customer", "title", "items", "price", "delivery_date"}


@pytest.fixture
def browser_client(client, lead):
    client.force_login(lead)
    return client


def test_status_form_offers_status_and_note(browser_client):
    order = OrderFactory()

    response = browser_client.get(f"/api/v1/orders/{order.pk}/status/", HTTP_ACCEPT="text/html")

    assert raw_form_bodies(response) == [{"status": None, "note": ""}]
    assert f'action="/api/v1/orders/{order.pk}/status/"' in response.content.decode()


def test_payment_form_offers_the_payment_fields(browser_client):
    order = OrderFactory()

    response = browser_client.get(f"/api/v1/orders/{order.pk}/payments/", HTTP_ACCEPT="text/html")

    [body] = raw_form_bodies(response)
    assert set(body) == {"amount", "method", "paid_at", "reference", "note"}
    assert not set(body) & ORDER_CREATE_FIELDS


def test_order_list_form_still_offers_the_order_create_fields(browser_client):
    response = browser_client.get("/api/v1/orders/", HTTP_ACCEPT="text/html")

    [body] = raw_form_bodies(response)
    assert set(body) >= ORDER_CREATE_FIELDS


def test_status_change_sent_as_the_form_offers_it_is_accepted(browser_client):
    order = OrderFactory()
    [body] = raw_form_bodies(browser_client.get(f"/api/v1/orders/{order.pk}/status/", HTTP_ACCEPT="text/html"))

    response = browser_client.patch(
        f"/api/v1/orders/{order.pk}/status/",
        {**body, "status": "in_progress"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    order.refresh_from_db()
    assert order.status == "in_progress"
