"""The screens of the worker's capabilities, in Chromium: Swagger UI lists the messages, webhooks,
appointments and system operations; the admin shows the message log read-only with "Retry now",
the webhook deliveries with their attempts, and the calendar of appointments. Each page runs
under the Content-Security-Policy with no request to another host; the pictures in
docs/screenshots/ (shown in the README) are made here."""

import threading
from datetime import timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Role
from accounts.tests.factories import TEST_PASSWORD
from appointments import services as appointment_services
from appointments.models import AppointmentKind
from browser_tests.conftest import screenshot_path
from browser_tests.test_content_security_policy import assert_clean, log_in_to_admin
from customers import services as customer_services
from messaging.models import Message, MessageStatus
from messaging.services import message_send_manual
from orders import services as order_services
from orders.models import OrderStatus
from webhooks import services as webhook_services
from webhooks.models import DeliveryStatus, WebhookDelivery

pytestmark = pytest.mark.django_db(transaction=True)

RECEIVER_PORTS = range(8283, 8290)  # this suite's ports for a local webhook receiver


def screenshot(page, name: str) -> None:
    page.page.screenshot(path=screenshot_path(name), full_page=True)


def assert_the_list_fits(page) -> None:
    """The change list fits 1280 px with the sidebar open: no column cut off (the results box
    does not scroll) and the last one ends inside the window."""
    assert page.page.locator("#changelist .results").evaluate("box => box.scrollWidth <= box.clientWidth")
    last_header = page.page.locator("#result_list thead th").last.bounding_box()
    assert last_header["x"] + last_header["width"] <= 1280


