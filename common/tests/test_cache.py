"""common.cache.ResilientRedisCache: a Redis outage is a cache miss, never an exception.

The "down" Redis is a port nothing listens on (connection refused at once). The requests, the
login refusal and a real redis-server stopped and started: config/tests/test_cache_outage.py.
"""

import logging
import socket
import time

import pytest
from django.core.cache import caches
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from common import cache as resilient

BACKEND = "common.cache.ResilientRedisCache"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_caches(port: int, **options) -> dict:
    return {"default": {"BACKEND": BACKEND, "LOCATION": f"redis://127.0.0.1:{port}/0", "OPTIONS": options}}


@pytest.fixture(autouse=True)
def _fresh_health():
    resilient._HEALTH.clear()
    yield
    resilient._HEALTH.clear()


@pytest.fixture
def redis_down():
    with override_settings(CACHES=redis_caches(free_port())):
        yield caches["default"]


def test_the_socket_timeouts_and_no_retries_reach_the_connection_pool(redis_down):
    pool = redis_down._cache._get_connection_pool(write=True)
    kwargs = pool.connection_kwargs

    assert kwargs["socket_connect_timeout"] == resilient.CONNECT_TIMEOUT == 0.25
    assert kwargs["socket_timeout"] == resilient.READ_TIMEOUT == 0.5
    assert kwargs["retry"].get_retries() == 0


def test_options_from_the_settings_override_the_timeouts():
    with override_settings(CACHES=redis_caches(free_port(), socket_timeout=0.1, RETRY_INTERVAL=5)):
        backend = caches["default"]
        kwargs = backend._cache._get_connection_pool(write=False).connection_kwargs

    assert kwargs["socket_timeout"] == 0.1
    assert kwargs["socket_connect_timeout"] == 0.25
    assert backend.retry_interval == 5.0


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda c: c.get("k"), None),
        (lambda c: c.get("k", "fallback"), "fallback"),
        (lambda c: c.set("k", 1), None),
        (lambda c: c.add("k", 1), False),
        (lambda c: c.delete("k"), False),
        (lambda c: c.touch("k"), False),
        (lambda c: c.has_key("k"), False),
        (lambda c: c.get_many(["a", "b"]), {}),
        (lambda c: c.set_many({"a": 1, "b": 2}), ["a", "b"]),
        (lambda c: c.delete_many(["a", "b"]), None),
        (lambda c: c.clear(), False),
        (lambda c: c.get_or_set("k", lambda: "computed"), "computed"),
    ],
)
def test_every_call_answers_a_miss_while_redis_is_down(redis_down, call, expected):
    assert call(redis_down) == expected


@pytest.mark.parametrize("call", [lambda c: c.incr("k"), lambda c: c.decr("k"), lambda c: c.incr_version("k")])
def test_counters_answer_key_not_found_while_redis_is_down(redis_down, call):
    with pytest.raises(ValueError):
        call(redis_down)


def test_one_warning_per_outage_not_one_per_call(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="common.cache"):
        for _ in range(50):
            redis_down.get("k")

    assert [record.getMessage().split(" (")[0] for record in caplog.records] == ["cache unreachable"]


def test_calls_skip_redis_until_the_retry_interval_has_passed(redis_down, monkeypatch):
    redis_down.get("k")
    tried = []
    monkeypatch.setattr(redis_down._cache, "get", lambda *args: tried.append(args))

    assert redis_down.get("k", "miss") == "miss"
    assert tried == []


def test_strict_raises_cache_unavailable(redis_down):
    with resilient.strict(), pytest.raises(resilient.CacheUnavailable):
        redis_down.get("k")


def test_a_call_that_began_before_the_outage_does_not_end_it():
    health = resilient._Health()
    began = time.monotonic()
    health.failed("redis://x", RedisConnectionError("down"), 60)

    health.succeeded("redis://x", began)

    assert health.down_since is not None
    health.succeeded("redis://x", time.monotonic())
    assert health.down_since is None


def test_the_end_of_an_outage_is_logged_once_with_the_calls_missed(caplog):
    health = resilient._Health()
    health.failed("redis://x", RedisConnectionError("down"), 0)
    health.failed("redis://x", RedisConnectionError("down"), 0)

    with caplog.at_level(logging.WARNING, logger="common.cache"):
        health.succeeded("redis://x", time.monotonic())
        health.succeeded("redis://x", time.monotonic())

    ends = [record for record in caplog.records if "reachable again" in record.getMessage()]
    assert len(ends) == 1
    assert ends[0].fields["missed"] == 2


def test_once_the_retry_is_due_one_caller_tries_and_the_others_keep_skipping():
    health = resilient._Health()
    health.failed("redis://x", RedisConnectionError("down"), 0)

    assert health.skip(60) is False
    assert health.skip(60) is True
