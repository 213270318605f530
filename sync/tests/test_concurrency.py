"""Transactions that commit in another order than they took their change-log ids (MariaDB)."""

import os
import threading

import pytest
from django.db import connection, transaction

from accounts.tests.factories import LeadFactory
from conftest import client_for
from customers.services import customer_update
from customers.tests.factories import CustomerFactory
from sync.tests.conftest import server_state, sync_all

RUNS = int(os.environ.get("SYNC_RACE_RUNS", "1"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("run", range(RUNS))
def test_a_transaction_that_commits_after_a_later_one_is_not_skipped(mariadb_only, run):
    lead = LeadFactory()
    client = client_for(lead)
    early, late = CustomerFactory(name="early"), CustomerFactory(name="late")
    replica, cursor, _ = sync_all(client)
    took_id, may_commit = threading.Event(), threading.Event()
    failures = []

    def slow_writer():
        # Starts first, takes the lower id, and commits last.
        try:
            with transaction.atomic():
                customer_update(actor=lead, customer=early, name="early, committed last")
                took_id.set()
                assert may_commit.wait(10)
        except Exception as error:  # reported by the main thread
            failures.append(error)
        finally:
            took_id.set()
            connection.close()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert took_id.wait(10)
    customer_update(actor=lead, customer=late, name="late, committed first")

    # The client syncs between the two commits: it sees the second only.
    replica, cursor, _ = sync_all(client, cursor=cursor, replica=replica)
    assert replica[("customer", late.pk)]["name"] == "late, committed first"
    assert replica[("customer", early.pk)]["name"] == "early"

    may_commit.set()
    writer.join(10)
    assert not failures

    replica, cursor, _ = sync_all(client, cursor=cursor, replica=replica)
    assert replica[("customer", early.pk)]["name"] == "early, committed last"
    assert replica == server_state(client, lead)
