"""The reference client against a running server (pytest-django's live_server)."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from accounts.tests.factories import LeadFactory
from customers.services import customer_update
from customers.tests.factories import CustomerFactory
from measurements.tests.factories import MeasurementFactory
from media_assets.services import style_image_delete
from media_assets.tests.factories import create_style_image
from orders.services import payment_record, payment_void
from orders.tests.factories import OrderFactory


@pytest.fixture(scope="session")
def _live_server_media_url():
    # MEDIA_URL is None on purpose; Django's live server parses it (as browser_tests/conftest.py does).
    from django.conf import settings

    original, settings.MEDIA_URL = settings.MEDIA_URL, "/live-server-media-unused/"
    yield
    settings.MEDIA_URL = original


@pytest.mark.django_db(transaction=True)
def test_the_reference_client_keeps_its_replica_equal_to_the_server_through_lost_answers(
    _live_server_media_url, live_server, tmp_path, capsys
):
    lead = LeadFactory(username="ada")
    lead.set_password("a-long-passphrase-9")
    lead.save()
    order = OrderFactory(price=Decimal("100.00"))
    payment = payment_record(actor=lead, order=order, amount=Decimal("10.00"))
    MeasurementFactory(customer=order.customer)
    picture = create_style_image(order=order, user=lead)
    customers = [CustomerFactory() for _ in range(5)]
    args = ["--url", live_server.url, "--username", "ada", "--password", "a-long-passphrase-9"]
    replica = ["--replica", str(tmp_path / "replica.sqlite3"), "--limit", "3", "--drop-every", "3"]

    call_command("sync_demo", *args, *replica)
    customer_update(actor=lead, customer=customers[0], name="Renamed")
    payment_void(actor=lead, payment=payment)
    style_image_delete(actor=lead, style_image=picture)
    call_command("sync_demo", *args, *replica)

    out = capsys.readouterr().out
    assert out.count("replica and server agree") == 2
