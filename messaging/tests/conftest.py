"""The changes that trigger messages, made through the domain services, which write their
events (events.md) in their transactions."""

from decimal import Decimal

import pytest

from customers.tests.factories import CustomerFactory
from messaging.models import MessageTemplate
from orders import services as order_services
from orders.tests.factories import OrderFactory


def set_status(order, status, *, actor=None):
    """order_set_status, which records order.status_changed."""
    return order_services.order_set_status(actor=actor, order=order, status=status)


def complete(order, *, actor=None):
    order = set_status(order, "in_progress", actor=actor)
    return set_status(order, "completed", actor=actor)


def pay(order, amount, *, actor=None):
    """payment_record, which records payment.recorded."""
    return order_services.payment_record(actor=actor, order=order, amount=Decimal(amount))


def default_templates():
    """The default set, as migration 0002 writes it (tests run without migrations)."""
    from importlib import import_module

    from django.apps import apps

    import_module("messaging.migrations.0002_default_templates").forwards(apps, None)
    return MessageTemplate.objects.all()


@pytest.fixture
def templates(db):
    return default_templates()


@pytest.fixture
def email_customer(db):
    return CustomerFactory(name="Adaeze Okafor", email="ada@example.com", phone="08031234567")


@pytest.fixture
def sms_customer(db):
    return CustomerFactory(name="Bisi Ade", email="", phone="08031234568")


@pytest.fixture
def order(email_customer):
    return OrderFactory(customer=email_customer, title="Wedding gown", price=Decimal("1500.00"))
