"""Each channel: the file backends, email through Django's framework, Twilio against a local fake."""

import json
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings

from messaging.channels import ConsoleBackend, FileBackend, Outgoing, SendError, TwilioBackend, backend_from_url
from messaging.models import Message
from messaging.services import message_send_manual, messages_send_due
from messaging.tests.fakes import SID, TOKEN, FakeTwilio

pytestmark = pytest.mark.django_db
PORT = 8201
TWILIO_URL = f"twilio://{SID}:{TOKEN}@?from=+15551234567"


@pytest.fixture
def twilio():
    with FakeTwilio(PORT) as fake, override_settings(TWILIO_API_BASE=fake.base):
        yield fake


def a_message(**fields):
    return Outgoing(**{"id": 7, "channel": "sms", "to": "+2348031234567", "subject": "", "body": "Hi", **fields})


@pytest.mark.parametrize(
    ("url", "kind"), [("console://", ConsoleBackend), ("file:///tmp/x", FileBackend), (TWILIO_URL, TwilioBackend)]
)
def test_backends_by_url(url, kind):
    assert isinstance(backend_from_url(url, channel="sms"), kind)


@pytest.mark.parametrize("url", ["smtp://x", "twilio://only-sid@", "twilio://a:b@"])
def test_bad_urls_are_refused(url):
    with pytest.raises(ValueError):
        backend_from_url(url, channel="sms")


@pytest.mark.parametrize("channel", ["sms", "whatsapp"])
def test_the_file_backend_writes_one_json_file_per_message(tmp_path, lead, order, channel):
    with override_settings(SMS_URL=f"file://{tmp_path}", WHATSAPP_URL=f"file://{tmp_path}"):
        message = message_send_manual(actor=lead, order=order, body="Ready {soon}", channel=channel)
        assert messages_send_due() == 1

    files = list(tmp_path.iterdir())
    assert len(files) == 1
    assert json.loads(files[0].read_text()) == {"channel": channel, "to": "+2348031234567", "body": "Ready {soon}"}
    message.refresh_from_db()
    assert (message.status, message.attempts, message.provider_message_id) == ("sent", 1, files[0].name)
    assert message.sent_at is not None


def test_a_file_sent_twice_is_still_one_file(tmp_path):
    backend = FileBackend(str(tmp_path))
    backend.send(a_message())
    backend.send(a_message())

    assert len(list(Path(tmp_path).iterdir())) == 1


def test_email_goes_through_djangos_email_framework(lead, order, settings):
    settings.DEFAULT_FROM_EMAIL = "studio@example.com"
    message = message_send_manual(actor=lead, order=order, body="Plain <b>text</b>")

    assert messages_send_due() == 1

    (sent,) = mail.outbox
    assert (sent.to, sent.from_email, sent.body) == (["ada@example.com"], "studio@example.com", "Plain <b>text</b>")
    assert sent.subject == "Fashion Studio: Wedding gown"
    assert sent.content_subtype == "plain"
    message.refresh_from_db()
    assert message.status == "sent"


def test_twilio_gets_the_request_as_documented(twilio):
    provider_id = backend_from_url(TWILIO_URL, channel="sms").send(a_message(body="Your gown is ready"))

    (request,) = twilio.requests
    assert request["path"] == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert request["content_type"] == "application/x-www-form-urlencoded"
    assert request["form"] == {"To": "+2348031234567", "From": "+15551234567", "Body": "Your gown is ready"}
    assert provider_id.startswith("SM")


def test_whatsapp_numbers_carry_the_whatsapp_prefix(twilio):
    backend_from_url(TWILIO_URL, channel="whatsapp").send(a_message(channel="whatsapp"))

    form = twilio.requests[0]["form"]
    assert (form["To"], form["From"]) == ("whatsapp:+2348031234567", "whatsapp:+15551234567")


def test_a_sent_message_records_twilios_sid(twilio, lead, order):
    with override_settings(SMS_URL=TWILIO_URL):
        message = message_send_manual(actor=lead, order=order, body="Hi", channel="sms")
        messages_send_due()

    message.refresh_from_db()
    assert (message.status, message.provider_message_id) == ("sent", "SM" + "1".zfill(32))


def test_an_invalid_number_fails_at_once(twilio):
    twilio.answers.append((400, {"code": 21211, "message": "Invalid 'To' Phone Number", "status": 400}))

    with pytest.raises(SendError) as refused:
        backend_from_url(TWILIO_URL, channel="sms").send(a_message())

    assert refused.value.permanent
    assert "21211" in str(refused.value)


@pytest.mark.parametrize("answer", [(500, {"message": "oops"}), (429, {"code": 20429, "message": "Too many"})])
def test_server_errors_and_throttling_are_retried(twilio, answer):
    twilio.answers.append(answer)

    with pytest.raises(SendError) as refused:
        backend_from_url(TWILIO_URL, channel="sms").send(a_message())

    assert not refused.value.permanent


@override_settings(MESSAGE_SEND_TIMEOUT_SECONDS=0.5)
def test_a_hanging_provider_times_out_and_is_retried(twilio):
    twilio.answers.append("hang")

    with pytest.raises(SendError) as refused:
        backend_from_url(TWILIO_URL, channel="sms").send(a_message())

    assert not refused.value.permanent
    assert "Timeout" in str(refused.value)


def test_an_unreachable_provider_is_retried(settings):
    settings.TWILIO_API_BASE = "http://127.0.0.1:8209"  # nothing listens there

    with pytest.raises(SendError) as refused:
        backend_from_url(TWILIO_URL, channel="sms").send(a_message())

    assert not refused.value.permanent


def test_a_message_row_keeps_the_last_error(twilio, lead, order):
    twilio.answers.append((503, {"message": "busy"}))
    with override_settings(SMS_URL=TWILIO_URL):
        message_send_manual(actor=lead, order=order, body="Hi", channel="sms")
        messages_send_due()

    message = Message.objects.get()
    assert (message.status, message.attempts) == ("queued", 1)
    assert "Twilio 503" in message.last_error
