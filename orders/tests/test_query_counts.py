"""Order lists not covered in test_api: the query count is the same for 1 row and many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.models import OrderStatus
from orders.services import order_set_status
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    return len(captured)


def test_timeline_queries_do_not_grow_with_its_rows(lead_client, lead):
    short, long = OrderFactory(), OrderFactory()
    order_set_status(actor=lead, order=short, status=OrderStatus.IN_PROGRESS)
    for status in (OrderStatus.IN_PROGRESS, OrderStatus.COMPLETED, OrderStatus.DELIVERED):
        order_set_status(actor=lead, order=long, status=status, note=f"now {status}")

    one = queries_for(lead_client, f"/api/v1/orders/{short.pk}/timeline/")
    many = queries_for(lead_client, f"/api/v1/orders/{long.pk}/timeline/")

    assert one == many <= 5
