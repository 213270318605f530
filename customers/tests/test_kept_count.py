"""A customer search's count and page are kept per version of the table (common.versions,
kept_per_version): asked again with no write in between it is not counted again and its page is
read by id, and any create, save or delete of a customer makes the next search read anew."""

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
JOINS_GRAMS = re.compile(r"\bJOIN [`\"]?customers_customersearchgram", re.IGNORECASE)
READS_CHANGES = re.compile(r"SUM\([`\"]?changes[`\"]?\)", re.IGNORECASE)


@pytest.fixture(autouse=True)
def figures():
    row_counts_rebuild([Customer])


def search(client, term: str) -> tuple[int, list[str]]:
    count, _, sqls = search_page(client, term)
    return count, sqls


def search_page(client, term: str, page_size: int = 20) -> tuple[int, list[str], list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}?search={term}&page_size={page_size}")
    assert response.status_code == 200, response.data
    names = [row["name"] for row in response.data["results"]]
    return response.data["count"], names, [q["sql"] for q in queries.captured_queries]


def counted(sqls: list[str]) -> bool:
    """Some query read the customers that match: a COUNT of them, or (through a gram) their ids."""
    return any(COUNTS_CUSTOMERS.search(sql) or JOINS_GRAMS.search(sql) for sql in sqls)


def test_a_search_asked_again_does_not_read_its_matches_again(lead_client):
    CustomerFactory.create_batch(2, name="Ada Okafor")

    first, first_sqls = search(lead_client, "okafor")
    again, again_sqls = search(lead_client, "okafor")

    assert (first, again) == (2, 2)
    assert counted(first_sqls)
    assert not counted(again_sqls)


def test_a_search_through_a_gram_reads_its_matches_once_for_the_count_and_the_page(lead_client):
    CustomerFactory.create_batch(2, name="Ada Okafor")

    _, sqls = search(lead_client, "okafor")

    assert len([sql for sql in sqls if JOINS_GRAMS.search(sql)]) == 1
    assert not any(COUNTS_CUSTOMERS.search(sql) for sql in sqls)


def test_a_scanned_search_counts_once_and_keeps_its_page(lead_client):
    CustomerFactory(name="Bisi Eze")

    first, first_sqls = search(lead_client, "ez")
    again, again_sqls = search(lead_client, "ez")

    assert (first, again) == (1, 1)
    assert any(COUNTS_CUSTOMERS.search(sql) for sql in first_sqls)
    assert not any(COUNTS_CUSTOMERS.search(sql) for sql in again_sqls)


def test_the_version_is_read_before_the_matches(lead_client):
    CustomerFactory(name="Ada Okafor")

    _, sqls = search(lead_client, "okafor")

    version = next(i for i, sql in enumerate(sqls) if READS_CHANGES.search(sql))
    matches = next(i for i, sql in enumerate(sqls) if JOINS_GRAMS.search(sql))
    assert version < matches


def test_another_term_is_read_on_its_own(lead_client):
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


def test_a_page_asked_again_is_read_by_id(lead_client):
    for name in ("Ada Okafor", "Bisi Okafor", "Chidi Okafor"):
        CustomerFactory(name=name)

    _, first, first_sqls = search_page(lead_client, "okafor", page_size=2)
    _, again, again_sqls = search_page(lead_client, "okafor", page_size=2)

    assert first == again == ["Ada Okafor", "Bisi Okafor"]
    assert any(JOINS_GRAMS.search(sql) for sql in first_sqls)
    assert not any(JOINS_GRAMS.search(sql) for sql in again_sqls)


def test_the_next_page_is_kept_on_its_own(lead_client):
    for name in ("Ada Okafor", "Bisi Okafor", "Chidi Okafor"):
        CustomerFactory(name=name)
    search_page(lead_client, "okafor", page_size=2)

    response = lead_client.get(f"{URL}?search=okafor&page_size=2&page=2")

    assert [row["name"] for row in response.data["results"]] == ["Chidi Okafor"]


def test_a_renamed_customer_leaves_the_next_page(lead_client, lead):
    ada = CustomerFactory(name="Ada Okafor")
    CustomerFactory(name="Bisi Okafor")
    search_page(lead_client, "okafor")

    services.customer_update(actor=lead, customer=ada, name="Ada Bello")

    assert search_page(lead_client, "okafor")[1] == ["Bisi Okafor"]


def test_a_page_read_by_id_shows_the_rows_as_they_are(lead_client, lead):
    ada = CustomerFactory(name="Ada Okafor")
    search_page(lead_client, "okafor")

    services.customer_update(actor=lead, customer=ada, notes="Saturdays")
    response = lead_client.get(f"{URL}?search=okafor")

    assert response.data["results"][0]["notes"] == "Saturdays"


def test_a_search_that_finds_nobody_reads_no_page(lead_client):
    CustomerFactory(name="Ada Okafor")

    count, names, _ = search_page(lead_client, "zzqx")

    assert (count, names) == (0, [])