@pytest.fixture
def receiver():
    """A local webhook receiver answering 200; its URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    for port in RECEIVER_PORTS:
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
            break
        except OSError:
            continue
    else:
        raise RuntimeError("no free port in 8283-8289")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/studio-hook"
    server.shutdown()
    server.server_close()


@pytest.fixture
def studio(settings):
    """A lead, two customers (email and SMS) and an order of each, taken through the workflow."""
    settings.STUDIO_NAME = "Atelier Adaeze"
    lead = account_services.user_create(actor=None, username="amaka", password=TEST_PASSWORD, role=Role.LEAD)
    ngozi = customer_services.customer_create(
        actor=lead, name="Ngozi Okafor", email="ngozi@example.com", phone="+234 803 555 1234", notify_by="email"
    )
    bayo = customer_services.customer_create(actor=lead, name="Bayo Adeyemi", phone="0802 111 2222", notify_by="sms")
    gown = order_services.order_create(
        actor=lead, customer=ngozi, title="Aso-ebi gown", price=Decimal("45000.00"), delivery_date=None, items=[]
    )
    agbada = order_services.order_create(
        actor=lead, customer=bayo, title="Agbada, three pieces", price=Decimal("60000.00"), delivery_date=None, items=[]
    )
    return {"lead": lead, "ngozi": ngozi, "bayo": bayo, "gown": gown, "agbada": agbada}


def test_swagger_ui_lists_the_new_operations(page):
    page.page.goto("/api/docs/")
    page.page.wait_for_selector(".opblock", timeout=20_000)

    tags = page.page.locator("h3.opblock-tag")
    names = [tag.get_attribute("data-tag") for tag in tags.all()]
    for tag in ("messages", "webhooks", "appointments", "system"):
        assert tag in names
    # Every section folded but the four, so that the picture shows them.
    for tag in tags.all():
        if tag.get_attribute("data-tag") not in ("messages", "webhooks", "appointments", "system"):
            tag.click()
    page.page.wait_for_function("document.querySelectorAll('.opblock').length < 60")
    system = page.page.locator('.opblock-tag-section:has(h3[data-tag="system"]) .opblock-summary-path')
    assert system.first.inner_text().startswith("/api/v1/system/status/")
    webhooks = page.page.locator('.opblock-tag-section:has(h3[data-tag="webhooks"]) .opblock-summary-path')
    assert "/api/v1/webhooks/{id}/deliveries/" in [path.strip() for path in webhooks.all_inner_texts()]
    assert_clean(page)
    screenshot(page, "api-docs-worker-tags.png")


def test_the_message_log_is_read_only_with_retry_now(page, studio):
    lead = studio["lead"]
    sent = message_send_manual(actor=lead, order=studio["gown"], body="Your gown is ready for its last fitting.")
    failed = message_send_manual(actor=lead, order=studio["agbada"], body="Your agbada is ready for pickup.")
    message_send_manual(actor=lead, order=studio["gown"], body="We have received your deposit.")
    Message.objects.filter(pk=sent.pk).update(status=MessageStatus.SENT, attempts=1, sent_at=timezone.now())
    Message.objects.filter(pk=failed.pk).update(
        status=MessageStatus.FAILED,
        attempts=5,
        next_attempt_at=None,
        last_error="SMS provider: 503 Service Unavailable",
    )

    log_in_to_admin(page, "amaka")
    page.page.goto("/admin/messaging/message/")
    rows = page.page.locator("#result_list tbody tr")
    assert rows.count() == 3
    assert page.page.locator(".object-tools .addlink").count() == 0  # nothing is added here
    actions = page.page.locator("select[name=action] option").all_inner_texts()
    assert "Retry now (failed messages)" in actions
    assert_the_list_fits(page)
    screenshot(page, "admin-messages.png")

    page.page.locator(f"#result_list input[name=_selected_action][value='{failed.pk}']").check()
    page.page.select_option("select[name=action]", "retry_now")
    page.page.click("button[name=index]")
    page.page.wait_for_selector(".messagelist")

    assert "1 failed message(s) queued again." in page.page.locator(".messagelist").inner_text()
    assert Message.objects.get(pk=failed.pk).status == MessageStatus.QUEUED

    page.page.goto(f"/admin/messaging/message/{sent.pk}/change/")
    assert page.page.locator("input[type=text], textarea").count() == 0  # read-only
    assert "Your gown is ready for its last fitting." in page.page.locator(".field-body").inner_text()
    assert_clean(page)


def test_webhook_deliveries_show_each_attempt(page, studio, settings, receiver):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    lead = studio["lead"]
    webhook_services.webhook_create(
        actor=lead, url=receiver, events=["order.status_changed"], description="Studio website"
    )
    webhook_services.webhook_create(
        actor=lead, url="http://127.0.0.1:9/unreachable", events=["*"], description="Old accounting sheet"
    )
    order_services.order_set_status(actor=lead, order=studio["gown"], status=OrderStatus.IN_PROGRESS)
    order_services.order_set_status(actor=lead, order=studio["agbada"], status=OrderStatus.IN_PROGRESS)
    webhook_services.webhook_deliveries_send_due()
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == 2
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, attempts=1).count() == 2  # to retry

    log_in_to_admin(page, "amaka")
    page.page.goto("/admin/webhooks/webhookdelivery/")
    assert page.page.locator("#result_list tbody tr").count() == WebhookDelivery.objects.count()
    assert "Retry now" in page.page.locator("select[name=action] option").all_inner_texts()
    assert page.page.locator(".object-tools .addlink").count() == 0
    assert_the_list_fits(page)
    screenshot(page, "admin-webhook-deliveries.png")

    failing = WebhookDelivery.objects.exclude(status=DeliveryStatus.DELIVERED).order_by("pk").first()
    page.page.goto(f"/admin/webhooks/webhookdelivery/{failing.pk}/change/")
    attempts = page.page.locator(".inline-group tbody tr.has_original, .inline-group tbody tr.form-row")
    assert attempts.count() >= 1
    assert "127.0.0.1:9" in page.page.locator("#content").inner_text()
    assert_clean(page)


def test_the_calendar_lists_appointments_by_date(page, studio):
    lead = studio["lead"]
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    for hours, customer, kind, order in (
        (0, studio["ngozi"], AppointmentKind.MEASUREMENT, studio["gown"]),
        (2, studio["bayo"], AppointmentKind.FITTING, studio["agbada"]),
        (26, studio["ngozi"], AppointmentKind.PICKUP, studio["gown"]),
    ):
        appointment_services.appointment_create(
            actor=lead,
            customer=customer,
            order=order,
            kind=kind,
            starts_at=start + timedelta(hours=hours),
            ends_at=start + timedelta(hours=hours, minutes=45),
            location="Studio, Lekki",
        )

    log_in_to_admin(page, "amaka")
    page.page.goto("/admin/appointments/appointment/")
    rows = page.page.locator("#result_list tbody tr")
    assert rows.count() == 3
    first = rows.nth(0).inner_text()
    assert "Ngozi Okafor" in first and "Measuring session" in first and "Scheduled" in first
    assert page.page.locator("nav.toplinks").is_visible()  # the date hierarchy
    assert_the_list_fits(page)
    actions = page.page.locator("select[name=action] option").all_inner_texts()
    assert "Mark selected as completed" in actions
    assert page.page.locator(".object-tools .addlink").count() == 0  # booked through the API
    assert_clean(page)
    screenshot(page, "admin-appointments.png")
