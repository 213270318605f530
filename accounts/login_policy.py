"""The one login policy: how many password attempts every way in allows.

Three doors take a password: the token login (`POST /api/v1/auth/login/`), the admin's login
form and the browsable API's login form (`/api-auth/login/`). All three count their attempts
in the same two counters, with the same limits:

- per client address: LOGIN_THROTTLE_RATE (default 10/min);
- per username, from whatever address: LOGIN_USERNAME_THROTTLE_RATE (default 5/min).

Every attempt counts (right or wrong password); a refused attempt does not, and checks no
password. The window rolls: an attempt stops counting once it is older than the period, so
a refused user can log in again when the period has passed since their oldest counted
attempt. Nothing is ever locked for good, and nobody needs to unlock anything.

The counters live in the default cache (DRF's SimpleRateThrottle history): with CACHE_URL
pointing at Redis they are shared by every worker and every server. Keys are hashes, so
nothing a client sends can make an invalid memcached/Redis key.

While the cache cannot be reached (Redis down: see common.cache) the limits cannot be counted,
and a login that went on uncounted would allow unlimited password guesses. So login fails
closed: every door answers 503 with Retry-After (LOGIN_UNAVAILABLE_WAIT seconds) and checks no
password, until the cache answers again. Everything else fails open: a user already logged in
keeps working with their token (the per-user ceiling, accounts.throttles, is not counted then).

A username that names an account is counted against the account, found the way the login
itself finds it: MariaDB compares names case-, accent- and width-insensitively and ignores
some characters entirely ("Léad", "ＬＥＡＤ" and "le\u200bad" all log in as "lead"), so no
normalisation of the string alone can be trusted to give every spelling one counter.
"""

import hashlib
import math
import unicodedata
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from accounts.throttles import RuntimeRateMixin
from common import cache

USERNAME_MAX_LENGTH = 150
LOGIN_UNAVAILABLE_WAIT = 30
LOGIN_UNAVAILABLE = (
    "Logging in is unavailable for a moment: the login attempt limits cannot be counted. "
    f"Try again in {LOGIN_UNAVAILABLE_WAIT} seconds."
)


class LoginUnavailable(exceptions.APIException):
    """The cache that counts login attempts is unreachable: 503, Retry-After, no password checked."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "login_unavailable"
    wait = LOGIN_UNAVAILABLE_WAIT

    def __init__(self):
        # A dict detail is the body as it stands: `detail` and the `code` a client switches on.
        super().__init__({"detail": LOGIN_UNAVAILABLE, "code": self.default_code})


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def submitted_username(request) -> str | None:
    """The username a login request carries: the JSON body (DRF) or the login form's field."""
    data = request.data if isinstance(request, Request) else request.POST
    username = data.get("username") if hasattr(data, "get") else None
    return username if isinstance(username, str) else None


def username_ident(username: str) -> str | None:
    """The counter a username is charged to: its account when one answers to it, else the
    name itself (stripped, NFKC, case-folded, at most 150 characters)."""
    name = unicodedata.normalize("NFKC", username).strip()[:USERNAME_MAX_LENGTH]
    if not name:
        return None
    account = _account_for(name)
    if account is not None:
        return f"user:{account}"
    return f"name:{name.casefold()}"


def _account_for(name: str) -> int | None:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from JSON: no account has one
        return None
    if "\x00" in name:
        return None
    users = get_user_model()._default_manager
    field = get_user_model().USERNAME_FIELD
    # Exactly as the login looks it up (the database's own comparison), then ignoring case,
    # which SQLite's exact comparison does not.
    pk = users.filter(**{field: name}).values_list("pk", flat=True).first()
    if pk is None:
        pk = users.filter(**{f"{field}__iexact": name}).values_list("pk", flat=True).first()
    return pk


class _LoginThrottle(RuntimeRateMixin, SimpleRateThrottle):
    def ident(self, request) -> str | None:
        raise NotImplementedError

    def get_cache_key(self, request, view):
        ident = self.ident(request)
        if ident is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": _digest(ident)}

    def allow_request(self, request, view):
        try:
            with cache.strict():
                return super().allow_request(request, view)
        except cache.CacheUnavailable as error:
            raise LoginUnavailable() from error


class LoginAddressThrottle(_LoginThrottle):
    """Login attempts per client address (LOGIN_THROTTLE_RATE)."""

    scope = "login"

    def ident(self, request) -> str | None:
        return self.get_ident(request)


class LoginUsernameThrottle(_LoginThrottle):
    """Login attempts per username, whatever address they come from (LOGIN_USERNAME_THROTTLE_RATE)."""

    scope = "login_username"

    def ident(self, request) -> str | None:
        username = submitted_username(request)
        return username_ident(username) if username else None


# The token login view uses these as its throttle_classes; the form logins go through check().
THROTTLES = [LoginAddressThrottle, LoginUsernameThrottle]


def check(request) -> int | None:
    """Count a login attempt. None if it may go on, else the seconds to wait (for Retry-After).

    Every counter sees the attempt, as DRF's own throttle check does, so the answer and the
    counts are the same whichever door the attempt came through. Raises LoginUnavailable while
    the counters cannot be reached.
    """
    waits = []
    for throttle in (throttle_class() for throttle_class in THROTTLES):
        if not throttle.allow_request(request, None):
            waits.append(throttle.wait())
    if not waits:
        return None
    return max((math.ceil(wait) for wait in waits if wait is not None), default=1)


def guard_form_login(request, show_login: Callable[[], HttpResponse]) -> HttpResponse:
    """Run a login form view (admin, browsable API) under the policy.

    A refused POST re-renders the login form with the refusal as its error (the form checks
    no password then: see accounts.forms), answering 429 with Retry-After, or 503 with
    Retry-After while the counters cannot be reached.
    """
    if request.method != "POST":
        return show_login()
    try:
        wait = check(request)
    except LoginUnavailable:
        request.login_unavailable = True
        response = show_login()
        response.status_code = 503
        response["Retry-After"] = str(LOGIN_UNAVAILABLE_WAIT)
        return response
    if wait is None:
        return show_login()
    request.login_refused_for = wait
    response = show_login()
    response.status_code = 429
    response["Retry-After"] = str(wait)
    return response
