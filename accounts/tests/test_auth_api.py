from datetime import timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.tests.factories import TEST_PASSWORD, UserFactory
from conftest import client_for

LOGIN = "/api/v1/auth/login/"
ME = "/api/v1/auth/me/"

pytestmark = pytest.mark.django_db


def login(client, username, password=TEST_PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, format="json", **extra)


def test_login_returns_a_token_that_authenticates(api_client, junior):
    response = login(api_client, junior.username)

    assert response.status_code == 200
    assert set(response.data) == {"token", "expiry", "user"}
    assert response.data["user"]["username"] == junior.username
    assert response.data["user"]["role"] == "junior_admin"
    me = APIClient().get(ME, HTTP_AUTHORIZATION=f"Token {response.data['token']}")
    assert me.status_code == 200
    assert me.data["id"] == junior.pk


def test_login_stores_only_a_hash_of_the_token(api_client, junior):
    token = login(api_client, junior.username).data["token"]

    stored = AuthToken.objects.get(user=junior)
    assert token not in (stored.digest, stored.token_key)
    assert len(stored.token_key) < len(token)


def test_login_sets_an_expiry(api_client, junior):
    response = login(api_client, junior.username)

    stored = AuthToken.objects.get(user=junior)
    assert stored.expiry is not None
    assert timezone.now() < stored.expiry <= timezone.now() + timedelta(hours=25)
    assert response.data["expiry"]


def test_wrong_password_and_unknown_user_get_the_same_answer(api_client, junior):
    wrong_password = login(api_client, junior.username, "not-the-password")
    unknown_user = login(api_client, "nobody-here")

    assert wrong_password.status_code == unknown_user.status_code == 400
    assert wrong_password.data == unknown_user.data
    assert AuthToken.objects.count() == 0


def test_inactive_user_gets_the_same_answer_as_a_wrong_password(api_client):
    inactive = UserFactory(is_active=False)

    response = login(api_client, inactive.username)

    assert response.status_code == 400
    assert response.data == login(api_client, inactive.username, "wrong").data


def test_login_without_fields_names_them(api_client):
    response = api_client.post(LOGIN, {}, format="json")

    assert response.status_code == 400
    assert set(response.data) == {"username", "password"}


def test_login_with_malformed_json_is_a_400(api_client):
    response = api_client.post(LOGIN, data="{not json", content_type="application/json")

    assert response.status_code == 400


def test_login_is_not_blocked_by_a_stale_token_header(junior):
    client = APIClient(HTTP_AUTHORIZATION="Token revoked-or-garbage")

    assert login(client, junior.username).status_code == 200


def test_login_is_throttled_per_client_address(api_client, settings, junior):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login": "3/min"},
    }
    for attempt in range(3):
        assert login(api_client, f"someone{attempt}", "wrong").status_code == 400

    response = login(api_client, junior.username)

    assert response.status_code == 429
    assert "Retry-After" in response


def test_login_is_throttled_per_username_across_addresses(api_client, settings, junior):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login_username": "2/min"},
    }
    for address in ("10.0.0.1", "10.0.0.2"):
        assert login(api_client, junior.username, "wrong", REMOTE_ADDR=address).status_code == 400

    response = login(api_client, junior.username, REMOTE_ADDR="10.0.0.3")

    assert response.status_code == 429


def test_logout_revokes_only_the_token_used(junior):
    phone, laptop = client_for(junior), client_for(junior)

    response = phone.post("/api/v1/auth/logout/")

    assert response.status_code == 204
    assert phone.get(ME).status_code == 401
    assert laptop.get(ME).status_code == 200


def test_logout_all_revokes_every_token_of_the_caller(junior, lead):
    phone, laptop, someone_else = client_for(junior), client_for(junior), client_for(lead)

    response = phone.post("/api/v1/auth/logout-all/")

    assert response.status_code == 204
    assert phone.get(ME).status_code == 401
    assert laptop.get(ME).status_code == 401
    assert someone_else.get(ME).status_code == 200
    assert not AuthToken.objects.filter(user=junior).exists()


def test_expired_token_is_refused(junior):
    client = client_for(junior)
    AuthToken.objects.filter(user=junior).update(expiry=timezone.now() - timedelta(seconds=1))

    response = client.get(ME)

    assert response.status_code == 401


def test_bad_token_is_refused_with_a_challenge(api_client):
    response = api_client.get(ME, HTTP_AUTHORIZATION="Token " + "0" * 64)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_me_shows_own_profile(junior_client, junior):
    response = junior_client.get(ME)

    assert response.status_code == 200
    assert response.data == {
        "id": junior.pk,
        "username": junior.username,
        "email": junior.email,
        "first_name": junior.first_name,
        "last_name": junior.last_name,
        "role": "junior_admin",
        "is_active": True,
        "date_joined": response.data["date_joined"],
    }


def test_me_patch_changes_name_but_not_role_or_active(junior_client, junior):
    response = junior_client.patch(ME, {"first_name": "Ngozi", "role": "admin", "is_active": False}, format="json")

    assert response.status_code == 200
    junior.refresh_from_db()
    assert junior.first_name == "Ngozi"
    assert junior.role == "junior_admin"
    assert junior.is_active is True


def test_me_does_not_accept_put(junior_client):
    assert junior_client.put(ME, {"first_name": "X"}, format="json").status_code == 405


def test_password_change_keeps_this_token_and_revokes_the_others(junior):
    this_device, other_device = client_for(junior), client_for(junior)

    response = this_device.post(
        "/api/v1/auth/password/",
        {"old_password": TEST_PASSWORD, "new_password": "a-much-better-secret-42"},
        format="json",
    )

    assert response.status_code == 204
    assert this_device.get(ME).status_code == 200
    assert other_device.get(ME).status_code == 401
    junior.refresh_from_db()
    assert junior.check_password("a-much-better-secret-42")


def test_password_change_with_wrong_old_password_is_refused(junior_client, junior):
    response = junior_client.post(
        "/api/v1/auth/password/", {"old_password": "wrong", "new_password": "a-much-better-secret-42"}, format="json"
    )

    assert response.status_code == 400
    assert "old_password" in response.data
    junior.refresh_from_db()
    assert junior.check_password(TEST_PASSWORD)


def test_password_change_applies_the_password_validators(junior_client, junior):
    response = junior_client.post(
        "/api/v1/auth/password/", {"old_password": TEST_PASSWORD, "new_password": "12345"}, format="json"
    )

    assert response.status_code == 400
    assert "new_password" in response.data
    junior.refresh_from_db()
    assert junior.check_password(TEST_PASSWORD)
