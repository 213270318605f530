"""Row locking under real concurrency (MariaDB; SQLite serialises writers and ignores the locks)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from conftest import client_for
from inventory import services
from inventory.models import InventoryChange, InventoryItem
from inventory.tests.assertions import assert_change_chain


@pytest.mark.django_db(transaction=True)
def test_concurrent_adjustments_keep_the_chain_and_never_go_below_zero(mariadb_only, lead):
    # Given 5.00 in stock and 20 simultaneous adjustments: ten of -3.00 and ten of +1.00.
    # Whatever the interleaving, at most (5 + 10) / 3 removals can succeed, so some must be refused.
    item = services.inventory_item_create(actor=lead, name="Silk", quantity=Decimal("5.00"))
    deltas = [Decimal("-3.00"), Decimal("1.00")] * 10
    clients = [client_for(lead) for _ in deltas]
    results: list[tuple[Decimal, int]] = []
    results_lock = threading.Lock()
    start = threading.Barrier(len(deltas))

    def adjust(client, delta):
        try:
            start.wait()
            response = client.post(
                f"/api/v1/inventory/{item.pk}/adjust/", {"delta": str(delta), "reason": "correction"}
            )
            with results_lock:
                results.append((delta, response.status_code))
        finally:
            connection.close()

    threads = [threading.Thread(target=adjust, args=(c, d)) for c, d in zip(clients, deltas, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = {status for _, status in results}
    assert len(results) == len(deltas)
    assert statuses <= {200, 409}
    assert 409 in statuses
    succeeded = [delta for delta, status in results if status == 200]
    item.refresh_from_db()
    assert item.quantity >= 0
    assert item.quantity == Decimal("5.00") + sum(succeeded)
    assert InventoryChange.objects.filter(inventory_item=item).count() == 1 + len(succeeded)
    assert_change_chain(item)


@pytest.mark.django_db(transaction=True)
def test_concurrent_patch_and_adjust_keep_the_chain(mariadb_only, lead):
    # PUT/PATCH of quantity and adjust/ race on one item: every write is logged under the lock.
    item = services.inventory_item_create(actor=lead, name="Linen", quantity=Decimal("50.00"))
    start = threading.Barrier(10)
    statuses: list[int] = []

    def write(n):
        client = client_for_thread(lead)
        try:
            start.wait()
            if n % 2:
                # A fraction of its own: no PATCH can set the quantity the item already has
                # (that would rightly log nothing), whatever order the writes take.
                response = client.patch(f"/api/v1/inventory/{item.pk}/", {"quantity": f"{100 + n}.{n:02d}"})
            else:
                response = client.post(f"/api/v1/inventory/{item.pk}/adjust/", {"delta": "-1.00"})
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * 10
    assert InventoryChange.objects.filter(inventory_item=item).count() == 11
    assert_change_chain(item)


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_with_one_sku_give_one_item_and_400s(mariadb_only, lead):
    start = threading.Barrier(8)
    statuses: list[int] = []

    def create(n):
        client = client_for_thread(lead)
        try:
            start.wait()
            response = client.post("/api/v1/inventory/", {"name": f"Tulle {n}", "sku": "TUL-1", "quantity": "1"})
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [201] + [400] * 7
    assert InventoryItem.objects.filter(sku="TUL-1").count() == 1
    assert InventoryChange.objects.count() == 1


def client_for_thread(user):
    """A token made inside the thread, on the thread's own connection."""
    return client_for(user)
