"""The users admin keeps the API's rules: it writes through accounts.services, so the last
active lead stays, a deactivation ends tokens and sessions, and a refusal writes nothing."""

import pytest
from django.test import Client
from knox.models import AuthToken

from accounts import roles, services
from accounts.models import Role, User
from accounts.tests.factories import TEST_PASSWORD, LeadFactory, UserFactory
from accounts.tests.test_sessions import admin_user_form
from conftest import client_for

pytestmark = pytest.mark.django_db

LAST_LEAD = "This is the last active lead designer"


@pytest.fixture
def the_lead() -> User:
    """The studio's only active lead, made by the service (staff, in the lead group)."""
    return services.user_create(actor=None, username="amaka", password=TEST_PASSWORD, role=Role.LEAD)


@pytest.fixture
def lead_admin(the_lead) -> Client:
    browser = Client()
    browser.force_login(the_lead)
    return browser


def change_url(user: User) -> str:
    return f"/admin/accounts/user/{user.pk}/change/"


def snapshot(user: User) -> tuple:
    user = User.objects.get(pk=user.pk)
    return (
        user.role,
        user.is_active,
        user.is_staff,
        user.session_generation,
        AuthToken.objects.filter(user=user).count(),
    )


@pytest.mark.parametrize("change", [{"is_active": None}, {"role": Role.JUNIOR}], ids=["deactivate", "demote"])
def test_the_admin_refuses_to_lose_the_last_active_lead_and_writes_nothing(the_lead, lead_admin, change):
    client_for(the_lead)
    before = snapshot(the_lead)

    response = lead_admin.post(change_url(the_lead), admin_user_form(the_lead, **change))

    assert response.status_code == 200  # the form again
    assert LAST_LEAD in " ".join(response.context["adminform"].form.non_field_errors())
    assert snapshot(the_lead) == before


def test_the_last_lead_may_be_demoted_once_there_is_another(the_lead, lead_admin):
    services.user_create(actor=the_lead, username="bisi", password=TEST_PASSWORD, role=Role.LEAD)

    response = lead_admin.post(change_url(the_lead), admin_user_form(the_lead, role=Role.JUNIOR))

    assert response.status_code == 302
    the_lead.refresh_from_db()
    assert the_lead.role == Role.JUNIOR
    assert [group.name for group in the_lead.groups.all()] == [roles.JUNIOR_GROUP]


def test_deactivating_in_the_admin_makes_the_user_no_longer_staff(lead_admin):
    junior = services.user_create(actor=None, username="tobi", password=TEST_PASSWORD)
    client_for(junior)

    response = lead_admin.post(change_url(junior), admin_user_form(junior, is_active=None))

    assert response.status_code == 302
    junior.refresh_from_db()
    assert (junior.is_active, junior.is_staff) == (False, False)
    assert not AuthToken.objects.filter(user=junior).exists()


