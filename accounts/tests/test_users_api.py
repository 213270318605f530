import pytest
from knox.models import AuthToken

from accounts.models import Role, User
from accounts.tests.factories import LeadFactory, UserFactory
from conftest import client_for

USERS = "/api/v1/users/"

pytestmark = pytest.mark.django_db


def test_lead_creates_a_junior_designer(lead_client):
    response = lead_client.post(
        USERS,
        {"username": "amaka", "password": "tailored-suit-2026", "role": "junior_admin", "email": "amaka@studio.test"},
        format="json",
    )

    assert response.status_code == 201
    assert "password" not in response.data
    created = User.objects.get(username="amaka")
    assert created.role == Role.JUNIOR
    assert created.check_password("tailored-suit-2026")


def test_create_without_password_is_refused(lead_client):
    response = lead_client.post(USERS, {"username": "amaka"}, format="json")

    assert response.status_code == 400
    assert "password" in response.data
    assert not User.objects.filter(username="amaka").exists()


def test_create_with_a_weak_password_is_refused(lead_client):
    response = lead_client.post(USERS, {"username": "amaka", "password": "password"}, format="json")

    assert response.status_code == 400
    assert "password" in response.data


def test_create_with_an_unknown_role_is_refused(lead_client):
    response = lead_client.post(USERS, {"username": "amaka", "password": "tailored-suit-2026", "role": "owner"})

    assert response.status_code == 400
    assert "role" in response.data


def test_create_with_a_taken_username_is_a_400(lead_client, junior):
    response = lead_client.post(USERS, {"username": junior.username, "password": "tailored-suit-2026"})

    assert response.status_code == 400
    assert "username" in response.data


def test_lead_lists_users(lead_client, junior, django_assert_max_num_queries):
    UserFactory.create_batch(30)

    with django_assert_max_num_queries(3):
        response = lead_client.get(USERS, {"page_size": 50})

    assert response.status_code == 200
    assert response.data["count"] == 32


def test_list_query_count_does_not_grow_with_the_page(lead_client, django_assert_num_queries):
    with django_assert_num_queries(3):
        one = lead_client.get(USERS)
    UserFactory.create_batch(49)
    with django_assert_num_queries(3):
        many = lead_client.get(USERS, {"page_size": 100})

    assert (one.status_code, many.status_code) == (200, 200)
    assert (len(one.data["results"]), len(many.data["results"])) == (1, 50)


@pytest.mark.parametrize(
    ("method", "path_suffix"),
    [("get", ""), ("post", ""), ("get", "{id}/"), ("put", "{id}/"), ("patch", "{id}/"), ("delete", "{id}/")],
)
def test_junior_is_refused_user_management(junior_client, junior, method, path_suffix):
    response = getattr(junior_client, method)(USERS + path_suffix.format(id=junior.pk), {}, format="json")

    assert response.status_code == 403


def test_lead_promotes_a_junior(lead_client, junior):
    response = lead_client.patch(f"{USERS}{junior.pk}/", {"role": "admin"}, format="json")

    assert response.status_code == 200
    junior.refresh_from_db()
    assert junior.role == Role.LEAD


def test_lead_resets_a_password_and_the_users_tokens_are_revoked(lead_client, junior):
    junior_device = client_for(junior)

    response = lead_client.patch(f"{USERS}{junior.pk}/", {"password": "fresh-start-2026-x"}, format="json")

    assert response.status_code == 200
    assert junior_device.get("/api/v1/auth/me/").status_code == 401


def test_delete_deactivates_and_revokes_tokens(lead_client, junior):
    junior_device = client_for(junior)

    response = lead_client.delete(f"{USERS}{junior.pk}/")

    assert response.status_code == 204
    junior.refresh_from_db()
    assert junior.is_active is False
    assert User.objects.filter(pk=junior.pk).exists()
    assert not AuthToken.objects.filter(user=junior).exists()
    assert junior_device.get("/api/v1/auth/me/").status_code == 401


def test_the_last_active_lead_cannot_be_deactivated(lead_client, lead):
    response = lead_client.delete(f"{USERS}{lead.pk}/")

    assert response.status_code == 409
    assert "last active lead" in response.data["detail"]
    lead.refresh_from_db()
    assert lead.is_active is True


def test_the_last_active_lead_cannot_be_demoted(lead_client, lead):
    response = lead_client.patch(f"{USERS}{lead.pk}/", {"role": "junior_admin"}, format="json")

    assert response.status_code == 409
    lead.refresh_from_db()
    assert lead.role == Role.LEAD


def test_the_last_active_lead_cannot_be_deactivated_by_patch(lead_client, lead):
    response = lead_client.patch(f"{USERS}{lead.pk}/", {"is_active": False}, format="json")

    assert response.status_code == 409
    lead.refresh_from_db()
    assert lead.is_active is True


def test_a_lead_can_be_deactivated_when_another_lead_remains(lead_client):
    other = LeadFactory()

    response = lead_client.delete(f"{USERS}{other.pk}/")

    assert response.status_code == 204
    other.refresh_from_db()
    assert other.is_active is False


def test_an_inactive_lead_does_not_count_as_the_remaining_lead(lead_client, lead):
    LeadFactory(is_active=False)

    response = lead_client.patch(f"{USERS}{lead.pk}/", {"role": "junior_admin"}, format="json")

    assert response.status_code == 409


def test_role_cannot_be_set_to_an_unknown_value(lead_client, junior):
    response = lead_client.patch(f"{USERS}{junior.pk}/", {"role": "superuser"}, format="json")

    assert response.status_code == 400
    junior.refresh_from_db()
    assert junior.role == Role.JUNIOR


def test_unknown_user_is_a_404(lead_client):
    assert lead_client.get(f"{USERS}999999/").status_code == 404


def test_createsuperuser_makes_a_lead_designer():
    user = User.objects.create_superuser("owner", "owner@studio.test", "owner-password-2026")

    assert user.role == Role.LEAD
