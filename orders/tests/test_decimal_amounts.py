"""Payments of any hundredth add up exactly, on SQLite (which sums DECIMAL columns as floating
point) as on MariaDB: the balance reaches exactly zero and the order is paid."""

from decimal import Decimal

import pytest

from orders.models import Order
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_payments_of_every_hundredth_from_001_to_099_pay_the_order_exactly(lead_client):
    amounts = [Decimal(n) / 100 for n in range(1, 100)]
    order = OrderFactory(price=sum(amounts))

    statuses = [
        lead_client.post(f"/api/v1/orders/{order.pk}/payments/", {"amount": str(amount), "method": "cash"}).status_code
        for amount in amounts
    ]

    assert statuses == [201] * 99
    order.refresh_from_db()
    assert order.amount_paid == order.price == Decimal("49.50")
    detail = lead_client.get(f"/api/v1/orders/{order.pk}/").json()
    assert (detail["balance_due"], detail["payment_status"]) == ("0.00", "paid")
    assert Order.objects.filter(pk=order.pk, amount_paid__lte=order.price).exists()
