"""Lists not covered by the list tests: the query count is the same for 1 row and 50."""

import pytest

from common.testing import list_queries
from orders.models import OrderStatus, OrderStatusChange
from orders.services import order_set_status
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_timeline_queries_do_not_grow_with_its_rows(lead_client, lead):
    short, long = OrderFactory(), OrderFactory()
    OrderStatusChange.objects.create(order=short, from_status=None, to_status=OrderStatus.PENDING, changed_by=lead)
    # The workflow has four steps; a timeline of 50 rows is written directly (a read test).
    OrderStatusChange.objects.create(order=long, from_status=None, to_status=OrderStatus.PENDING, changed_by=lead)
    for status in (OrderStatus.IN_PROGRESS, OrderStatus.COMPLETED, OrderStatus.DELIVERED):
        order_set_status(actor=lead, order=long, status=status, note=f"now {status}")
    OrderStatusChange.objects.bulk_create(
        OrderStatusChange(
            order=long, from_status=OrderStatus.DELIVERED, to_status=OrderStatus.DELIVERED, changed_by=lead
        )
        for _ in range(46)
    )
    assert (short.timeline.count(), long.timeline.count()) == (1, 50)

    one = list_queries(lead_client, f"/api/v1/orders/{short.pk}/timeline/")
    many = list_queries(lead_client, f"/api/v1/orders/{long.pk}/timeline/")

    assert one == many <= 5
