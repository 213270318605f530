"""The Redis cache backend the settings use for redis:// cache URLs: a Redis outage is a cache
miss, never a 500.

Django's RedisCache lets redis-py's ConnectionError/TimeoutError through, and DRF's throttles
read the cache on every request, so with Redis down every API request answered 500 (after the
socket's default timeout, none). This backend:

- connects with short socket timeouts (CONNECT_TIMEOUT / READ_TIMEOUT below, unless OPTIONS
  say otherwise; Django passes OPTIONS to redis-py's ConnectionPool.from_url) and no retries;
- answers every call of Django's cache API during an outage as a miss: get → default,
  get_many → {}, add/touch/delete/has_key/clear → False, set_many → every key failed,
  incr/decr → ValueError (the key is "not there"), get_or_set → the default;
- after a failure, skips Redis for RETRY_INTERVAL seconds (a miss at once, no socket), then
  lets one call try again: a Redis that is down or hangs costs at most one timeout per
  interval per process, not one per call;
- logs one warning when Redis becomes unreachable (and how many calls missed, once it is back),
  not one per call.

Callers for whom a miss is the wrong answer (the login limits: a counter that cannot be read
must not let unlimited password guesses through) wrap their calls in `strict()`: inside it,
an unreachable cache raises CacheUnavailable instead.
"""

import contextlib
import contextvars
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = 0.25
READ_TIMEOUT = 0.5
RETRY_INTERVAL = 1.0
OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError)

_strict = contextvars.ContextVar("common_cache_strict", default=False)


class CacheUnavailable(Exception):
    """The cache could not be reached inside `strict()`."""


@contextlib.contextmanager
def strict():
    """Within this block an unreachable cache raises CacheUnavailable instead of answering a miss."""
    token = _strict.set(True)
    try:
        yield
    finally:
        _strict.reset(token)


class _Health:
    """Whether one Redis location answers, shared by every thread of the process (Django gives
    each thread its own backend instance)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.missed = 0

    def skip(self, interval: float) -> bool:
        """True while Redis is known down and the next try is not yet due. When it is due, this
        caller makes the try and the others keep skipping meanwhile: a Redis that hangs holds
        one request per interval for the read timeout, not every request that comes then."""
        if self.down_since is None:  # the usual case: no lock taken
            return False
        with self._lock:
            if self.down_since is None:
                return False
            now = time.monotonic()
            if now < self.retry_at:
                self.missed += 1
                return True
            self.retry_at = now + interval
            return False

    def failed(self, location: str, error: Exception, interval: float) -> None:
        with self._lock:
            now = time.monotonic()
            self.retry_at = now + interval
            self.missed += 1
            if self.down_since is not None:
                return
            self.down_since = now
        logger.warning(
            "cache unreachable (%s: %s): answering misses, retrying every %ss",
            location,
            error,
            interval,
            extra={"fields": {"cache": location, "error": repr(error)}},
        )

    def succeeded(self, location: str, started: float) -> None:
        """A call that began at `started` (monotonic) answered. One that began before the outage
        was noticed (in flight in another thread) says nothing about Redis now."""
        if self.down_since is None:  # the usual case: no lock taken
            return
        with self._lock:
            if self.down_since is None or started < self.down_since:
                return
            seconds, missed = time.monotonic() - self.down_since, self.missed
            self.down_since, self.missed = None, 0
        logger.warning(
            "cache reachable again (%s) after %.1fs; %d calls answered as misses",
            location,
            seconds,
            missed,
            extra={"fields": {"cache": location, "outage_seconds": round(seconds, 1), "missed": missed}},
        )


_HEALTH: dict[str, _Health] = {}
_HEALTH_LOCK = threading.Lock()


def _health_for(location: str) -> _Health:
    with _HEALTH_LOCK:
        return _HEALTH.setdefault(location, _Health())


class _Skipped(RedisConnectionError):
    """Raised instead of calling Redis while it is known down."""

    def __str__(self):
        return "skipped: the cache was unreachable moments ago"


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_interval = float(options.pop("RETRY_INTERVAL", RETRY_INTERVAL))
        options.setdefault("socket_connect_timeout", CONNECT_TIMEOUT)
        options.setdefault("socket_timeout", READ_TIMEOUT)
        options.setdefault("retry", Retry(NoBackoff(), 0))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._location = ",".join(self._servers)
        self._health = _health_for(self._location)

    def _call(self, method, args, kwargs, on_outage):
        if self._health.skip(self.retry_interval):
            return self._outage(_Skipped(), on_outage)
        started = time.monotonic()
        try:
            result = method(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            self._health.failed(self._location, error, self.retry_interval)
            return self._outage(error, on_outage)
        self._health.succeeded(self._location, started)
        return result

    @staticmethod
    def _outage(error, on_outage):
        if _strict.get():
            raise CacheUnavailable(str(error)) from error
        return on_outage()

    # Django's cache API, each answering its miss during an outage. BaseCache builds the rest
    # (get_or_set, decr, incr_version, decr_version, the async a* methods) on these.

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, (key, value, timeout, version), {}, lambda: False)

    def get(self, key, default=None, version=None):
        return self._call(super().get, (key, default, version), {}, lambda: default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, (key, value, timeout, version), {}, lambda: None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, (key, timeout, version), {}, lambda: False)

    def delete(self, key, version=None):
        return self._call(super().delete, (key, version), {}, lambda: False)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, (keys, version), {}, dict)

    def has_key(self, key, version=None):
        return self._call(super().has_key, (key, version), {}, lambda: False)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")

        return self._call(super().incr, (key, delta, version), {}, missing)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, (data, timeout, version), {}, lambda: list(data))

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, (keys, version), {}, lambda: None)

    def clear(self):
        return self._call(super().clear, (), {}, lambda: False)
