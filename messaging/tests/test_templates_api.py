import pytest

from messaging.models import MessageTemplate

pytestmark = pytest.mark.django_db
URL = "/api/v1/message-templates/"
FIELDS = {"id", "trigger", "channel", "subject", "body", "is_active", "created_at", "updated_at"}


def a_template(**fields):
    row = {"trigger": "order_ready", "channel": "sms", "body": "Hi {customer_name}", "is_active": True, **fields}
    row["active_key"] = f"{row['trigger']}:{row['channel']}" if row["is_active"] else None
    return MessageTemplate.objects.create(**row)


def test_the_default_set_covers_every_trigger_on_every_channel(templates):
    assert templates.count() == 18
    assert set(templates.values_list("trigger", "channel")) == {
        (t, c)
        for t in ["order_ready", "order_delivered", "payment_received", "appointment_scheduled",
                  "appointment_reminder", "balance_reminder"]
        for c in ["email", "sms", "whatsapp"]
    }  # fmt: skip
    assert all(t.subject for t in templates.filter(channel="email"))
    assert not any(t.subject for t in templates.exclude(channel="email"))


def test_lead_creates_a_template(lead_client):
    response = lead_client.post(
        URL, {"trigger": "order_ready", "channel": "email", "subject": "{order_title}", "body": "Hi {customer_name}"}
    )

    assert response.status_code == 201
    assert set(response.data) == FIELDS
    assert MessageTemplate.objects.get().active_key == "order_ready:email"


@pytest.mark.parametrize(
    ("field", "text", "named"),
    [("body", "Hi {nope}", "{nope}"), ("body", "Hi {customer_name", "'{'"), ("subject", "{{7*7}}", "'{'")],
)
def test_unknown_placeholders_or_unbalanced_braces_are_a_400_naming_them(lead_client, field, text, named):
    body = {"trigger": "order_ready", "channel": "email", "body": "Hi", field: text}

    response = lead_client.post(URL, body)

    assert response.status_code == 400
    assert list(response.data) == [field]
    assert named in response.data[field][0]
    assert not MessageTemplate.objects.exists()


def test_a_second_active_template_for_a_trigger_and_channel_is_a_409(lead_client):
    a_template()

    response = lead_client.post(URL, {"trigger": "order_ready", "channel": "sms", "body": "Again"})

    assert response.status_code == 409
    assert response.data["code"] == "template_active_exists"
    assert MessageTemplate.objects.count() == 1


def test_an_inactive_one_beside_it_is_fine_and_activating_it_is_a_409(lead_client):
    a_template()
    response = lead_client.post(URL, {"trigger": "order_ready", "channel": "sms", "body": "B", "is_active": False})
    assert response.status_code == 201

    response = lead_client.patch(f"{URL}{response.data['id']}/", {"is_active": True})

    assert response.status_code == 409


def test_deactivating_frees_the_slot(lead_client):
    first = a_template()
    assert lead_client.patch(f"{URL}{first.pk}/", {"is_active": False}).status_code == 200

    response = lead_client.post(URL, {"trigger": "order_ready", "channel": "sms", "body": "New"})

    assert response.status_code == 201


def test_subject_is_dropped_on_other_channels(lead_client):
    response = lead_client.post(URL, {"trigger": "order_ready", "channel": "sms", "subject": "X", "body": "Y"})

    assert response.data["subject"] == ""


def test_detail_has_an_etag_and_delete_removes_it(lead_client):
    template = a_template()
    assert lead_client.get(f"{URL}{template.pk}/")["ETag"]

    assert lead_client.delete(f"{URL}{template.pk}/").status_code == 204
    assert not MessageTemplate.objects.exists()


def test_junior_reads_but_may_not_write(junior_client):
    template = a_template()

    assert junior_client.get(URL).status_code == 200
    assert junior_client.get(f"{URL}{template.pk}/").status_code == 200
    assert junior_client.post(URL, {"trigger": "order_ready", "channel": "email", "body": "x"}).status_code == 403
    assert junior_client.patch(f"{URL}{template.pk}/", {"body": "x"}).status_code == 403
    assert junior_client.delete(f"{URL}{template.pk}/").status_code == 403


def test_anonymous_gets_401(api_client):
    template = a_template()

    assert api_client.get(URL).status_code == 401
    assert api_client.get(f"{URL}{template.pk}/").status_code == 401
    assert api_client.post(URL, {}).status_code == 401


def test_the_list_takes_constant_queries(lead_client, django_assert_num_queries):
    a_template()
    with django_assert_num_queries(3) as one:
        lead_client.get(URL)
    for channel in ["email", "whatsapp"]:
        a_template(channel=channel)
    with django_assert_num_queries(len(one.captured_queries)):
        lead_client.get(URL)
