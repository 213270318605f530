"""The change log's move from a foreign key to orders to a named source (0004–0006) keeps every
link: migrated back to before it, given rows, and forward again (the test database is built
without migrations, so the graph is recorded as applied first and the recorder cleaned after)."""

from decimal import Decimal

import pytest

from common.testing import migration_executor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("inventory", "0003_change_delta_rounded")]
AFTER = [("inventory", "0006_remove_change_order")]


@pytest.fixture
def executor():
    with migration_executor() as executor:
        yield executor


def test_order_links_become_sources_and_back(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    customer = old.get_model("customers", "Customer").objects.create(name="Ada")
    order = old.get_model("orders", "Order").objects.create(customer=customer, title="Gown")
    item = old.get_model("inventory", "InventoryItem").objects.create(name="Silk", quantity=Decimal("7"))
    Change = old.get_model("inventory", "InventoryChange")
    row = {"inventory_item": item, "old_quantity": Decimal("10"), "new_quantity": Decimal("7"), "delta": Decimal("-3")}
    reserved = Change.objects.create(**row, reason="order_reserved", order=order)
    orphan = Change.objects.create(**row, reason="order_released", order=None)  # its order was deleted
    manual = Change.objects.create(**row, reason="damage", order=None)

    executor.loader.build_graph()
    executor.migrate(AFTER)

    new = executor.loader.project_state(AFTER).apps.get_model("inventory", "InventoryChange")
    sources = dict(new.objects.values_list("pk", "source_type").order_by())
    ids = dict(new.objects.values_list("pk", "source_id").order_by())
    assert (sources[reserved.pk], ids[reserved.pk]) == ("order", order.pk)
    assert (sources[orphan.pk], ids[orphan.pk]) == ("order", None)
    assert (sources[manual.pk], ids[manual.pk]) == ("", None)

    executor.loader.build_graph()
    executor.migrate(BEFORE)

    links = dict(old.get_model("inventory", "InventoryChange").objects.values_list("pk", "order_id").order_by())
    assert links == {reserved.pk: order.pk, orphan.pk: None, manual.pk: None}
