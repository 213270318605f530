"""Throttles. Their counters live in the default cache: with CACHE_URL pointing at Redis
they are shared by every gunicorn worker and every server, so adding processes does not
multiply the allowance. The login limits are in accounts.login_policy."""

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
