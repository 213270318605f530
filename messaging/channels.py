"""Where a message goes: email through Django's email framework (EMAIL_URL), SMS and WhatsApp
through a small backend chosen by URL (SMS_URL, WHATSAPP_URL), like Django's email backends.

    console://                                 one log line per message (the default)
    file:///var/messages                       one JSON file {"channel", "to", "body"} per message
    twilio://ACCOUNT_SID:AUTH_TOKEN@?from=+15551234567    Twilio's Messages REST API

A backend's send() returns the provider's message id, or raises SendError: `permanent` when a
retry cannot fix it (an invalid number), else the worker retries with backoff.
"""

import json
import logging
import smtplib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import requests
from anymail.exceptions import AnymailAPIError, AnymailError, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMessage

logger = logging.getLogger("messaging.channels")

# Twilio answers these 4xx when waiting or a fixed configuration may help; any other 4xx
# (an invalid or unreachable number, a bad request) fails at once.
RETRYABLE_4XX = {401, 403, 408, 409, 423, 425, 429}


class SendError(Exception):
    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class Outgoing:
    id: int
    channel: str
    to: str
    subject: str
    body: str


class ConsoleBackend:
    def send(self, message: Outgoing) -> str:
        logger.info("%s to %s: %s", message.channel, message.to, message.body)
        return f"console-{message.id}"


class FileBackend:
    """One JSON file per message, named by the message id: a message sent again (a worker
    killed between the write and recording it as sent) rewrites its file, never adds one."""

    def __init__(self, folder: str):
        self.folder = Path(folder)

    def send(self, message: Outgoing) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{message.channel}-{message.id}.json"
        partial = path.with_suffix(".part")
        partial.write_text(json.dumps({"channel": message.channel, "to": message.to, "body": message.body}))
        partial.replace(path)
        return path.name


class TwilioBackend:
    """POST /2010-04-01/Accounts/{AccountSid}/Messages.json with To, From, Body (form fields),
    HTTP Basic auth with the account SID and auth token; 201 answers the message `sid`."""

    def __init__(self, *, account_sid: str, auth_token: str, sender: str, whatsapp: bool):
        self.account_sid, self.auth_token, self.sender, self.whatsapp = account_sid, auth_token, sender, whatsapp

    def _address(self, number: str) -> str:
        return f"whatsapp:{number}" if self.whatsapp and not number.startswith("whatsapp:") else number

    def send(self, message: Outgoing) -> str:
        url = f"{settings.TWILIO_API_BASE.rstrip('/')}/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        form = {"To": self._address(message.to), "From": self._address(self.sender), "Body": message.body}
        try:
            response = requests.post(
                url,
                data=form,
                auth=(self.account_sid, self.auth_token),
                timeout=settings.MESSAGE_SEND_TIMEOUT_SECONDS,
                allow_redirects=False,
            )
        except requests.RequestException as error:
            raise SendError(f"Twilio unreachable: {error.__class__.__name__}: {error}") from error
        if response.status_code in (200, 201):
            try:
                return str(response.json()["sid"])
            except (ValueError, KeyError, TypeError) as error:
                raise SendError("Twilio answered without a message sid.") from error
        try:
            problem = response.json()
            detail = f"Twilio {response.status_code} (code {problem.get('code')}): {problem.get('message')}"
        except (ValueError, AttributeError):
            detail = f"Twilio {response.status_code}: {response.text[:200]}"
        permanent = 400 <= response.status_code < 500 and response.status_code not in RETRYABLE_4XX
        raise SendError(detail, permanent=permanent)


def backend_from_url(url: str, *, channel: str):
    """The backend an SMS_URL / WHATSAPP_URL names (ValueError for an unknown scheme)."""
    parts = urlsplit(url)
    if parts.scheme == "console":
        return ConsoleBackend()
    if parts.scheme == "file":
        return FileBackend(unquote(parts.path))
    if parts.scheme == "twilio":
        # `?from=+15551234567` as the contract writes it: a literal "+", not a space.
        sender = parse_qs(parts.query.replace("+", "%2B")).get("from", [""])[0]
        if not (parts.username and parts.password and sender):
            raise ValueError(f"{channel}: twilio://ACCOUNT_SID:AUTH_TOKEN@?from=+15551234567 needs all three parts")
        return TwilioBackend(
            account_sid=unquote(parts.username),
            auth_token=unquote(parts.password),
            sender=sender,
            whatsapp=channel == "whatsapp",
        )
    raise ValueError(f"{channel}: unknown message URL scheme {parts.scheme!r} (console://, file:///dir, twilio://)")


# An ESP's answer that a retry cannot change (bad request, auth, unknown sender...); 408 and
# 429 are worth another attempt.
RETRYABLE_4XX = {408, 429}


def _anymail_permanent(error: AnymailError) -> bool:
    if isinstance(error, AnymailRecipientsRefused):
        return True
    status = getattr(error, "status_code", None)
    return (
        isinstance(error, AnymailAPIError)
        and status is not None
        and 400 <= status < 500
        and (status not in RETRYABLE_4XX)
    )


class EmailBackend:
    """Django's email framework: EMAIL_URL (EMAIL_BACKEND and friends: SMTP, or a provider's API
    through django-anymail) and DEFAULT_FROM_EMAIL. Email bodies are plain text."""

    def send(self, message: Outgoing) -> str:
        email = EmailMessage(subject=message.subject, body=message.body, to=[message.to])
        email.extra_headers["X-Studio-Message-Id"] = str(message.id)
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as error:
            raise SendError(f"Recipient refused: {error}", permanent=True) from error
        except AnymailError as error:
            raise SendError(
                f"Email not sent: {error.__class__.__name__}: {error}", permanent=_anymail_permanent(error)
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            raise SendError(f"Email not sent: {error.__class__.__name__}: {error}") from error
        status = getattr(email, "anymail_status", None)  # an Anymail backend: the ESP's id
        if status is not None and status.message_id is not None:
            return str(status.message_id)
        return email.extra_headers.get("Message-ID", f"email-{message.id}")


def channel_backend(channel: str):
    """The backend that sends on `channel`, from the settings as they are now."""
    if channel == "email":
        return EmailBackend()
    url = {"sms": settings.SMS_URL, "whatsapp": settings.WHATSAPP_URL}[channel]
    return backend_from_url(url, channel=channel)
