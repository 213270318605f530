import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from appointments import services as appointment_services
from documents import services
from documents.models import TrackingLink
from documents.services import tracking_url_for
from orders import services as order_services
from orders.models import Order

pytestmark = pytest.mark.django_db

D = Decimal
JSON = {"HTTP_ACCEPT": "application/json"}
# What the customer's page may never show (documents.md): the customer's and staff's details.
PII = ["+234 801 555 0101", "12 Allen Avenue", "client", "@example.com", "Adébáyọ̀", "secret note", "lead_"]


def link_url(order) -> str:
    return f"/api/v1/orders/{order.pk}/tracking-link/"


def track_path(url: str) -> str:
    match = re.fullmatch(r"https?://[^/]+(/track/[A-Za-z0-9_-]+/)", url)
    assert match, url
    return match.group(1)


@pytest.fixture
def tracked(lead_client, order):
    response = lead_client.post(link_url(order))
    assert response.status_code == 201, response.content
    return track_path(response.json()["url"])


def test_a_lead_makes_a_link(lead_client, order, settings):
    settings.SITE_URL = "https://studio.example.com/"

    response = lead_client.post(link_url(order))

    assert response.status_code == 201
    body = response.json()
    assert body["url"].startswith("https://studio.example.com/track/")
    assert body["expires_at"] is None  # the order is open
    token = track_path(body["url"]).split("/")[2]
    assert len(token) >= 22  # ≥ 128 bits in base64
    link = TrackingLink.objects.get(order=order)
    assert token not in (link.token_digest, link.nonce)


def test_without_site_url_the_link_uses_the_requests_host(lead_client, order, settings):
    settings.SITE_URL = ""

    assert lead_client.post(link_url(order)).json()["url"].startswith("http://testserver/track/")


def test_the_page_answers_json_with_the_orders_progress(api_client, lead, order, tracked):
    order_services.order_set_status(actor=lead, order=order, status="in_progress")
    order_services.payment_record(actor=lead, order=order, amount=D("500"))

    response = api_client.get(tracked, **JSON)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "studio_name",
        "order_title",
        "status",
        "status_label",
        "timeline",
        "delivery_date",
        "currency",
        "price",
        "amount_paid",
        "balance_due",
        "next_appointment",
    }
    assert (body["order_title"], body["status"], body["status_label"]) == (
        "Aso-oke agbada",
        "in_progress",
        "In progress",
    )
    assert [step["status"] for step in body["timeline"]] == ["pending", "in_progress"]
    assert (body["price"], body["amount_paid"], body["balance_due"]) == ("1500.00", "500.00", "1000.00")
    assert body["next_appointment"] is None


def test_the_page_shows_no_personal_data(api_client, lead, order, tracked):
    Order.objects.filter(pk=order.pk).update(notes="secret note")

    for accept in ("application/json", "text/html"):
        content = api_client.get(tracked, HTTP_ACCEPT=accept).content.decode()
        for value in [*PII, lead.username, order.customer.email]:
            assert value not in content, (accept, value)


