"""accounts.services: tokens are issued and revoked here, and nowhere else."""

from datetime import timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken

from accounts import services
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_token_issue_gives_a_working_expiring_token_and_drops_the_users_expired_ones(api_client):
    designer = UserFactory()
    expired, _ = AuthToken.objects.create(user=designer, expiry=timedelta(seconds=-1))
    other_user_expired, _ = AuthToken.objects.create(user=UserFactory(), expiry=timedelta(seconds=-1))

    instance, token = services.token_issue(user=designer)

    assert instance.expiry > timezone.now()
    assert not AuthToken.objects.filter(pk=expired.pk).exists()
    assert AuthToken.objects.filter(pk=other_user_expired.pk).exists()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/auth/me/").json()["username"] == designer.username


def test_token_revoke_ends_that_token_only(api_client):
    designer = UserFactory()
    revoked, revoked_text = services.token_issue(user=designer)
    _kept, kept_text = services.token_issue(user=designer)

    services.token_revoke(token=revoked)

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {revoked_text}")
    assert api_client.get("/api/v1/auth/me/").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {kept_text}")
    assert api_client.get("/api/v1/auth/me/").status_code == 200
