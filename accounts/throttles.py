"""Throttles. Their counters live in the default cache: with CACHE_URL pointing at Redis
they are shared by every gunicorn worker and every server, so adding processes does not
multiply the allowance."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class RuntimeRateMixin:
    def get_rate(self):
        # Read at request time (not import time) so the environment and tests can set it.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class StaffRateThrottle(RuntimeRateMixin, SimpleRateThrottle):
    """A generous ceiling per authenticated user (or per address when anonymous)."""

    scope = "staff"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class LoginAddressThrottle(RuntimeRateMixin, SimpleRateThrottle):
    """Login attempts per client address (LOGIN_THROTTLE_RATE)."""

    scope = "login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginUsernameThrottle(RuntimeRateMixin, SimpleRateThrottle):
    """Login attempts per username, whatever address they come from (LOGIN_USERNAME_THROTTLE_RATE)."""

    scope = "login_username"

    def get_cache_key(self, request, view):
        data = request.data if hasattr(request.data, "get") else {}
        username = data.get("username")
        if not isinstance(username, str) or not username:
            return None
        return self.cache_format % {"scope": self.scope, "ident": username.strip().lower()[:150]}
