"""Migration 0005 turns existing phones into E.164 where they parse, leaves the rest as typed,
and gives existing customers the notify_by a new one would get (the test database is built
without migrations, so the graph is recorded as applied first and the recorder cleaned after)."""

import pytest
from django.core.management import call_command

from common.testing import migration_executor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("customers", "0004_customer_notify_by")]
AFTER = [("customers", "0005_phones_e164_and_notify_by")]


@pytest.fixture
def executor():
    with migration_executor() as executor:
        yield executor


def test_phones_that_parse_become_e164_and_the_rest_stay_as_typed(executor, capsys):
    executor.migrate(BEFORE)
    Customer = executor.loader.project_state(BEFORE).apps.get_model("customers", "Customer")
    local = Customer.objects.create(name="Ada", phone="0803 123 4567")
    foreign = Customer.objects.create(name="Bea", phone="+44 20 7946 0958", email="bea@example.com")
    junk = Customer.objects.create(name="Cy", phone="call my sister")
    short = Customer.objects.create(name="Di", phone="12")
    none = Customer.objects.create(name="Ed")

    executor.loader.build_graph()
    executor.migrate(AFTER)

    rows = {c.pk: (c.phone, c.notify_by) for c in Customer.objects.all()}
    assert rows[local.pk] == ("+2348031234567", "sms")
    assert rows[foreign.pk] == ("+442079460958", "email")
    assert rows[junk.pk] == ("call my sister", "none")
    assert rows[short.pk] == ("12", "none")
    assert rows[none.pk] == ("", "none")

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # the command reads today's model
    call_command("customers_phones_left")
    listed = capsys.readouterr()
    assert listed.out.splitlines() == [f"{junk.pk}\tCy\tcall my sister", f"{short.pk}\tDi\t12"]
    assert "2 customer(s)" in listed.err
