from rest_framework.throttling import SimpleRateThrottle

from accounts.throttles import RuntimeRateMixin


class TrackingRateThrottle(RuntimeRateMixin, SimpleRateThrottle):
    """The public tracking page, per client address (TRACKING_THROTTLE_RATE), in the shared
    cache: guessing tokens is slow from every server alike."""

    scope = "tracking"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
