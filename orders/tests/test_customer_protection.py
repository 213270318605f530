"""A customer with orders is kept: Order.customer is a PROTECT key and orders says what the
refusal means (orders.apps), for the service, the API and the admin alike."""

import pytest
from django.db.models import ProtectedError
from django.test import Client

from accounts.models import User
from common import exceptions
from common.exceptions import Conflict, protected_conflict, register_protection
from customers import services
from customers.models import Customer
from customers.tests.factories import CustomerFactory
from orders.apps import CUSTOMER_HAS_ORDERS
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(lead):
    return services.customer_create(
        actor=lead, name="Adaeze Okafor", email="Adaeze@Example.com", phone="+234 801 555 0101"
    )


@pytest.fixture
def admin_client_() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("owner", "owner@studio.test", "x"))
    return client


def detail_url(customer) -> str:
    return f"/api/v1/customers/{customer.pk}/"


def test_customer_delete_refuses_a_customer_with_orders(lead, customer):
    OrderFactory.create_batch(2, customer=customer)

    with pytest.raises(Conflict) as error:
        services.customer_delete(actor=lead, customer=customer)

    assert error.value.extra == {"order_count": 2}
    assert Customer.objects.filter(pk=customer.pk).exists()


def test_deleting_a_customer_with_orders_is_a_409(lead_client, customer):
    OrderFactory(customer=customer)

    response = lead_client.delete(detail_url(customer))

    assert response.status_code == 409
    assert response.data == {"detail": CUSTOMER_HAS_ORDERS, "order_count": 1}
    assert Customer.objects.filter(pk=customer.pk).exists()


def test_the_admin_keeps_a_customer_with_orders(admin_client_):
    customer = CustomerFactory()
    OrderFactory(customer=customer)

    response = admin_client_.post(f"/admin/customers/customer/{customer.pk}/delete/", {"post": "yes"})

    assert response.status_code == 200
    assert Customer.objects.filter(pk=customer.pk).exists()


def test_a_bulk_delete_including_a_customer_with_orders_deletes_none(admin_client_):
    free = CustomerFactory()
    with_orders = CustomerFactory()
    OrderFactory(customer=with_orders)

    response = admin_client_.post(
        "/admin/customers/customer/",
        {"action": "delete_selected", "_selected_action": [free.pk, with_orders.pk], "post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert Customer.objects.filter(pk__in=[free.pk, with_orders.pk]).count() == 2


# --- the mechanism: common.exceptions.register_protection on this PROTECT key ----------


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
