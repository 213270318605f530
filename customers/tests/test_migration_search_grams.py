"""customers 0008 writes the grams of the customers already there: migrated back to before it,
given customers, and forward again (the test database is built without migrations, so the graph
is recorded as applied first and the recorder cleaned after)."""

import pytest

from common.testing import migration_executor
from customers.models import SEARCH_UNINDEXED, search_grams_for

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("customers", "0007_row_count")]
AFTER = [("customers", "0008_search_grams")]


@pytest.fixture
def executor():
    with migration_executor() as executor:
        yield executor


def test_grams_are_written_for_existing_customers(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("customers", "Customer")
    plain = old.objects.create(
        name="Bukola Martins", email="bukola@example.com", search_ascii="bukola martins\nbukola@example.com\n"
    )
    accented = old.objects.create(name="Zoë Okafor", search_ascii=None)

    executor.loader.build_graph()
    executor.migrate(AFTER)

    grams = executor.loader.project_state(AFTER).apps.get_model("customers", "CustomerSearchGram")
    held = {}
    for customer_id, gram in grams.objects.values_list("customer_id", "gram"):
        held.setdefault(customer_id, set()).add(gram)
    assert held[plain.pk] == search_grams_for(plain.search_ascii)
    assert held[accented.pk] == {SEARCH_UNINDEXED}
