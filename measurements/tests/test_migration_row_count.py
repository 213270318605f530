"""measurements 0005 counts the measurements already there into their row count's shard rows:
migrated back to before it, given measurements, and forward again (the test database is built
without migrations, so the graph is recorded as applied first and the recorder cleaned after)."""

import pytest

from common.testing import migration_executor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("measurements", "0004_default_garment_types")]
AFTER = [("measurements", "0005_row_count")]


@pytest.fixture
def executor():
    with migration_executor() as executor:
        yield executor


def test_the_measurements_there_are_counted(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    customer = old.get_model("customers", "Customer").objects.create(name="Ada")
    Measurement = old.get_model("measurements", "Measurement")
    for kind in ("dress", "shirt", "trousers"):
        Measurement.objects.create(customer=customer, type=kind, values={"bust": 92})

    executor.loader.build_graph()
    executor.migrate(AFTER)

    RowCount = executor.loader.project_state(AFTER).apps.get_model("common", "RowCount")
    rows = dict(RowCount.objects.filter(model="measurements.measurement").values_list("shard", "count"))
    assert rows == {0: 3, **dict.fromkeys(range(1, 8), 0)}
