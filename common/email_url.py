"""EMAIL_URL for real email providers through django-anymail: `anymail://<esp>?<setting>=<value>`.

`anymail://mailgun?api_key=KEY&sender_domain=mg.example.com` is the backend
`anymail.backends.mailgun.EmailBackend` with ANYMAIL = {"MAILGUN_API_KEY": "KEY",
"MAILGUN_SENDER_DOMAIN": "mg.example.com"}: each query parameter is the ESP's Anymail setting
without its prefix (https://anymail.dev/en/stable/esps/). Every other EMAIL_URL is
django-environ's (smtp+tls://, consolemail://, filemail://).
"""

from importlib.util import find_spec
from urllib.parse import parse_qsl, urlsplit

SCHEME = "anymail"


def is_anymail_url(url: str) -> bool:
    return urlsplit(url).scheme == SCHEME


def anymail_settings(url: str, *, requests_timeout: float | None = None) -> dict:
    """EMAIL_BACKEND and ANYMAIL for an `anymail://<esp>?...` URL (with Anymail's
    REQUESTS_TIMEOUT when given); ValueError for an ESP that Anymail does not have."""
    parts = urlsplit(url)
    esp = (parts.hostname or "").lower()
    if not esp or find_spec(f"anymail.backends.{esp}") is None:
        raise ValueError(f"EMAIL_URL: django-anymail has no email provider {esp!r} (e.g. anymail://mailgun?api_key=…)")
    anymail = {f"{esp.upper()}_{name.upper()}": value for name, value in parse_qsl(parts.query)}
    if requests_timeout is not None:
        anymail.setdefault("REQUESTS_TIMEOUT", requests_timeout)
    return {"EMAIL_BACKEND": f"anymail.backends.{esp}.EmailBackend", "ANYMAIL": anymail}
