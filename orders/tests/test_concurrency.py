"""Row locking under real concurrency: threads against MariaDB (skipped on SQLite)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from accounts.tests.factories import LeadFactory
from conftest import client_for
from customers.tests.factories import CustomerFactory
from inventory.models import InventoryChange
from orders import services
from orders.models import Order, Payment
from orders.tests.conftest import assert_chain, stocked_item

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.mariadb]

ORDERS = "/api/v1/orders/"


def run_together(calls):
    """Start every call at the same moment (one thread each); return their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # reported to the test, which fails on it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_twenty_orders_for_five_units_let_exactly_five_through(mariadb_only):
    lead = LeadFactory()
    customer = CustomerFactory()
    item = stocked_item(lead, "5")
    clients = [client_for(lead) for _ in range(20)]
    body = {"customer": customer.pk, "title": "Gown", "items": [{"inventory_item": item.pk, "quantity": "1"}]}

    responses = run_together([lambda c=c: c.post(ORDERS, body, format="json") for c in clients])

    codes = sorted(response.status_code for response in responses)
    assert codes == [201] * 5 + [409] * 15
    item.refresh_from_db()
    assert item.quantity == Decimal("0")
    assert Order.objects.count() == 5
    assert InventoryChange.objects.filter(inventory_item=item, reason="order_reserved").count() == 5
    assert_chain(item)


def test_orders_touching_two_items_in_opposite_order_do_not_deadlock(mariadb_only):
    lead = LeadFactory()
    customer = CustomerFactory()
    first, second = stocked_item(lead, "100"), stocked_item(lead, "100")
    forward = [
        {"inventory_item": first, "quantity": Decimal("1")},
        {"inventory_item": second, "quantity": Decimal("1")},
    ]
    backward = list(reversed(forward))

    def create(lines):
        return services.order_create(actor=lead, customer=customer, title="x", items=lines)

    results = run_together([lambda lines=(forward if n % 2 else backward): create(lines) for n in range(10)])

    assert all(isinstance(result, Order) for result in results), results
    for item in (first, second):
        item.refresh_from_db()
        assert item.quantity == Decimal("90")
        assert_chain(item)


def test_concurrent_payments_never_exceed_the_price(mariadb_only):
    lead = LeadFactory()
    order = services.order_create(actor=lead, customer=CustomerFactory(), title="x", price=Decimal("100"))
    clients = [client_for(lead) for _ in range(10)]
    url = f"{ORDERS}{order.pk}/payments/"

    responses = run_together(
        [lambda c=c: c.post(url, {"amount": "30.00", "method": "cash"}, format="json") for c in clients]
    )

    assert sorted(response.status_code for response in responses) == [201] * 3 + [400] * 7
    order.refresh_from_db()
    assert order.amount_paid == Decimal("90.00")
    assert sum(payment.amount for payment in Payment.objects.filter(order=order)) == Decimal("90.00")


def test_concurrent_repeats_of_one_idempotency_key_create_one_order(mariadb_only):
    lead = LeadFactory()
    customer = CustomerFactory()
    item = stocked_item(lead, "50")
    clients = [client_for(lead) for _ in range(8)]
    body = {"customer": customer.pk, "title": "Gown", "items": [{"inventory_item": item.pk, "quantity": "1"}]}

    responses = run_together(
        [lambda c=c: c.post(ORDERS, body, format="json", HTTP_IDEMPOTENCY_KEY="same-key") for c in clients]
    )

    assert Order.objects.count() == 1
    created = [response for response in responses if response.status_code == 201]
    assert all(response.status_code in (201, 409) for response in responses)
    assert len({response.json()["id"] for response in created}) == 1
    item.refresh_from_db()
    assert item.quantity == Decimal("49")
    assert_chain(item)


def test_concurrent_writes_keep_the_dashboard_figures_equal_to_a_recount(mariadb_only):
    from orders.models import OrderStatusFigures

    services.order_status_figures_rebuild()  # the rows orders 0002 makes (this test's database was flushed)
    lead = LeadFactory()
    customer = CustomerFactory()
    existing = [services.order_create(actor=lead, customer=customer, title="x", price=Decimal("100")) for _ in range(6)]

    def create():
        return services.order_create(actor=lead, customer=customer, title="y", price=Decimal("40"))

    calls = [create for _ in range(8)]
    calls += [
        lambda o=o: services.payment_record(actor=lead, order=o, amount=Decimal("25"), method="cash")
        for o in existing[:3]
    ]
    calls += [lambda o=o: services.order_set_status(actor=lead, order=o, status="in_progress") for o in existing[3:]]
    results = run_together(calls)

    assert not [result for result in results if isinstance(result, Exception)], results
    kept = {row.status: (row.count, row.balance_due) for row in OrderStatusFigures.objects.all()}
    services.order_status_figures_rebuild()
    assert kept == {row.status: (row.count, row.balance_due) for row in OrderStatusFigures.objects.all()}
    assert kept["pending"] == (11, Decimal("545.00"))
    assert kept["in_progress"] == (3, Decimal("300.00"))
