"""The admin: templates through the services (their refusals as form errors), messages read-only
with "retry now"; a junior reads templates only, as in the API."""

import pytest
from django.test import Client

from accounts import services as account_services
from accounts.models import Role
from messaging.models import Message, MessageTemplate
from messaging.services import message_send_manual

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-2026"


def admin_client(role, username):
    user = account_services.user_create(actor=None, username=username, password=PASSWORD, role=role)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def lead_admin():
    return admin_client(Role.LEAD, "amaka")


@pytest.fixture
def junior_admin():
    return admin_client(Role.JUNIOR, "tunde")


def test_an_unknown_placeholder_is_a_form_error(lead_admin):
    response = lead_admin.post(
        "/admin/messaging/messagetemplate/add/",
        {"trigger": "order_ready", "channel": "sms", "subject": "", "body": "Hi {nope}", "is_active": "on"},
    )

    assert response.status_code == 200
    assert "Unknown placeholder {nope}" in response.content.decode()
    assert not MessageTemplate.objects.exists()


def test_a_template_added_in_the_admin_goes_through_the_service(lead_admin):
    response = lead_admin.post(
        "/admin/messaging/messagetemplate/add/",
        {"trigger": "order_ready", "channel": "sms", "subject": "", "body": "Hi {customer_name}", "is_active": "on"},
    )

    assert response.status_code == 302
    assert MessageTemplate.objects.get().active_key == "order_ready:sms"


def test_retry_now_queues_failed_messages_again(lead_admin, lead, order):
    failed = message_send_manual(actor=lead, order=order, body="a")
    sent = message_send_manual(actor=lead, order=order, body="b")
    Message.objects.filter(pk=failed.pk).update(status="failed", attempts=5, next_attempt_at=None)
    Message.objects.filter(pk=sent.pk).update(status="sent")

    response = lead_admin.post(
        "/admin/messaging/message/", {"action": "retry_now", "_selected_action": [failed.pk, sent.pk]}
    )

    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.next_attempt_at is not None) == ("queued", 0, True)
    assert Message.objects.get(pk=sent.pk).status == "sent"


def test_messages_are_read_only_in_the_admin(lead_admin, lead, order):
    message = message_send_manual(actor=lead, order=order, body="a")

    assert lead_admin.get(f"/admin/messaging/message/{message.pk}/change/").status_code == 200
    assert lead_admin.get("/admin/messaging/message/add/").status_code == 403
    assert lead_admin.post(f"/admin/messaging/message/{message.pk}/delete/", {"post": "yes"}).status_code == 403


def test_a_junior_reads_templates_but_not_messages(junior_admin, lead, order):
    message_send_manual(actor=lead, order=order, body="a")

    assert junior_admin.get("/admin/messaging/messagetemplate/").status_code == 200
    assert junior_admin.get("/admin/messaging/messagetemplate/add/").status_code == 403
    assert junior_admin.get("/admin/messaging/message/").status_code == 403
