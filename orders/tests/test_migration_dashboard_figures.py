"""orders 0003 counts the dashboard's figures of the orders already there: migrated back to
before it, given orders, and forward again (the test database is built without migrations, so
the graph is recorded as applied first and the recorder cleaned after)."""

from decimal import Decimal

import pytest

from common.testing import migration_executor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("orders", "0002_payment_receipt_number")]
AFTER = [("orders", "0003_fast_dashboard_figures")]


@pytest.fixture
def executor():
    with migration_executor() as executor:
        yield executor


def test_the_figures_of_existing_orders_are_counted(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    customer = old.get_model("customers", "Customer").objects.create(name="Ada")
    Order = old.get_model("orders", "Order")
    Order.objects.create(customer=customer, title="a", price=Decimal("100"), amount_paid=Decimal("40"))
    Order.objects.create(customer=customer, title="b", price=Decimal("60.50"))
    Order.objects.create(customer=customer, title="c", price=Decimal("10"), status="cancelled")

    executor.loader.build_graph()
    executor.migrate(AFTER)

    Figures = executor.loader.project_state(AFTER).apps.get_model("orders", "OrderStatusFigures")
    counted = {row.status: (row.count, row.balance_due) for row in Figures.objects.all()}
    assert counted == {
        "pending": (2, Decimal("120.50")),
        "in_progress": (0, Decimal("0")),
        "completed": (0, Decimal("0")),
        "delivered": (0, Decimal("0")),
        "cancelled": (1, Decimal("10.00")),
    }
