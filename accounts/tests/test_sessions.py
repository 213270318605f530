"""Sessions (the browsable API's and the admin's) end with the tokens: on logout-all,
deactivation and a password change, by the API or the admin.

Each browser logs in for real, through /api-auth/login/ with CSRF, and reads /api/v1/auth/me/.
"""

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client
from knox.models import AuthToken

from accounts import services
from accounts.models import User
from accounts.tests.factories import TEST_PASSWORD, LeadFactory, UserFactory
from conftest import client_for

pytestmark = pytest.mark.django_db

ME = "/api/v1/auth/me/"
NEW_PASSWORD = "a-much-better-secret-42"


def browser_for(user, password: str = TEST_PASSWORD) -> Client:
    """A browser logged in through the browsable API's login form (CSRF enforced)."""
    browser = Client(enforce_csrf_checks=True)
    assert browser.get("/api-auth/login/").status_code == 200
    response = browser.post(
        "/api-auth/login/",
        {"username": user.username, "password": password, "csrfmiddlewaretoken": browser.cookies["csrftoken"].value},
    )
    assert response.status_code == 302, response.content
    assert browser.get(ME).status_code == 200
    return browser


def csrf(browser: Client) -> dict:
    """What a browsable-API page sends with an unsafe request."""
    return {"HTTP_X_CSRFTOKEN": browser.cookies["csrftoken"].value}


