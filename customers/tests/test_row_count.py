"""The customer count the database keeps (common.row_counts): equal to the table's COUNT(*) after
every kind of write, read by the unfiltered list instead of a COUNT(*), never by a filtered one."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from common.models import RowCount
from common.row_counts import ROW_COUNT_SHARDS, row_count, row_counts_rebuild
from customers import services
from customers.models import Customer
from customers.selectors import customer_list
from customers.tests.factories import CustomerFactory
from customers.tests.test_concurrency import _run_together

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/customers/"
LABEL = "customers.customer"
# A COUNT of the customers' table itself (the figures' statement counts common_rowcount rows).
COUNTS_CUSTOMERS = re.compile(r"COUNT\(.*\bFROM [`\"]?customers_customer[`\"]?", re.IGNORECASE | re.DOTALL)


@pytest.fixture(autouse=True)
def figures():
    # The shard rows conftest's django_db_setup makes; made again here in case a transactional
    # test's flush removed them.
    row_counts_rebuild([Customer])


def kept() -> int | None:
    return row_count(Customer)


def test_a_rebuild_writes_every_shard_row_with_the_table_count():
    CustomerFactory.create_batch(3)
    RowCount.objects.filter(model=LABEL).update(count=99)

    row_counts_rebuild([Customer])

    rows = RowCount.objects.filter(model=LABEL)
    assert sorted(rows.values_list("shard", flat=True)) == list(range(ROW_COUNT_SHARDS))
    assert sum(rows.values_list("count", flat=True)) == Customer.objects.count() == 3


def test_a_rebuild_counts_rows_a_bulk_create_wrote():
    Customer.objects.bulk_create([Customer(name="Ada"), Customer(name="Bola")])

    row_counts_rebuild([Customer])

    assert kept() == Customer.objects.count() == 2


def test_a_customer_created_through_the_api_is_counted(lead_client):
    before = kept()

    response = lead_client.post(LIST_URL, {"name": "Amara"}, format="json")

    assert response.status_code == 201
    assert kept() == before + 1 == Customer.objects.count()


def test_a_customer_made_by_a_factory_is_counted():
    CustomerFactory.create_batch(2)

    assert kept() == Customer.objects.count() == 2


def test_a_customer_deleted_through_the_api_is_uncounted(lead_client):
    customer = CustomerFactory()

    response = lead_client.delete(f"/api/v1/customers/{customer.pk}/")

    assert response.status_code == 204
    assert kept() == Customer.objects.count() == 0


def test_a_rolled_back_create_is_not_counted():
    CustomerFactory()

    with pytest.raises(RuntimeError), transaction.atomic():
        CustomerFactory()
        raise RuntimeError("roll back")

    assert kept() == Customer.objects.count() == 1


def test_deleting_a_row_already_deleted_is_not_counted_again():
    customer = CustomerFactory()
    CustomerFactory()
    stale = Customer.objects.get(pk=customer.pk)
    customer.delete()

    stale.delete()

    assert kept() == Customer.objects.count() == 1


def test_saving_an_existing_customer_counts_nothing(lead):
    customer = CustomerFactory()

    services.customer_update(actor=lead, customer=customer, name="Renamed")

    assert kept() == Customer.objects.count() == 1


def test_one_transaction_writes_one_shard():
    with transaction.atomic():
        CustomerFactory.create_batch(3)

    counts = list(RowCount.objects.filter(model=LABEL).exclude(count=0).values_list("count", flat=True))
    assert counts == [3]


def test_the_list_count_is_the_number_of_customers(lead_client):
    CustomerFactory.create_batch(3)

    assert lead_client.get(LIST_URL).data["count"] == 3


def test_the_unfiltered_list_reads_the_figures_not_a_count_of_the_table(lead_client):
    CustomerFactory.create_batch(3)

    with CaptureQueriesContext(connection) as queries:
        response = lead_client.get(LIST_URL)

    statements = [query["sql"] for query in queries.captured_queries]
    assert response.data["count"] == 3
    assert not [sql for sql in statements if COUNTS_CUSTOMERS.search(sql)]
    assert [sql for sql in statements if RowCount._meta.db_table in sql]


def test_a_searched_list_counts_its_rows(lead_client):
    CustomerFactory(name="Ade Okafor")
    CustomerFactory(name="Bola Ade")
    CustomerFactory(name="Chidi Obi")

    with CaptureQueriesContext(connection) as queries:
        response = lead_client.get(LIST_URL, {"search": "ade"})

    assert response.data["count"] == 2
    assert [query for query in queries.captured_queries if COUNTS_CUSTOMERS.search(query["sql"])]


def test_a_sliced_queryset_counts_its_slice():
    CustomerFactory.create_batch(3)

    assert customer_list().order_by("pk")[:2].count() == 2


def test_without_all_its_shard_rows_the_list_counts_the_table(lead_client):
    CustomerFactory.create_batch(2)
    RowCount.objects.filter(model=LABEL, shard=0).delete()

    with CaptureQueriesContext(connection) as queries:
        response = lead_client.get(LIST_URL)

    assert kept() is None
    assert response.data["count"] == 2
    assert [query for query in queries.captured_queries if COUNTS_CUSTOMERS.search(query["sql"])]


@pytest.mark.django_db(transaction=True)
def test_customers_created_at_once_are_all_counted(mariadb_only, lead):
    row_counts_rebuild([Customer])  # this test's database may have been flushed
    threads = 3 * ROW_COUNT_SHARDS // 2  # more than the shards: some share a shard's row lock

    results = _run_together(
        [lambda index=index: services.customer_create(actor=lead, name=f"Customer {index}") for index in range(threads)]
    )

    assert [result for result in results if isinstance(result, Exception)] == []
    assert kept() == Customer.objects.count() == threads
