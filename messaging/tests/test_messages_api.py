import pytest

from customers.tests.factories import CustomerFactory
from messaging.models import Message
from messaging.tests.conftest import complete, pay
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/messages/"
FIELDS = {
    "id", "customer", "order", "appointment", "trigger", "channel", "to", "subject", "body", "status",
    "attempts", "last_error", "provider_message_id", "created_at", "sent_at",
}  # fmt: skip


def manual_url(order):
    return f"/api/v1/orders/{order.pk}/messages/"


def test_lead_lists_messages_newest_first(lead_client, templates, order):
    order = complete(order)
    pay(order, "100.00")

    response = lead_client.get(URL)

    assert response.status_code == 200
    rows = response.data["results"]
    assert [row["trigger"] for row in rows] == ["payment_received", "order_ready"]
    assert set(rows[0]) == FIELDS
    assert rows[0]["status"] == "queued" and rows[0]["appointment"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"trigger": "order_ready"}, ["order_ready"]),
        ({"status": "skipped"}, ["order_ready"]),
        ({"channel": "email"}, ["payment_received"]),
        ({"trigger": "manual"}, []),
    ],
)
def test_filters(lead_client, templates, order, params, expected):
    pay(order, "100.00")
    skipped = complete(OrderFactory(customer=CustomerFactory(email="", phone="", notify_by="none")))
    assert skipped

    response = lead_client.get(URL, params)

    assert [row["trigger"] for row in response.data["results"]] == expected


def test_filter_by_customer_and_order(lead_client, templates, order):
    pay(order, "100.00")
    other = OrderFactory()
    pay(other, "100.00")

    assert [r["order"] for r in lead_client.get(URL, {"order": other.pk}).data["results"]] == [other.pk]
    by_customer = lead_client.get(URL, {"customer": order.customer_id}).data["results"]
    assert [r["customer"] for r in by_customer] == [order.customer_id]


def test_an_unknown_filter_value_is_a_400(lead_client):
    assert lead_client.get(URL, {"status": "nope"}).status_code == 400
    assert lead_client.get(URL, {"customer": 999999}).status_code == 400


def test_detail(lead_client, templates, order):
    pay(order, "100.00")
    message = Message.objects.get()

    response = lead_client.get(f"{URL}{message.pk}/")

    assert response.status_code == 200
    assert response.data["body"] == message.body


def test_the_list_takes_constant_queries(lead_client, templates, order, django_assert_num_queries):
    pay(order, "1.00")
    with django_assert_num_queries(3) as one:
        lead_client.get(URL)
    for _ in range(5):
        pay(order, "1.00")
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(lead_client.get(URL).data["results"]) == 6


def test_juniors_and_anonymous_may_not_read_messages(junior_client, api_client, templates, order):
    pay(order, "1.00")
    message = Message.objects.get()

    assert junior_client.get(URL).status_code == 403
    assert junior_client.get(f"{URL}{message.pk}/").status_code == 403
    assert api_client.get(URL).status_code == 401
    assert api_client.get(f"{URL}{message.pk}/").status_code == 401


def test_messages_are_read_only(lead_client, templates, order):
    pay(order, "1.00")
    message = Message.objects.get()

    assert lead_client.post(URL, {}).status_code == 405
    assert lead_client.delete(f"{URL}{message.pk}/").status_code == 405


# --- manual messages --------------------------------------------------------------------


def test_a_manual_message_is_queued_to_the_customers_channel(lead_client, order):
    response = lead_client.post(manual_url(order), {"body": "Your fitting is at 3pm {not a placeholder}"})

    assert response.status_code == 202
    assert (response.data["trigger"], response.data["status"], response.data["channel"]) == (
        "manual",
        "queued",
        "email",
    )
    assert response.data["body"] == "Your fitting is at 3pm {not a placeholder}"
    message = Message.objects.get()
    assert (message.to, message.order, message.next_attempt_at is not None) == ("ada@example.com", order, True)


def test_a_manual_message_on_another_channel(lead_client, order):
    response = lead_client.post(manual_url(order), {"body": "Hi", "channel": "whatsapp"})

    assert response.status_code == 202
    assert (response.data["channel"], response.data["to"]) == ("whatsapp", "+2348031234567")


def test_nothing_to_send_to_is_a_409(lead_client):
    order = OrderFactory(customer=CustomerFactory(email="", phone="", notify_by="none"))

    response = lead_client.post(manual_url(order), {"body": "Hi"})
    on_sms = lead_client.post(manual_url(order), {"body": "Hi", "channel": "sms"})

    assert (response.status_code, response.data["code"]) == (409, "nothing_to_send_to")
    assert (on_sms.status_code, on_sms.data["code"]) == (409, "nothing_to_send_to")
    assert not Message.objects.exists()


@pytest.mark.parametrize("body", [{}, {"body": ""}, {"body": "x", "channel": "fax"}])
def test_bad_manual_bodies_are_a_400(lead_client, order, body):
    response = lead_client.post(manual_url(order), body, format="json")

    assert response.status_code == 400


def test_an_unknown_order_is_a_404(lead_client, db):
    assert lead_client.post("/api/v1/orders/999999/messages/", {"body": "x"}).status_code == 404


def test_idempotency_key_replays_the_first_answer(lead_client, order):
    first = lead_client.post(manual_url(order), {"body": "Hi"}, HTTP_IDEMPOTENCY_KEY="abc-1")
    again = lead_client.post(manual_url(order), {"body": "Hi"}, HTTP_IDEMPOTENCY_KEY="abc-1")

    assert first.status_code == again.status_code == 202
    assert again.data["id"] == first.data["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Message.objects.count() == 1


def test_juniors_and_anonymous_may_not_send(junior_client, api_client, order):
    assert junior_client.post(manual_url(order), {"body": "Hi"}).status_code == 403
    assert api_client.post(manual_url(order), {"body": "Hi"}).status_code == 401
    assert not Message.objects.exists()
