"""Migration 0002 numbers the payments recorded before receipt numbers, in the order they were
recorded, per year, and the counter continues after them (the test database is built without
migrations, so the graph is recorded as applied first and the recorder cleaned after)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from common.testing import migration_executor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("orders", "0001_initial"), ("studio", "0002_studio_profile_row")]
AFTER = [("orders", "0002_payment_receipt_number")]


@pytest.fixture
def executor():
    with migration_executor() as executor:
        yield executor


def test_earlier_payments_are_numbered_in_the_order_they_were_recorded(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    customer = old.get_model("customers", "Customer").objects.create(name="Adébáyọ̀")
    order = old.get_model("orders", "Order").objects.create(customer=customer, title="Gown", price=Decimal("100"))
    Payment = old.get_model("orders", "Payment")
    made = []
    for when in (datetime(2026, 3, 1, tzinfo=UTC), datetime(2025, 7, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)):
        payment = Payment.objects.create(order=order, amount=Decimal("10"))
        Payment.objects.filter(pk=payment.pk).update(created_at=when)  # auto_now_add: set afterwards
        made.append(payment.pk)

    executor.loader.build_graph()
    executor.migrate(AFTER)

    new = executor.loader.project_state(AFTER).apps
    numbers = dict(new.get_model("orders", "Payment").objects.values_list("pk", "receipt_number"))
    assert [numbers[pk] for pk in made] == ["RCT-2026-000002", "RCT-2025-000001", "RCT-2026-000001"]
    counters = new.get_model("studio", "DocumentCounter").objects.values_list("prefix", "year", "last_number")
    assert sorted(counters) == [("RCT", 2025, 1), ("RCT", 2026, 2)]
