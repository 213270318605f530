"""Each trigger makes one message row in the transaction of its change."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from customers.tests.factories import CustomerFactory
from events.services import event_record
from events.types import EventType
from messaging.models import Message, MessageTemplate
from messaging.tests.conftest import complete, pay, set_status
from messaging.triggers import TRIGGERS, messages_create_due
from orders.models import Order
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_completing_an_order_queues_the_ready_message_by_the_customers_channel(templates, order):
    complete(order)

    message = Message.objects.get()
    assert (message.trigger, message.channel, message.to, message.status) == (
        "order_ready",
        "email",
        "ada@example.com",
        "queued",
    )
    assert (message.customer, message.order) == (order.customer, order)
    assert message.subject == "Your Wedding gown is ready"
    assert "Hello Adaeze Okafor, good news: your Wedding gown is ready for pickup." in message.body
    assert "Balance due: NGN 1,500.00." in message.body
    assert "{" not in message.body


def test_an_sms_customer_gets_it_by_sms_to_their_e164_phone(templates, sms_customer):
    complete(OrderFactory(customer=sms_customer))

    message = Message.objects.get()
    assert (message.channel, message.to, message.subject) == ("sms", "+2348031234568", "")


def test_other_status_changes_queue_nothing(templates, order):
    set_status(order, "in_progress")

    assert not Message.objects.exists()


def test_delivering_queues_the_delivered_message(templates, order):
    order = complete(order)
    set_status(order, "delivered")

    assert sorted(Message.objects.values_list("trigger", flat=True)) == ["order_delivered", "order_ready"]


def test_a_payment_queues_the_thank_you_with_its_amount(templates, order):
    pay(order, "500.00")

    message = Message.objects.get()
    assert message.trigger == "payment_received"
    assert "payment of NGN 500.00 for Wedding gown" in message.body
    assert "balance due: NGN 1,000.00" in message.body


def test_each_payment_is_its_own_occasion(templates, order):
    pay(order, "500.00")
    pay(order, "200.00")

    assert Message.objects.filter(trigger="payment_received").count() == 2


def test_the_same_event_seen_twice_makes_one_message(templates, order):
    order = complete(order)
    with transaction.atomic():
        event_record(type=EventType.ORDER_STATUS_CHANGED, data={"id": order.pk, "to_status": "completed"})

    assert Message.objects.count() == 1


def test_a_rolled_back_change_leaves_no_message(templates, order):
    order = set_status(order, "in_progress")
    with pytest.raises(RuntimeError), transaction.atomic():
        complete_in_transaction = set_status(order, "completed")
        assert Message.objects.count() == 1  # written in the writer's transaction...
        raise RuntimeError(complete_in_transaction)

    assert not Message.objects.exists()  # ...and gone with it
    assert Order.objects.get(pk=order.pk).status == "in_progress"


def test_notify_by_none_is_skipped_with_the_reason(templates):
    customer = CustomerFactory(email="", phone="", notify_by="none")
    complete(OrderFactory(customer=customer))

    message = Message.objects.get()
    assert (message.status, message.channel, message.last_error) == ("skipped", "", "The customer's notify_by is none.")


def test_no_active_template_is_skipped_with_the_reason(order):
    complete(order)

    message = Message.objects.get()
    assert (message.status, message.last_error) == ("skipped", "No active email template for order_ready.")


def test_an_inactive_template_does_not_count(templates, order):
    MessageTemplate.objects.filter(trigger="order_ready", channel="email").update(is_active=False, active_key=None)
    complete(order)

    assert Message.objects.get().status == "skipped"


def test_customer_data_is_shown_as_written(templates):
    customer = CustomerFactory(name="{{7*7}} {% now 'Y' %} <script>x</script> {order_title}", email="x@example.com")
    complete(OrderFactory(customer=customer, title="Gown"))

    body = Message.objects.get().body
    assert body.startswith("Hello {{7*7}} {% now 'Y' %} <script>x</script> {order_title}, good news: your Gown")


def test_every_trigger_is_one_registry_entry():
    assert set(TRIGGERS) == {
        "order_ready",
        "order_delivered",
        "payment_received",
        "balance_reminder",
        "appointment_scheduled",
        "appointment_reminder",
    }
    assert TRIGGERS["balance_reminder"].due is not None
    assert TRIGGERS["appointment_reminder"].due is not None


def _completed_days_ago(order, days):
    order = complete(order)
    Order.objects.filter(pk=order.pk).update(completed_at=timezone.now() - timedelta(days=days))
    return order


def test_a_balance_reminder_falls_due_balance_reminder_days_after_completion(templates, order):
    _completed_days_ago(order, 2)
    assert messages_create_due(now=timezone.now()) == 0

    assert messages_create_due(now=timezone.now() + timedelta(days=1, minutes=1)) == 1
    message = Message.objects.get(trigger="balance_reminder")
    assert "NGN 1,500.00 is still due on your Wedding gown" in message.body


def test_a_balance_reminder_is_sent_once_per_order(templates, order):
    _completed_days_ago(order, 5)
    messages_create_due(now=timezone.now())

    assert messages_create_due(now=timezone.now()) == 0
    assert Message.objects.filter(trigger="balance_reminder").count() == 1


def test_a_paid_order_gets_no_balance_reminder(templates, order):
    _completed_days_ago(order, 5)
    Order.objects.filter(pk=order.pk).update(amount_paid=Decimal("1500.00"))

    assert messages_create_due(now=timezone.now()) == 0


@override_settings(BALANCE_REMINDER_DAYS=0)
def test_zero_days_reminds_as_soon_as_completed(templates, order):
    complete(order)

    assert messages_create_due(now=timezone.now()) == 1
