"""Login with a username that is not valid Unicode: a 400, with or without the throttles, and
with a cache whose keys must be UTF-8 (Redis, memcached), where the username throttle's key
could not be written."""

import pytest
from django.core.cache.backends.locmem import LocMemCache

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/auth/login/"
SURROGATE_LOGIN = b'{"username": "\\ud800", "password": "tailored-suit-2026"}'


class Utf8KeyCache(LocMemCache):
    """Local memory, refusing keys that are not UTF-8 text, as Redis clients do."""

    def validate_key(self, key):
        key.encode("utf-8")
        super().validate_key(key)


@pytest.fixture
def utf8_key_cache(settings):
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.Utf8KeyCache", "LOCATION": "login-input"}}


def login(client, body=SURROGATE_LOGIN):
    return client.generic("POST", LOGIN, body, content_type="application/json")


def test_a_username_with_a_lone_surrogate_is_a_400(api_client):
    response = login(api_client)

    assert response.status_code == 400
    assert "lone surrogate" in response.json()["detail"]


def test_a_username_with_a_lone_surrogate_is_a_400_with_a_utf_8_keyed_cache(api_client, utf8_key_cache):
    response = login(api_client)

    assert response.status_code == 400
    assert "lone surrogate" in response.json()["detail"]


def test_surrogate_logins_count_towards_the_address_throttle_and_are_never_a_500(api_client, utf8_key_cache, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "login": "2/min",
            "login_username": "1/min",
        },
    }

    statuses = [login(api_client).status_code for _ in range(2)]
    statuses.append(login(api_client, b'{"username": "ada", "password": "x"}').status_code)

    assert statuses == [400, 400, 429]


def test_a_valid_login_still_works_with_a_utf_8_keyed_cache(api_client, utf8_key_cache, lead):
    from accounts.tests.factories import TEST_PASSWORD

    response = api_client.post(LOGIN, {"username": lead.username, "password": TEST_PASSWORD}, format="json")

    assert response.status_code == 200