def admin_user_form(user: User, **changes) -> dict:
    """The admin's change form for a user, as the browser would post it back."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "role": user.role,
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "auth_token_set-TOTAL_FORMS": "0",
        "auth_token_set-INITIAL_FORMS": "0",
        "auth_token_set-MIN_NUM_FORMS": "0",
        "auth_token_set-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def junior_browser(junior) -> Client:
    return browser_for(junior)


@pytest.fixture
def lead_admin(lead) -> Client:
    lead.is_staff = True
    lead.is_superuser = True
    lead.save()
    admin = Client()
    admin.force_login(lead)
    return admin


# logout-all


def test_logout_all_by_token_ends_the_users_sessions(junior, junior_browser, lead):
    other_browser, someone_else = browser_for(junior), browser_for(lead)

    assert client_for(junior).post("/api/v1/auth/logout-all/").status_code == 204

    assert junior_browser.get(ME).status_code == 401
    assert other_browser.get(ME).status_code == 401
    assert someone_else.get(ME).status_code == 200


def test_logout_all_from_the_browsable_api_ends_every_session_and_token(junior, junior_browser):
    other_browser, phone = browser_for(junior), client_for(junior)

    response = junior_browser.post("/api/v1/auth/logout-all/", content_type="application/json", **csrf(junior_browser))

    assert response.status_code == 204
    assert junior_browser.get(ME).status_code == 401
    assert other_browser.get(ME).status_code == 401
    assert phone.get(ME).status_code == 401
    assert not AuthToken.objects.filter(user=junior).exists()


def test_a_new_login_works_after_logout_all(junior, junior_browser):
    services.user_logout_all(actor=junior)

    assert browser_for(junior).get(ME).status_code == 200
    assert junior_browser.get(ME).status_code == 401


def test_logout_from_the_browsable_api_ends_that_session_only(junior, junior_browser):
    other_browser, phone = browser_for(junior), client_for(junior)

    response = junior_browser.post("/api/v1/auth/logout/", content_type="application/json", **csrf(junior_browser))

    assert response.status_code == 204
    assert junior_browser.get(ME).status_code == 401
    assert other_browser.get(ME).status_code == 200
    assert phone.get(ME).status_code == 200


# deactivation


def test_deactivation_through_the_api_ends_the_users_sessions(junior, junior_browser, lead_client):
    response = lead_client.delete(f"/api/v1/users/{junior.pk}/")

    assert response.status_code == 204
    assert junior_browser.get(ME).status_code == 401


def test_patching_is_active_false_ends_the_users_sessions(junior, junior_browser, lead_client):
    response = lead_client.patch(f"/api/v1/users/{junior.pk}/", {"is_active": False}, format="json")

    assert response.status_code == 200
    assert junior_browser.get(ME).status_code == 401


def test_deactivation_alone_already_refuses_the_session(junior, junior_browser):
    # Django's ModelBackend.get_user() refuses an inactive user, whatever the session says...
    User.objects.filter(pk=junior.pk).update(is_active=False)
    assert junior_browser.get(ME).status_code == 401

    # ...but only while inactive: reactivated, that session would be back.
    User.objects.filter(pk=junior.pk).update(is_active=True)
    assert junior_browser.get(ME).status_code == 200


def test_a_reactivated_user_does_not_get_the_old_sessions_back(junior, junior_browser, lead_client):
    lead_client.delete(f"/api/v1/users/{junior.pk}/")

    lead_client.patch(f"/api/v1/users/{junior.pk}/", {"is_active": True}, format="json")

    assert junior_browser.get(ME).status_code == 401
    assert browser_for(junior).get(ME).status_code == 200


def test_deactivation_in_the_admin_ends_the_users_sessions_and_tokens(junior, junior_browser, lead_admin):
    phone = client_for(junior)

    response = lead_admin.post(f"/admin/accounts/user/{junior.pk}/change/", admin_user_form(junior, is_active=None))

    assert response.status_code == 302, response.content
    junior.refresh_from_db()
    assert junior.is_active is False
    assert junior_browser.get(ME).status_code == 401
    assert phone.get(ME).status_code == 401
    assert not AuthToken.objects.filter(user=junior).exists()


def test_other_changes_in_the_admin_leave_the_sessions_alone(junior, junior_browser, lead_admin):
    response = lead_admin.post(f"/admin/accounts/user/{junior.pk}/change/", admin_user_form(junior, first_name="Ada"))

    assert response.status_code == 302, response.content
    assert junior_browser.get(ME).status_code == 200
    assert junior_browser.get(ME).json()["first_name"] == "Ada"


# password changes


def test_password_change_by_token_ends_the_sessions_and_keeps_that_token(junior, junior_browser):
    this_device = client_for(junior)

    response = this_device.post(
        "/api/v1/auth/password/", {"old_password": TEST_PASSWORD, "new_password": NEW_PASSWORD}, format="json"
    )

    assert response.status_code == 204
    assert junior_browser.get(ME).status_code == 401
    assert this_device.get(ME).status_code == 200


def test_password_change_in_the_browsable_api_keeps_that_session_and_ends_the_rest(junior, junior_browser):
    other_browser, phone = browser_for(junior), client_for(junior)

    response = junior_browser.post(
        "/api/v1/auth/password/",
        {"old_password": TEST_PASSWORD, "new_password": NEW_PASSWORD},
        content_type="application/json",
        **csrf(junior_browser),
    )

    assert response.status_code == 204
    assert junior_browser.get(ME).status_code == 200
    assert other_browser.get(ME).status_code == 401
    assert phone.get(ME).status_code == 401
    assert browser_for(junior, NEW_PASSWORD).get(ME).status_code == 200


def test_a_refused_password_change_ends_nothing(junior, junior_browser):
    response = junior_browser.post(
        "/api/v1/auth/password/",
        {"old_password": "wrong", "new_password": NEW_PASSWORD},
        content_type="application/json",
        **csrf(junior_browser),
    )

    assert response.status_code == 400
    assert junior_browser.get(ME).status_code == 200


def test_password_set_through_the_users_api_ends_the_users_sessions(junior, junior_browser, lead_client):
    response = lead_client.patch(f"/api/v1/users/{junior.pk}/", {"password": NEW_PASSWORD}, format="json")

    assert response.status_code == 200
    assert junior_browser.get(ME).status_code == 401


def test_password_set_in_the_admin_ends_the_users_sessions_and_tokens(junior, junior_browser, lead_admin):
    phone = client_for(junior)

    response = lead_admin.post(
        f"/admin/accounts/user/{junior.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 302, response.content
    assert junior_browser.get(ME).status_code == 401
    assert phone.get(ME).status_code == 401
    assert lead_admin.get("/admin/").status_code == 200


def test_own_password_change_in_the_admin_keeps_that_session_and_ends_the_rest(lead, lead_admin):
    other_browser, phone = browser_for(lead), client_for(lead)

    response = lead_admin.post(
        "/admin/password_change/",
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302, response.content
    assert lead_admin.get("/admin/").status_code == 200
    assert lead_admin.get(ME).status_code == 200
    assert other_browser.get(ME).status_code == 401
    assert phone.get(ME).status_code == 401


# the session hash


def test_generation_zero_keeps_djangos_own_hash_so_existing_sessions_survive_the_upgrade(junior):
    assert junior.session_generation == 0
    assert junior.get_session_auth_hash() == AbstractBaseUser._get_session_auth_hash(junior)


def test_sessions_survive_a_secret_key_rotation(junior, settings):
    services.user_logout_all(actor=junior)
    browser = browser_for(junior)

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-the-rotation-0123456789abcdefghij"

    assert browser.get(ME).status_code == 200
    services.user_logout_all(actor=junior)
    assert browser.get(ME).status_code == 401


def test_a_stale_copy_of_the_user_saved_later_does_not_revive_ended_sessions(junior, junior_browser):
    stale = User.objects.get(pk=junior.pk)
    services.user_logout_all(actor=junior)

    stale.first_name = "Stale"
    stale.save()

    junior.refresh_from_db()
    assert junior.session_generation == 1
    assert junior.first_name == "Stale"
    assert junior_browser.get(ME).status_code == 401


def test_the_generation_is_not_exposed_by_the_api(lead_client, junior):
    assert "session_generation" not in lead_client.get(f"/api/v1/users/{junior.pk}/").json()


def test_a_new_user_saves_normally():
    user = UserFactory()
    lead = LeadFactory()

    assert User.objects.get(pk=user.pk).session_generation == 0
    assert User.objects.get(pk=lead.pk).role == "admin"