def test_the_page_is_html_by_default(api_client, tracked):
    response = api_client.get(tracked, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert "Aso-oke agbada" in content and "₦1,500.00 NGN" in content
    assert "<script" not in content
    assert "http" not in content.split("<body>")[0].replace('content="width=device-width', "")


def test_html_is_escaped(api_client, lead, tracked, order):
    Order.objects.filter(pk=order.pk).update(title="<b>Gown</b>")

    content = api_client.get(tracked).content.decode()

    assert "<b>Gown</b>" not in content and "&lt;b&gt;Gown&lt;/b&gt;" in content


def test_the_page_carries_privacy_headers(api_client, tracked):
    for path in (tracked, "/track/not-a-token/"):
        response = api_client.get(path, **JSON)
        assert response["Cache-Control"] == "no-store"
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["X-Robots-Tag"] == "noindex"


def test_a_new_link_replaces_the_old_one(lead_client, api_client, order, tracked):
    replacement = track_path(lead_client.post(link_url(order)).json()["url"])

    assert api_client.get(tracked, **JSON).status_code == 404
    assert api_client.get(replacement, **JSON).status_code == 200
    assert TrackingLink.objects.filter(order=order).count() == 1


def test_a_revoked_link_is_404(lead_client, api_client, order, tracked):
    response = lead_client.delete(link_url(order))

    assert response.status_code == 204
    assert api_client.get(tracked, **JSON).status_code == 404
    assert lead_client.delete(link_url(order)).status_code == 404


def test_unknown_revoked_and_expired_answer_alike(lead_client, api_client, lead, order, tracked):
    unknown = api_client.get("/track/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/", **JSON)
    for status in ("in_progress", "completed", "delivered"):
        order_services.order_set_status(actor=lead, order=order, status=status)
    Order.objects.filter(pk=order.pk).update(delivered_at=timezone.now() - timedelta(days=31))
    expired = api_client.get(tracked, **JSON)

    assert unknown.status_code == expired.status_code == 404
    assert unknown.json() == expired.json()


def test_a_link_lives_30_days_after_delivery(lead_client, api_client, lead, order, tracked):
    for status in ("in_progress", "completed", "delivered"):
        order_services.order_set_status(actor=lead, order=order, status=status)
    Order.objects.filter(pk=order.pk).update(delivered_at=timezone.now() - timedelta(days=29))

    assert api_client.get(tracked, **JSON).status_code == 200
    expires_at = lead_client.post(link_url(order)).json()["expires_at"]
    assert expires_at is not None


def test_a_cancelled_orders_link_expires_30_days_after_cancelling(api_client, lead, order, tracked):
    order_services.order_set_status(actor=lead, order=order, status="cancelled")
    order.timeline.filter(to_status="cancelled").update(changed_at=timezone.now() - timedelta(days=31))

    assert api_client.get(tracked, **JSON).status_code == 404


@pytest.mark.parametrize("token", ["x", "%00", "a" * 500, "..", "ä"])
def test_a_malformed_token_is_404(api_client, token):
    assert api_client.get(f"/track/{token}/", **JSON).status_code == 404


def test_the_page_is_throttled_per_address(api_client, settings, tracked):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK}
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "tracking": "3/min",
    }

    codes = [api_client.get(tracked, **JSON).status_code for _ in range(4)]
    other = api_client.get(tracked, REMOTE_ADDR="10.0.0.9", **JSON)

    assert codes == [200, 200, 200, 429]
    assert other.status_code == 200


def test_juniors_and_anonymous_cannot_make_or_revoke_links(junior_client, api_client, order):
    assert junior_client.post(link_url(order)).status_code == 403
    assert junior_client.delete(link_url(order)).status_code == 403
    assert api_client.post(link_url(order)).status_code == 401
    assert not TrackingLink.objects.exists()


def test_a_link_of_an_unknown_order_is_404(lead_client):
    assert lead_client.post("/api/v1/orders/999999/tracking-link/").status_code == 404


def test_tracking_url_for_makes_one_link_and_gives_it_again(api_client, order, settings):
    settings.SITE_URL = "https://studio.example.com"

    first = tracking_url_for(order)
    second = tracking_url_for(order)

    assert first == second
    assert TrackingLink.objects.filter(order=order).count() == 1
    assert api_client.get(track_path(first), **JSON).status_code == 200


def test_tracking_url_for_follows_a_replaced_link(lead, order):
    first = tracking_url_for(order)

    services.tracking_link_create(actor=lead, order=order)

    assert tracking_url_for(order) != first


def test_a_repeated_post_with_the_same_idempotency_key_keeps_the_link(lead_client, api_client, order):
    first = lead_client.post(link_url(order), HTTP_IDEMPOTENCY_KEY="link-1")
    again = lead_client.post(link_url(order), HTTP_IDEMPOTENCY_KEY="link-1")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert api_client.get(track_path(first.json()["url"]), **JSON).status_code == 200


def test_the_page_shows_the_orders_next_scheduled_appointment(api_client, lead, order, tracked):
    soon = timezone.now().replace(microsecond=0) + timedelta(days=2)
    for starts_at, kind in ((soon + timedelta(days=5), "pickup"), (soon, "fitting")):
        appointment_services.appointment_create(
            actor=lead,
            customer=order.customer,
            order=order,
            kind=kind,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            notes="bring the lace",
        )

    body = api_client.get(tracked, **JSON).json()

    assert body["next_appointment"] == {"kind": "fitting", "starts_at": soon.isoformat().replace("+00:00", "Z")}
    assert "bring the lace" not in api_client.get(tracked, HTTP_ACCEPT="text/html").content.decode()


def test_a_cancelled_appointment_is_not_shown(api_client, lead, order, tracked):
    starts_at = timezone.now().replace(microsecond=0) + timedelta(days=2)
    appointment = appointment_services.appointment_create(
        actor=lead,
        customer=order.customer,
        order=order,
        kind="fitting",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
    )
    appointment_services.appointment_cancel(actor=lead, appointment=appointment)

    assert api_client.get(tracked, **JSON).json()["next_appointment"] is None


def test_options_on_the_page_is_a_405_not_a_page(api_client, tracked):
    response = api_client.options(tracked)

    assert response.status_code == 405
    assert "This link is not available" in response.content.decode()
