"""What the API does while the Redis cache is down (common.cache, accounts.login_policy): every
endpoint keeps answering (the per-user throttle fails open), the logins refuse with 503 and
Retry-After (the login limits fail closed). The down Redis is a port nothing listens on; the
last test runs a real redis-server (CACHE_TEST_REDIS_PORT, default 6391), stops and starts it.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache, caches
from django.test import Client, override_settings

from accounts.login_policy import LOGIN_UNAVAILABLE
from accounts.tests.factories import TEST_PASSWORD, LeadFactory
from common import cache as resilient
from common.tests.test_cache import free_port, redis_caches

TOKEN_LOGIN = "/api/v1/auth/login/"


@pytest.fixture(autouse=True)
def _fresh_health():
    resilient._HEALTH.clear()
    yield
    resilient._HEALTH.clear()


@pytest.fixture
def redis_down():
    with override_settings(CACHES=redis_caches(free_port())):
        yield caches["default"]


@pytest.mark.django_db
def test_an_api_request_with_a_token_answers_200_while_redis_is_down(lead_client, redis_down):
    response = lead_client.get("/api/v1/orders/")

    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.django_db
def test_the_token_login_refuses_with_503_while_redis_is_down(api_client, redis_down):
    LeadFactory(username="lead")

    response = api_client.post(TOKEN_LOGIN, {"username": "lead", "password": TEST_PASSWORD}, format="json")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"detail": LOGIN_UNAVAILABLE, "code": "login_unavailable"}
    assert "token" not in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("door", ["/admin/login/", "/api-auth/login/"])
def test_the_form_logins_refuse_with_503_while_redis_is_down(door, redis_down):
    LeadFactory(username="lead")
    client = Client()

    response = client.post(door, {"username": "lead", "password": TEST_PASSWORD})

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Logging in is unavailable for a moment" in response.content.decode()
    assert "_auth_user_id" not in client.session


def _wait_for(predicate, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def real_redis(request):
    """A redis-server of this test's own, with a handle to stop and start it."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = int(os.environ.get("CACHE_TEST_REDIS_PORT", "6391"))
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", port)) == 0:
            pytest.skip(f"port {port} is in use (set CACHE_TEST_REDIS_PORT)")

    class Server:
        process = None

        def start(self):
            args = [binary, "--port", str(port), "--save", "", "--appendonly", "no"]
            self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            assert _wait_for(lambda: socket.socket().connect_ex(("127.0.0.1", port)) == 0)

        def stop(self):
            self.process.terminate()
            self.process.wait(timeout=5)

    server = Server()
    server.start()
    try:
        with override_settings(CACHES=redis_caches(port, RETRY_INTERVAL=0.1)):
            yield server
    finally:
        if server.process.poll() is None:
            server.stop()


@pytest.mark.django_db
def test_a_redis_that_stops_and_starts_again(real_redis, lead_client, api_client):
    LeadFactory(username="lead")
    login = {"username": "lead", "password": TEST_PASSWORD}
    cache.set("kept", "value")
    assert cache.get("kept") == "value"
    assert api_client.post(TOKEN_LOGIN, login, format="json").status_code == 200

    real_redis.stop()

    assert cache.get("kept", "miss") == "miss"
    assert lead_client.get("/api/v1/orders/").status_code == 200
    assert api_client.post(TOKEN_LOGIN, login, format="json").status_code == 503

    real_redis.start()

    assert _wait_for(lambda: cache.add("back", 1) is True)
    assert cache.get("back") == 1
    assert lead_client.get("/api/v1/orders/").status_code == 200
    assert api_client.post(TOKEN_LOGIN, login, format="json").status_code == 200
