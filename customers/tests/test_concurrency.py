"""Races against MariaDB: SQLite serialises writers, so these are skipped there (with a reason)."""

import threading
from collections import Counter

import pytest
from django.db import connection

from accounts.tests.factories import LeadFactory
from conftest import client_for
from customers.models import Customer
from customers.services import EMAIL_TAKEN
from customers.tests.factories import CustomerFactory


def _run_together(calls):
    """Start every call at the same moment; return their responses (or exceptions) in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_ten_customers_with_one_email_in_different_cases_make_exactly_one_row(mariadb_only):
    clients = [client_for(LeadFactory()) for _ in range(10)]
    # amara@studio.test, Amara@studio.test, aMara@studio.test, AMara@...: ten spellings of one address.
    emails = [
        "".join(char.upper() if (index >> position) & 1 else char for position, char in enumerate("amara"))
        + "@studio.test"
        for index in range(10)
    ]
    assert len(set(emails)) == 10

    responses = _run_together(
        [
            lambda client=client, email=email: client.post("/api/v1/customers/", {"name": "Amara", "email": email})
            for client, email in zip(clients, emails, strict=True)
        ]
    )

    assert Counter(response.status_code for response in responses) == {201: 1, 400: 9}
    assert all(response.data == {"email": [EMAIL_TAKEN]} for response in responses if response.status_code == 400)
    assert Customer.objects.filter(email_key="amara@studio.test").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_writers_with_the_same_if_match_cannot_both_win(mariadb_only):
    customer = CustomerFactory(notes="")
    clients = [client_for(LeadFactory()) for _ in range(2)]
    url = f"/api/v1/customers/{customer.pk}/"
    etag = clients[0].get(url)["ETag"]

    responses = _run_together(
        [
            lambda client=client, note=note: client.patch(url, {"notes": note}, HTTP_IF_MATCH=etag)
            for client, note in zip(clients, ["first", "second"], strict=True)
        ]
    )

    assert sorted(response.status_code for response in responses) == [200, 412]
    customer.refresh_from_db()
    winner = next(response for response in responses if response.status_code == 200)
    assert customer.notes == winner.data["notes"]
