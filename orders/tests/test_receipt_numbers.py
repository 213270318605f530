"""Receipt numbers of payments: one each, in the payment's transaction, without gaps or duplicates."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.tests.factories import LeadFactory
from conftest import client_for
from customers.tests.factories import CustomerFactory
from orders import services
from orders.models import Payment
from orders.tests.test_concurrency import run_together
from studio.selectors import studio_profile

D = Decimal


def make_order(lead, customer, price="100.00"):
    return services.order_create(actor=lead, customer=customer, title="Agbada", price=D(price), items=[])


def year() -> int:
    return timezone.localtime().year


@pytest.mark.django_db
def test_payments_are_numbered_one_after_the_other(lead):
    order = make_order(lead, CustomerFactory())

    first = services.payment_record(actor=lead, order=order, amount=D("10"))
    second = services.payment_record(actor=lead, order=order, amount=D("10"))

    assert (first.receipt_number, second.receipt_number) == (f"RCT-{year()}-000001", f"RCT-{year()}-000002")


@pytest.mark.django_db
def test_a_refused_payment_takes_no_number(lead):
    order = make_order(lead, CustomerFactory(), price="10.00")
    with pytest.raises(ValidationError):
        services.payment_record(actor=lead, order=order, amount=D("20"))

    payment = services.payment_record(actor=lead, order=order, amount=D("5"))

    assert payment.receipt_number == f"RCT-{year()}-000001"


@pytest.mark.django_db
def test_a_voided_payment_keeps_its_number(lead):
    order = make_order(lead, CustomerFactory())
    payment = services.payment_record(actor=lead, order=order, amount=D("10"))

    services.payment_void(actor=lead, payment=payment)

    payment.refresh_from_db()
    assert payment.receipt_number == f"RCT-{year()}-000001"
    assert services.payment_record(actor=lead, order=order, amount=D("10")).receipt_number.endswith("000002")


@pytest.mark.django_db
def test_the_api_shows_the_receipt_number(lead_client, lead):
    order = make_order(lead, CustomerFactory())

    response = lead_client.post(f"/api/v1/orders/{order.pk}/payments/", {"amount": "10.00"}, format="json")

    assert response.status_code == 201
    assert response.json()["receipt_number"] == f"RCT-{year()}-000001"


@pytest.mark.django_db
def test_a_backdated_payment_is_numbered_in_the_year_it_is_recorded(lead):
    order = make_order(lead, CustomerFactory())

    payment = services.payment_record(actor=lead, order=order, amount=D("10"), paid_at=datetime(2020, 1, 5, tzinfo=UTC))

    assert payment.receipt_number == f"RCT-{year()}-000001"


@pytest.mark.django_db(transaction=True)
@pytest.mark.mariadb
def test_concurrent_payments_get_consecutive_numbers(mariadb_only):
    """30 payments on 30 orders at once (no counter row yet, so its creation races too), and 10
    refused ones rolled back among them: the 30 numbers are exactly 1..30."""
    studio_profile()  # as migration studio 0002 makes it on a real installation
    lead = LeadFactory()
    customer = CustomerFactory()
    orders = [make_order(lead, customer, price="10.00") for _ in range(30)]
    clients = [client_for(lead) for _ in range(40)]
    calls = [
        lambda c=clients[n], o=orders[n]: c.post(f"/api/v1/orders/{o.pk}/payments/", {"amount": "10.00"}, format="json")
        for n in range(30)
    ] + [
        lambda c=clients[30 + n], o=orders[n]: c.post(
            f"/api/v1/orders/{o.pk}/payments/", {"amount": "10.01"}, format="json"
        )
        for n in range(10)
    ]

    responses = run_together(calls)

    assert sorted(getattr(response, "status_code", response) for response in responses) == [201] * 30 + [400] * 10
    numbers = sorted(Payment.objects.values_list("receipt_number", flat=True))
    assert numbers == [f"RCT-{year()}-{n:06d}" for n in range(1, 31)]
