from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customers.services import customer_update
from customers.tests.factories import CustomerFactory
from inventory.tests.factories import InventoryItemFactory
from measurements.tests.factories import MeasurementFactory
from media_assets.tests.factories import create_style_image
from orders.services import payment_record
from orders.tests.factories import OrderFactory
from sync.tests.conftest import sync_all

pytestmark = pytest.mark.django_db


def _studio(lead, size: int) -> list:
    customers = []
    for _ in range(size):
        customer = CustomerFactory()
        order = OrderFactory(customer=customer, price=Decimal("100.00"))
        payment_record(actor=lead, order=order, amount=Decimal("10.00"))
        InventoryItemFactory()
        MeasurementFactory(customer=customer, order=order)
        create_style_image(order=order, user=lead)
        customers.append(customer)
    return customers


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/sync/", params)
    assert response.status_code == 200
    return len(queries)


def _full_sync_queries(client) -> tuple[int, int]:
    """Queries of the whole snapshot in one page, and the number of changes it held."""
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/sync/", {"limit": 500}).json()
    return len(queries), len(body["changes"])


@pytest.mark.parametrize("role_client", ["lead_client", "junior_client"])
def test_a_snapshot_page_costs_the_same_queries_for_2_and_12_rows_of_each(request, lead, role_client):
    client = request.getfixturevalue(role_client)
    _studio(lead, 2)
    small, small_rows = _full_sync_queries(client)
    _studio(lead, 10)
    large, large_rows = _full_sync_queries(client)
    assert large_rows > small_rows
    assert large == small


def test_a_log_page_costs_the_same_queries_for_2_and_12_changed_rows(lead_client, lead):
    customers = _studio(lead, 12)
    _, cursor, _ = sync_all(lead_client)
    for customer in customers[:2]:
        customer_update(actor=lead, customer=customer, notes="small")
    small = _queries(lead_client, {"cursor": cursor})
    for customer in customers:
        customer_update(actor=lead, customer=customer, notes="large")
    large = _queries(lead_client, {"cursor": cursor})
    assert large == small
