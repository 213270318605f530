"""Events are produced here as the domain services will write them (events.md's `data`): the
service makes the change and the test records its event in the same transaction. Once the
services record their own events the second one is the same occasion: still one message."""

from decimal import Decimal

import pytest
from django.db import transaction

from customers.tests.factories import CustomerFactory
from events.services import event_record
from events.types import EventType
from messaging.models import MessageTemplate
from orders import services as order_services
from orders.serializers import OrderSerializer, PaymentSerializer
from orders.tests.factories import OrderFactory


def set_status(order, status, *, actor=None):
    """order_set_status and its order.status_changed event, in one transaction."""
    with transaction.atomic():
        previous = order.status
        order = order_services.order_set_status(actor=actor, order=order, status=status)
        data = {**OrderSerializer(order).data, "from_status": previous, "to_status": status, "note": ""}
        event_record(type=EventType.ORDER_STATUS_CHANGED, data=data, actor=actor, subject=order)
    return order


def complete(order, *, actor=None):
    order = set_status(order, "in_progress", actor=actor)
    return set_status(order, "completed", actor=actor)


def pay(order, amount, *, actor=None):
    with transaction.atomic():
        payment = order_services.payment_record(actor=actor, order=order, amount=Decimal(amount))
        order.refresh_from_db()
        data = {
            **PaymentSerializer(payment).data,
            "amount_paid": order.amount_paid,
            "balance_due": order.balance_due,
            "payment_status": order.payment_status,
        }
        event_record(type=EventType.PAYMENT_RECORDED, data=data, actor=actor, subject=payment)
    return payment


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
