"""customers 0007 counts the customers already there into their row count's shard rows: migrated
back to before it, given customers, and forward again (the test database is built without
migrations, so the graph is recorded as applied first and the recorder cleaned after)."""

import pytest

from common.testing import migration_executor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("customers", "0006_fast_search_ascii")]
AFTER = [("customers", "0007_row_count")]


@pytest.fixture
def executor():
    with migration_executor() as executor:
        yield executor


def test_the_customers_there_are_counted(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Customer = old.get_model("customers", "Customer")
    Customer.objects.create(name="Ada")
    Customer.objects.create(name="Bola")

    executor.loader.build_graph()
    executor.migrate(AFTER)

    RowCount = executor.loader.project_state(AFTER).apps.get_model("common", "RowCount")
    rows = dict(RowCount.objects.filter(model="customers.customer").values_list("shard", "count"))
    assert rows == {0: 2, **dict.fromkeys(range(1, 8), 0)}