def test_the_deactivate_action_refuses_the_last_lead_and_writes_nothing(the_lead, lead_admin):
    junior = services.user_create(actor=None, username="tobi", password=TEST_PASSWORD)
    client_for(junior)
    before = (snapshot(the_lead), snapshot(junior))

    response = lead_admin.post(
        "/admin/accounts/user/",
        {"action": "deactivate_selected", "_selected_action": [the_lead.pk, junior.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert any(LAST_LEAD in str(message) for message in response.context["messages"])
    assert (snapshot(the_lead), snapshot(junior)) == before


def test_the_deactivate_action_ends_the_users_tokens(lead_admin):
    junior = services.user_create(actor=None, username="tobi", password=TEST_PASSWORD)
    client_for(junior)

    response = lead_admin.post(
        "/admin/accounts/user/", {"action": "deactivate_selected", "_selected_action": [junior.pk]}
    )

    assert response.status_code == 302
    junior.refresh_from_db()
    assert not junior.is_active
    assert not AuthToken.objects.filter(user=junior).exists()


def test_a_user_added_in_the_admin_gets_the_roles_side_and_logs_in(lead_admin):
    response = lead_admin.post(
        "/admin/accounts/user/add/",
        {
            "username": "tobi",
            "password1": "a-long-secret-phrase",
            "password2": "a-long-secret-phrase",
            "role": Role.JUNIOR,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    tobi = User.objects.get(username="tobi")
    assert (tobi.role, tobi.is_staff, tobi.is_superuser) == (Role.JUNIOR, True, False)
    assert [group.name for group in tobi.groups.all()] == [roles.JUNIOR_GROUP]
    assert Client().login(username="tobi", password="a-long-secret-phrase")


def test_the_admin_add_form_applies_the_password_validators(lead_admin):
    response = lead_admin.post(
        "/admin/accounts/user/add/", {"username": "tobi", "password1": "123", "password2": "123", "role": Role.JUNIOR}
    )

    assert response.status_code == 200
    assert not User.objects.filter(username="tobi").exists()


def test_the_derived_fields_cannot_be_set_in_the_admin(lead_admin):
    junior = services.user_create(actor=None, username="tobi", password=TEST_PASSWORD)

    response = lead_admin.post(change_url(junior), admin_user_form(junior, is_superuser="on", is_staff=None, groups=[]))

    assert response.status_code == 302
    junior.refresh_from_db()
    assert (junior.is_superuser, junior.is_staff) == (False, True)
    assert [group.name for group in junior.groups.all()] == [roles.JUNIOR_GROUP]


def test_users_are_deactivated_not_deleted_in_the_admin(lead_admin):
    junior = UserFactory()

    assert lead_admin.get(f"/admin/accounts/user/{junior.pk}/delete/").status_code == 403
    assert User.objects.filter(pk=junior.pk).exists()


def test_setting_a_password_in_the_admin_goes_through_the_service(lead_admin):
    junior = services.user_create(actor=None, username="tobi", password=TEST_PASSWORD)
    client_for(junior)

    response = lead_admin.post(
        f"/admin/accounts/user/{junior.pk}/password/",
        {"usable_password": "true", "password1": "a-long-secret-phrase", "password2": "a-long-secret-phrase"},
    )

    assert response.status_code == 302
    junior.refresh_from_db()
    assert junior.check_password("a-long-secret-phrase")
    assert not AuthToken.objects.filter(user=junior).exists()


def test_disabling_password_login_in_the_admin_ends_the_users_tokens(lead_admin):
    junior = LeadFactory()
    client_for(junior)

    response = lead_admin.post(
        f"/admin/accounts/user/{junior.pk}/password/",
        {"usable_password": "false", "set-unusable-password": "1", "unset-password": "1"},
    )

    assert response.status_code == 302
    junior.refresh_from_db()
    assert not junior.has_usable_password()
    assert not AuthToken.objects.filter(user=junior).exists()


def test_the_admin_is_branded_with_the_studios_name(lead_admin, settings):
    settings.STUDIO_NAME = "Atelier Adaeze"

    index = lead_admin.get("/admin/").content.decode()
    login = Client().get("/admin/login/").content.decode()

    assert "Atelier Adaeze" in index and "Today at Atelier Adaeze" in index
    assert "Atelier Adaeze" in login
    assert "Django administration" not in index + login and "Django site admin" not in index + login


def test_developer_tables_are_on_the_index_for_superusers_only(settings):
    lead = services.user_create(actor=None, username="ada", password=TEST_PASSWORD, role=Role.LEAD)
    owner = User.objects.create_superuser("owner", "owner@studio.test", TEST_PASSWORD)
    developer_tables = ["/admin/knox/authtoken/", "/admin/common/idempotencyrecord/", "/admin/auth/group/"]

    pages = {}
    for user in (lead, owner):
        client = Client()
        client.force_login(user)
        pages[user.username] = client.get("/admin/").content.decode()

    assert not [url for url in developer_tables if url in pages["ada"]]
    assert [url for url in developer_tables if url in pages["owner"]] == developer_tables


def test_the_user_page_lists_devices_under_a_readable_heading(lead_admin, the_lead):
    AuthToken.objects.create(user=the_lead)

    page = lead_admin.get(change_url(the_lead)).content.decode()

    assert "Devices (tokens)" in page and "(device)s" not in page.lower()
