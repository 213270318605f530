"""A customer search's count is kept per version of the table (common.versions, kept_count):
asked again with no write in between it is not counted again, and any create, save or delete of a
customer makes the next search count anew."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.row_counts import row_changes, row_counts_rebuild
from customers import services
from customers.models import Customer
from customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/customers/"
COUNTS_CUSTOMERS = re.compile(r"COUNT\(.*\bFROM [`\"]?customers_customer(?![a-z_])", re.IGNORECASE | re.DOTALL)
READS_CHANGES = re.compile(r"SUM\([`\"]?changes[`\"]?\)", re.IGNORECASE)


@pytest.fixture(autouse=True)
def figures():
    row_counts_rebuild([Customer])


def search(client, term: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}?search={term}")
    assert response.status_code == 200, response.data
    return response.data["count"], [q["sql"] for q in queries.captured_queries]


def counted(sqls: list[str]) -> bool:
    return any(COUNTS_CUSTOMERS.search(sql) for sql in sqls)


def test_a_search_asked_again_is_not_counted_again(lead_client):
    CustomerFactory.create_batch(2, name="Ada Okafor")

    first, first_sqls = search(lead_client, "okafor")
    again, again_sqls = search(lead_client, "okafor")

    assert (first, again) == (2, 2)
    assert counted(first_sqls)
    assert not counted(again_sqls)


def test_the_version_is_read_before_the_count(lead_client):
    CustomerFactory(name="Ada Okafor")

    _, sqls = search(lead_client, "okafor")

    version = next(i for i, sql in enumerate(sqls) if READS_CHANGES.search(sql))
    count = next(i for i, sql in enumerate(sqls) if COUNTS_CUSTOMERS.search(sql))
    assert version < count


def test_another_term_is_counted_on_its_own(lead_client):
    CustomerFactory(name="Ada Okafor")
    CustomerFactory(name="Bisi Bello")
    search(lead_client, "okafor")

    count, sqls = search(lead_client, "bello")

    assert count == 1
    assert counted(sqls)


def test_a_new_customer_is_in_the_next_count(lead_client):
    CustomerFactory(name="Ada Okafor")
    search(lead_client, "okafor")

    CustomerFactory(name="Bisi Okafor")

    assert search(lead_client, "okafor")[0] == 2


def test_a_renamed_customer_leaves_the_next_count(lead_client, lead):
    ada = CustomerFactory(name="Ada Okafor")
    CustomerFactory(name="Bisi Okafor")
    search(lead_client, "okafor")

    services.customer_update(actor=lead, customer=ada, name="Ada Bello")

    assert search(lead_client, "okafor")[0] == 1


def test_a_deleted_customer_leaves_the_next_count(lead_client, lead):
    ada = CustomerFactory(name="Ada Okafor")
    CustomerFactory(name="Bisi Okafor")
    search(lead_client, "okafor")

    services.customer_delete(actor=lead, customer=ada)

    assert search(lead_client, "okafor")[0] == 1


def test_every_create_save_and_delete_adds_a_change(lead):
    before = row_changes(Customer)
    customer = CustomerFactory(name="Ada Okafor")
    services.customer_update(actor=lead, customer=customer, notes="Saturdays")
    services.customer_delete(actor=lead, customer=customer)

    assert row_changes(Customer) == before + 3


def test_a_rebuild_after_a_bulk_load_is_a_change():
    before = row_changes(Customer)
    Customer.objects.bulk_create([Customer(name="Ada Okafor")])

    row_counts_rebuild([Customer])

    assert row_changes(Customer) > before


def test_a_change_rolled_back_leaves_the_version(lead):
    from django.db import transaction

    before = row_changes(Customer)
    with pytest.raises(RuntimeError), transaction.atomic():
        CustomerFactory(name="Ada Okafor")
        raise RuntimeError

    assert row_changes(Customer) == before
