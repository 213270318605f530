"""customers 0006 fills `search_ascii` for the customers already there: migrated back to before
it, given customers, and forward again (the test database is built without migrations, so
the graph is recorded as applied first and the recorder cleaned after)."""

import pytest

from common.testing import migration_executor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("customers", "0005_phones_e164_and_notify_by")]
AFTER = [("customers", "0006_fast_search_ascii")]


@pytest.fixture
def executor():
    with migration_executor() as executor:
        yield executor


def test_search_ascii_is_filled_for_existing_customers(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("customers", "Customer")
    plain = old.objects.create(name="Bukola Martins", email="Bukola@Example.com", phone="+234 808")
    accented = old.objects.create(name="Zoë Okafor")

    executor.loader.build_graph()
    executor.migrate(AFTER)

    new = executor.loader.project_state(AFTER).apps.get_model("customers", "Customer")
    assert new.objects.get(pk=plain.pk).search_ascii == "bukola martins\nbukola@example.com\n+234 808"
    assert new.objects.get(pk=accented.pk).search_ascii is None
