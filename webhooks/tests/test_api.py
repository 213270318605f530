"""/api/v1/webhooks/: lead designers only; the secret shown once; rotate, ping, deliveries."""

import pytest

from common.models import IdempotencyRecord
from events.models import Event
from webhooks import crypto
from webhooks.models import Webhook, WebhookDelivery
from webhooks.services import webhook_deliveries_send_due
from webhooks.tests.conftest import make_webhook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dns")]
WEBHOOKS = "/api/v1/webhooks/"
URL = "https://hooks.example.com/studio"
FIELDS = {"id", "url", "events", "is_active", "description", "created_at"}


def create(client, **body):
    return client.post(WEBHOOKS, {"url": URL, "events": ["order.created"], **body}, format="json")


def test_create_answers_the_secret_once(lead_client):
    response = create(lead_client, description="Accounting sheet")

    assert response.status_code == 201
    assert set(response.data) == FIELDS | {"secret"}
    secret = response.data["secret"]
    assert secret.startswith("whsec_") and len(secret) > 40
    webhook = Webhook.objects.get()
    assert (webhook.url, webhook.events, webhook.is_active, webhook.description) == (
        URL,
        ["order.created"],
        True,
        "Accounting sheet",
    )
    assert secret not in webhook.secret_encrypted
    assert crypto.secret_decrypt(webhook.secret_encrypted) == secret
    detail = lead_client.get(f"{WEBHOOKS}{webhook.pk}/")
    assert set(detail.data) == FIELDS
    assert "secret" not in lead_client.get(WEBHOOKS).data["results"][0]


def test_an_idempotent_repeat_answers_the_same_webhook_and_secret_without_keeping_it_in_clear(lead_client):
    first = lead_client.post(WEBHOOKS, {"url": URL, "events": ["*"]}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = lead_client.post(WEBHOOKS, {"url": URL, "events": ["*"]}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Webhook.objects.count() == 1
    assert first.data["secret"] not in str(IdempotencyRecord.objects.get().response_body)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://hooks.example.com/x", "https"),
        ("https://127.0.0.1/x", "loopback"),
        ("https://10.0.0.1/x", "private"),
        ("https://169.254.169.254/latest/meta-data/", "link-local"),
        ("https://[::1]/x", "loopback"),
        ("https://nowhere.invalid/x", "does not resolve"),
        ("not a url", "valid URL"),
    ],
)
def test_an_unsafe_url_is_a_400_on_url(lead_client, url, message):
    response = create(lead_client, url=url)

    assert response.status_code == 400
    assert message in str(response.data["url"])
    assert not Webhook.objects.exists()


def test_a_name_resolving_inside_is_a_400_on_url(lead_client, dns):
    dns["intranet.example.com"] = ["192.168.1.20"]

    response = create(lead_client, url="https://intranet.example.com/x")

    assert response.status_code == 400
    assert "192.168.1.20" in str(response.data["url"])


@pytest.mark.parametrize(
    "events",
    [[], ["order.exploded"], ["ping"], ["*", "order.created"], ["order.created", "order.created"], "order.created"],
)
def test_bad_events_are_a_400_on_events(lead_client, events):
    response = create(lead_client, events=events)

    assert response.status_code == 400
    assert "events" in response.data


def test_update_checks_the_new_url_and_keeps_the_secret(lead_client, lead):
    webhook, secret = make_webhook(lead, url=URL)
    path = f"{WEBHOOKS}{webhook.pk}/"

    refused = lead_client.patch(path, {"url": "https://10.9.9.9/x"}, format="json")
    changed = lead_client.patch(path, {"events": ["payment.recorded"], "is_active": False}, format="json")

    assert refused.status_code == 400 and "url" in refused.data
    assert changed.status_code == 200
    assert (changed.data["events"], changed.data["is_active"], changed.data["url"]) == (
        ["payment.recorded"],
        False,
        URL,
    )
    assert "secret" not in changed.data
    webhook.refresh_from_db()
    assert crypto.secret_decrypt(webhook.secret_encrypted) == secret


def test_a_stale_if_match_is_a_412(lead_client, lead):
    webhook, _ = make_webhook(lead, url=URL)
    path = f"{WEBHOOKS}{webhook.pk}/"
    etag = lead_client.get(path)["ETag"]
    lead_client.patch(path, {"description": "x"}, format="json", HTTP_IF_MATCH=etag)

    assert lead_client.patch(path, {"description": "y"}, format="json", HTTP_IF_MATCH=etag).status_code == 412


def test_delete(lead_client, lead):
    webhook, _ = make_webhook(lead, url=URL)

    assert lead_client.delete(f"{WEBHOOKS}{webhook.pk}/").status_code == 204
    assert not Webhook.objects.exists()


