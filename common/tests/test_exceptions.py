import pytest
from django.db.models import ProtectedError

from common import exceptions
from common.exceptions import protected_conflict, register_protection
from customers.tests.factories import CustomerFactory
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def protections(monkeypatch):
    monkeypatch.setattr(exceptions, "_PROTECTIONS", {})


def test_a_registered_protection_explains_the_refused_delete(protections):
    register_protection(
        "orders.Order",
        detail="A customer with orders cannot be deleted.",
        extra=lambda rows: {"order_count": len(rows)},
    )
    customer = CustomerFactory()
    OrderFactory.create_batch(2, customer=customer)

    with pytest.raises(ProtectedError) as refused:
        customer.delete()
    conflict = protected_conflict(refused.value)

    assert (conflict.detail, conflict.extra) == ("A customer with orders cannot be deleted.", {"order_count": 2})


def test_an_unregistered_protection_is_a_plain_409(protections):
    customer = CustomerFactory()
    OrderFactory(customer=customer)

    with pytest.raises(ProtectedError) as refused:
        customer.delete()

    assert protected_conflict(refused.value).detail == exceptions.PROTECTED_DEFAULT
