"""The figures the system status shows, the deploy check, the admin's retry."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Role
from accounts.tests.factories import TEST_PASSWORD
from events.services import event_record
from events.types import EventType
from webhooks.checks import check_private_targets
from webhooks.models import DeliveryStatus, WebhookDelivery
from webhooks.selectors import webhook_deliveries_due_status, webhooks_failing_count
from webhooks.services import webhook_deliveries_retry_now, webhook_deliveries_send_due
from webhooks.tests.conftest import make_webhook

pytestmark = pytest.mark.django_db


def admin_client(role: str) -> Client:
    user = account_services.user_create(actor=None, username=f"admin-{role}", password=TEST_PASSWORD, role=role)
    client = Client()
    client.force_login(user)
    return client


def test_queue_status_counts_the_due_deliveries_and_the_oldest_wait(receiver, lead):
    assert webhook_deliveries_due_status() == {"pending": 0, "oldest_pending_age_seconds": 0}
    make_webhook(lead, url=receiver.url)
    make_webhook(lead, url=receiver.url + "/2")
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})
    oldest = min(WebhookDelivery.objects.values_list("next_attempt_at", flat=True))

    status = webhook_deliveries_due_status(now=oldest + timedelta(seconds=30))

    assert status == {"pending": 2, "oldest_pending_age_seconds": 30}
    webhook_deliveries_send_due()
    assert webhook_deliveries_due_status() == {"pending": 0, "oldest_pending_age_seconds": 0}


def test_failing_counts_webhooks_in_retry_and_those_whose_latest_delivery_failed(receiver, lead, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    make_webhook(lead, url=receiver.url + "/ok")
    retrying, _ = make_webhook(lead, url=receiver.url + "/retry")
    failed, _ = make_webhook(lead, url=receiver.url + "/failed")
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})
    delivered_by_path = {"/ok": 200, "/retry": 500, "/failed": 500}
    receiver.answers = []
    # answers in id order of the deliveries (healthy, retrying, failed)
    receiver.answers = [(delivered_by_path[p], {}) for p in ("/ok", "/retry", "/failed")]
    webhook_deliveries_send_due()
    WebhookDelivery.objects.filter(webhook=retrying).update(status=DeliveryStatus.PENDING)

    assert WebhookDelivery.objects.get(webhook=failed).status == DeliveryStatus.FAILED
    assert webhooks_failing_count() == 2
    failed.is_active = False
    failed.save()
    assert webhooks_failing_count() == 1


def test_retry_now_makes_a_failed_delivery_due_for_one_more_attempt(receiver, lead, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    receiver.answers = [(500, {})]
    make_webhook(lead, url=receiver.url)
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})
    webhook_deliveries_send_due()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED

    assert webhook_deliveries_retry_now(actor=lead, deliveries=[delivery]) == 1
    assert webhook_deliveries_send_due() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)


def test_the_admins_retry_now_action(receiver, lead, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    receiver.answers = [(500, {})]
    make_webhook(lead, url=receiver.url)
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})
    webhook_deliveries_send_due()
    delivery = WebhookDelivery.objects.get()
    client = admin_client(Role.LEAD)

    response = client.post(
        "/admin/webhooks/webhookdelivery/", {"action": "retry_now", "_selected_action": [delivery.pk]}
    )

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.next_attempt_at <= timezone.now() + timedelta(seconds=1)


@pytest.mark.parametrize(
    "path", ["/admin/webhooks/webhookdelivery/", "/admin/webhooks/webhook/", "/admin/events/event/"]
)
def test_the_admin_pages_open_for_a_lead(lead, receiver, path):
    make_webhook(lead, url=receiver.url)
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})
    client = admin_client(Role.LEAD)

    assert client.get(path).status_code == 200


def test_deploy_check_warns_when_private_targets_are_allowed(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True

    with pytest.raises(SystemCheckError, match=r"studio\.W101"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "security")


def test_deploy_check_is_quiet_otherwise(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False

    assert check_private_targets(None) == []


def test_a_junior_sees_no_webhooks_in_the_admin(lead):
    client = admin_client(Role.JUNIOR)

    assert client.get("/admin/webhooks/webhook/").status_code == 403
    assert client.get("/admin/events/event/").status_code == 403


def test_a_lead_adds_a_webhook_in_the_admin_through_the_service(lead, receiver):
    from webhooks import crypto
    from webhooks.models import Webhook

    client = admin_client(Role.LEAD)

    response = client.post(
        "/admin/webhooks/webhook/add/",
        {"url": receiver.url, "events": '["*"]', "is_active": "on", "description": "Sheet"},
        follow=True,
    )

    assert response.status_code == 200
    webhook = Webhook.objects.get()
    secret = crypto.secret_decrypt(webhook.secret_encrypted)
    assert secret in response.content.decode()  # shown once, in the message
    assert (webhook.url, webhook.events, webhook.description) == (receiver.url, ["*"], "Sheet")


def test_the_admin_refuses_an_inside_url(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    from webhooks.models import Webhook

    client = admin_client(Role.LEAD)

    response = client.post(
        "/admin/webhooks/webhook/add/", {"url": "https://10.0.0.1/x", "events": '["*"]', "is_active": "on"}
    )

    assert response.status_code == 200
    assert "private" in response.content.decode()
    assert not Webhook.objects.exists()
