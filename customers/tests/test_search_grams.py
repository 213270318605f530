"""The grams `?search=` finds customers by (customers.models.CustomerSearchGram): written with
every save of a searched field, in its transaction, gone with the customer, rebuilt after a bulk
load; and the search through them answers what a scan of every customer answers."""

import re
import time
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customers import filters, services
from customers.models import (
    SEARCH_UNINDEXED,
    Customer,
    CustomerSearchGram,
    search_ascii_for,
    search_grams_for,
    search_grams_rebuild,
)
from customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/customers/"
READS_GRAMS = re.compile(r"\bJOIN [`\"]?customers_customersearchgram[`\"]?", re.IGNORECASE)


def grams_of(customer: Customer) -> set[str]:
    return set(CustomerSearchGram.objects.filter(customer=customer).values_list("gram", flat=True))


def found(client, term: str) -> list[str]:
    response = client.get(f"{URL}?search={quote(term)}&page_size=100")
    assert response.status_code == 200, response.data
    return [row["name"] for row in response.data["results"]]


def test_grams_are_each_three_characters_of_one_field_without_spaces():
    assert search_grams_for("ada okafor\nada@x.ng\n+234") == {
        "ada", "oka", "kaf", "afo", "for", "@x.", "x.n", ".ng", "da@", "a@x", "+23", "234",
    }  # fmt: skip


def test_a_customer_searched_field_by_field_holds_only_the_unindexed_gram():
    assert search_grams_for(None) == {SEARCH_UNINDEXED}


def test_a_new_customer_has_the_grams_of_their_fields(lead):
    customer = services.customer_create(actor=lead, name="Ada Okafor", email="ada@x.ng", phone="")

    assert grams_of(customer) == search_grams_for(customer.search_ascii)
    assert "oka" in grams_of(customer)


def test_a_new_customer_with_accents_has_only_the_unindexed_gram(lead):
    customer = services.customer_create(actor=lead, name="Zoë Okafor", email="", phone="")

    assert grams_of(customer) == {SEARCH_UNINDEXED}


def test_a_changed_name_replaces_the_grams(lead):
    customer = services.customer_create(actor=lead, name="Ada Okafor", email="", phone="")

    services.customer_update(actor=lead, customer=customer, name="Ada Balogun")

    assert grams_of(customer) == search_grams_for(search_ascii_for("Ada Balogun", "", ""))
    assert "oka" not in grams_of(customer)


def test_a_save_of_other_fields_leaves_the_grams_alone(lead):
    customer = services.customer_create(actor=lead, name="Ada Okafor", email="", phone="")
    customer.notes = "Prefers Saturdays."

    with CaptureQueriesContext(connection) as queries:
        customer.save(update_fields=["notes"])

    assert not any("customersearchgram" in q["sql"].lower() for q in queries.captured_queries)
    assert grams_of(customer) == search_grams_for(customer.search_ascii)


def test_a_deleted_customer_takes_their_grams(lead):
    customer = services.customer_create(actor=lead, name="Ada Okafor", email="", phone="")

    services.customer_delete(actor=lead, customer=customer)

    assert not CustomerSearchGram.objects.exists()


def test_a_rebuild_writes_the_grams_of_customers_loaded_in_bulk():
    Customer.objects.bulk_create(
        [Customer(name="Ada Okafor", search_ascii="ada okafor"), Customer(name="Zoë Eze", search_ascii=None)]
    )
    assert not CustomerSearchGram.objects.exists()

    search_grams_rebuild()

    for customer in Customer.objects.all():
        assert grams_of(customer) == search_grams_for(customer.search_ascii)


def test_the_search_joins_the_grams_of_its_term(lead_client):
    CustomerFactory(name="Ada Okafor")

    with CaptureQueriesContext(connection) as queries:
        assert found(lead_client, "okafor") == ["Ada Okafor"]

    assert any(READS_GRAMS.search(q["sql"]) for q in queries.captured_queries)


def test_a_term_under_three_characters_is_scanned_for(lead_client):
    CustomerFactory(name="Ada Okafor")
    CustomerFactory(name="Bisi Eze")

    with CaptureQueriesContext(connection) as queries:
        assert found(lead_client, "ez") == ["Bisi Eze"]

    assert not any(READS_GRAMS.search(q["sql"]) for q in queries.captured_queries)


def test_the_rarest_gram_of_the_term_is_the_one_joined():
    for name in ("Ada Okafor", "Ada Bello", "Ada Eze", "Kafayat Bello"):
        CustomerFactory(name=name)

    # "ada" is held by three customers, "kaf" by two ("okafor", "kafayat"), "afo" by one.
    assert filters.rarest_gram({"ada", "kaf", "afo"}) == ("afo", 1)


def test_a_term_whose_rarest_gram_most_customers_hold_is_scanned_for(lead_client, monkeypatch):
    monkeypatch.setattr(filters, "GRAM_JOIN_ALWAYS", 1)
    for name in ("Ada Okafor", "Bisi Okafor", "Ada Bello"):
        CustomerFactory(name=name)

    with CaptureQueriesContext(connection) as queries:
        assert found(lead_client, "okafor") == ["Ada Okafor", "Bisi Okafor"]

    assert not any(READS_GRAMS.search(q["sql"]) for q in queries.captured_queries)


def test_a_rarest_gram_kept_from_before_still_finds_every_customer(lead_client):
    CustomerFactory(name="Ada Okafor")
    # Kept when nobody held "afo": then many customers came who hold it and not "oka".
    filters._rarest_kept.put(frozenset({"oka", "kaf", "afo", "for"}), (time.monotonic(), "afo", 0))
    for name in ("Afolabi One", "Afolabi Two"):
        CustomerFactory(name=name)

    assert found(lead_client, "okafor") == ["Ada Okafor"]


def test_a_customer_searched_field_by_field_is_found_by_a_term_with_grams(lead_client):
    CustomerFactory(name="Zoë Okafor")
    CustomerFactory(name="Ada Bello")

    assert found(lead_client, "okafor") == ["Zoë Okafor"]


def test_every_term_must_match_when_one_of_them_has_no_grams(lead_client):
    CustomerFactory(name="Ada Okafor")
    CustomerFactory(name="Bisi Okafor")

    assert found(lead_client, "okafor bi") == ["Bisi Okafor"]


def test_a_quoted_term_with_a_space_is_found_by_its_grams_without_one(lead_client):
    CustomerFactory(name="Ada Okafor")
    CustomerFactory(name="Okafor Ada")

    assert found(lead_client, '"ada okafor"') == ["Ada Okafor"]


def test_a_long_term_compares_a_bounded_number_of_grams(lead_client):
    CustomerFactory(name="Ada Okafor")
    term = "okafor" + "x" * 2000 + "".join(chr(97 + i % 26) + chr(97 + (i // 26) % 26) for i in range(600))

    with CaptureQueriesContext(connection) as queries:
        assert found(lead_client, term) == []

    compared = next(q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"])
    assert compared.count("'") // 2 <= filters.GRAMS_COMPARED