def test_rotate_secret_answers_a_new_one_that_signs_from_now_on(lead_client, lead):
    webhook, old = make_webhook(lead, url=URL)

    response = lead_client.post(f"{WEBHOOKS}{webhook.pk}/rotate-secret/")

    assert response.status_code == 200
    assert set(response.data) == {"secret"}
    assert response.data["secret"] != old
    webhook.refresh_from_db()
    assert crypto.secret_decrypt(webhook.secret_encrypted) == response.data["secret"]


def test_ping_answers_202_with_the_event_queued_for_this_webhook_only(lead_client, lead):
    webhook, _ = make_webhook(lead, url=URL)
    make_webhook(lead, url=URL + "/2")

    response = lead_client.post(f"{WEBHOOKS}{webhook.pk}/ping/")

    assert response.status_code == 202
    event = Event.objects.get(type="ping")
    assert response.data["id"] == event.pk
    assert response.data["type"] == "ping"
    assert list(WebhookDelivery.objects.values_list("webhook_id", "event_id")) == [(webhook.pk, event.pk)]


def test_pinging_an_inactive_webhook_is_a_409(lead_client, lead):
    webhook, _ = make_webhook(lead, url=URL, is_active=False)

    response = lead_client.post(f"{WEBHOOKS}{webhook.pk}/ping/")

    assert response.status_code == 409
    assert response.data["code"] == "webhook_inactive"
    assert not Event.objects.filter(type="ping").exists()


def test_deliveries_lists_each_attempt_newest_first(lead_client, lead, receiver):
    receiver.answers = [(500, {})]
    webhook, _ = make_webhook(lead, url=receiver.url)
    lead_client.post(f"{WEBHOOKS}{webhook.pk}/ping/")
    webhook_deliveries_send_due()
    WebhookDelivery.objects.update(next_attempt_at="2000-01-01T00:00:00Z")
    webhook_deliveries_send_due()

    response = lead_client.get(f"{WEBHOOKS}{webhook.pk}/deliveries/")

    assert response.status_code == 200
    rows = response.json()["results"]
    event = Event.objects.get(type="ping")
    assert [set(row) for row in rows] == [
        {
            "id",
            "event",
            "event_type",
            "attempt",
            "status_code",
            "error",
            "duration_ms",
            "delivered_at",
            "next_attempt_at",
        }
    ] * 2
    assert [(r["attempt"], r["status_code"], r["event"], r["event_type"]) for r in rows] == [
        (2, 200, event.pk, "ping"),
        (1, 500, event.pk, "ping"),
    ]
    assert rows[0]["delivered_at"] is not None and rows[0]["next_attempt_at"] is None
    assert rows[1]["delivered_at"] is None and rows[1]["next_attempt_at"] is not None
    assert rows[1]["error"] == "HTTP 500."


@pytest.mark.parametrize("rows", [1, 15])
def test_the_lists_query_count_does_not_grow(lead_client, lead, django_assert_num_queries, rows):
    for n in range(rows):
        make_webhook(lead, url=f"{URL}/{n}")
    with django_assert_num_queries(3):  # token, count, page
        assert lead_client.get(WEBHOOKS).status_code == 200


@pytest.mark.parametrize("rows", [1, 12])
def test_the_deliveries_query_count_does_not_grow(lead_client, lead, receiver, django_assert_num_queries, rows):
    receiver.answers = [(500, {})] * rows
    webhook, _ = make_webhook(lead, url=receiver.url)
    for _ in range(rows):
        lead_client.post(f"{WEBHOOKS}{webhook.pk}/ping/")
    webhook_deliveries_send_due()
    with django_assert_num_queries(4):  # token, webhook, count, page
        assert lead_client.get(f"{WEBHOOKS}{webhook.pk}/deliveries/").status_code == 200


ENDPOINTS = [
    ("get", "{list}"),
    ("post", "{list}"),
    ("get", "{detail}"),
    ("put", "{detail}"),
    ("patch", "{detail}"),
    ("delete", "{detail}"),
    ("post", "{detail}rotate-secret/"),
    ("post", "{detail}ping/"),
    ("get", "{detail}deliveries/"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_a_junior_is_refused_everywhere(junior_client, lead, method, path):
    webhook, _ = make_webhook(lead, url=URL)
    url = path.format(list=WEBHOOKS, detail=f"{WEBHOOKS}{webhook.pk}/")

    assert getattr(junior_client, method)(url, {}, format="json").status_code == 403
    assert Webhook.objects.get().url == URL


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_anonymous_is_refused_everywhere(api_client, lead, method, path):
    webhook, _ = make_webhook(lead, url=URL)
    url = path.format(list=WEBHOOKS, detail=f"{WEBHOOKS}{webhook.pk}/")

    assert getattr(api_client, method)(url, {}, format="json").status_code == 401
