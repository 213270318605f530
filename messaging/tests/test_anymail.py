"""Email through a provider's API (django-anymail): EMAIL_URL=anymail://<esp>?<setting>=<value>."""

import pytest
import requests
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused, AnymailRequestsAPIError
from django.core import mail

from common.email_url import anymail_settings, is_anymail_url
from messaging.channels import EmailBackend, Outgoing, SendError
from messaging.services import message_send_manual, messages_send_due

pytestmark = pytest.mark.django_db

ANYMAIL_TEST = "anymail.backends.test.EmailBackend"


def a_message():
    return Outgoing(id=7, channel="email", to="ada@example.com", subject="Ready", body="Your gown is ready")


def test_an_anymail_url_names_the_esps_backend_and_its_settings():
    assert anymail_settings("anymail://mailgun?api_key=key-1&sender_domain=mg.example.com") == {
        "EMAIL_BACKEND": "anymail.backends.mailgun.EmailBackend",
        "ANYMAIL": {"MAILGUN_API_KEY": "key-1", "MAILGUN_SENDER_DOMAIN": "mg.example.com"},
    }


def test_the_providers_requests_wait_no_longer_than_the_send_time_out():
    assert anymail_settings("anymail://postmark?server_token=t", requests_timeout=10.0)["ANYMAIL"] == {
        "POSTMARK_SERVER_TOKEN": "t",
        "REQUESTS_TIMEOUT": 10.0,
    }


def test_smtp_waits_no_longer_than_the_send_time_out(settings):
    assert settings.EMAIL_TIMEOUT == settings.MESSAGE_SEND_TIMEOUT_SECONDS == 10


def test_other_email_urls_are_django_environs():
    assert is_anymail_url("anymail://postmark?server_token=t")
    assert not is_anymail_url("smtp+tls://user:pass@smtp.example.com:587")
    assert not is_anymail_url("consolemail://")


@pytest.mark.parametrize("url", ["anymail://", "anymail://nosuchesp?api_key=k", "anymail://os?x=1"])
def test_an_unknown_provider_is_refused(url):
    with pytest.raises(ValueError, match="django-anymail has no email provider"):
        anymail_settings(url)


def test_a_message_sent_through_anymail_records_the_providers_id(lead, order, settings):
    settings.EMAIL_BACKEND = ANYMAIL_TEST
    message = message_send_manual(actor=lead, order=order, body="Plain text")

    assert messages_send_due() == 1

    (sent,) = mail.outbox
    assert sent.to == ["ada@example.com"]
    message.refresh_from_db()
    assert (message.status, message.provider_message_id) == ("sent", "0")  # the test ESP's id: its outbox index


def _refusing(settings, error):
    settings.EMAIL_BACKEND = ANYMAIL_TEST

    def send(self, fail_silently=False):
        raise error

    return send


def test_recipients_the_provider_refuses_fail_at_once(settings, monkeypatch):
    monkeypatch.setattr("django.core.mail.EmailMessage.send", _refusing(settings, AnymailRecipientsRefused()))

    with pytest.raises(SendError) as refused:
        EmailBackend().send(a_message())
    assert refused.value.permanent


@pytest.mark.parametrize(("status", "permanent"), [(400, True), (401, True), (429, False), (500, False), (503, False)])
def test_a_providers_error_status_is_retried_unless_a_retry_cannot_help(settings, monkeypatch, status, permanent):
    response = requests.Response()
    response.status_code, response.reason, response._content = status, "ESP said no", b"{}"
    error = AnymailRequestsAPIError("ESP said no", response=response)
    monkeypatch.setattr("django.core.mail.EmailMessage.send", _refusing(settings, error))

    with pytest.raises(SendError) as failed:
        EmailBackend().send(a_message())
    assert failed.value.permanent is permanent


def test_a_provider_that_cannot_be_reached_is_retried(settings, monkeypatch):
    monkeypatch.setattr("django.core.mail.EmailMessage.send", _refusing(settings, AnymailAPIError("timed out")))

    with pytest.raises(SendError) as failed:
        EmailBackend().send(a_message())
    assert not failed.value.permanent
