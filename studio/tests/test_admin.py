from decimal import Decimal

import pytest
from django.test import Client

from accounts import services as account_services
from accounts.models import Role
from accounts.tests.factories import TEST_PASSWORD
from studio.models import StudioProfile
from studio.selectors import studio_profile

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Ọ̀jọ́ Couture",
    "address": "3 Adeola Odeku Street",
    "phone": "+234 802 000 1111",
    "email": "hello@ojo.example",
    "currency": "NGN",
    "tax_name": "VAT",
    "tax_rate": "7.50",
    "prices_include_tax": "on",
    "invoice_prefix": "INV",
    "receipt_prefix": "RCT",
    "document_footer": "Thank you",
}


def admin_user(role: str, username: str):
    return account_services.user_create(actor=None, username=username, password=TEST_PASSWORD, role=role)


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def lead():
    return admin_user(Role.LEAD, "amaka")


@pytest.fixture
def junior():
    return admin_user(Role.JUNIOR, "tunde")


def test_a_lead_changes_the_profile_in_the_admin_through_the_service(lead):
    profile = studio_profile()

    response = admin_client(lead).post(f"/admin/studio/studioprofile/{profile.pk}/change/", FORM)

    assert response.status_code == 302, response.content[:500]
    profile = StudioProfile.objects.get()
    assert (profile.name, profile.tax_rate, profile.updated_by) == ("Ọ̀jọ́ Couture", Decimal("7.50"), lead)


def test_the_admin_cannot_add_or_delete_the_profile(lead):
    profile = studio_profile()
    client = admin_client(lead)

    assert client.get("/admin/studio/studioprofile/add/").status_code == 403
    assert client.post(f"/admin/studio/studioprofile/{profile.pk}/delete/", {"post": "yes"}).status_code == 403
    assert StudioProfile.objects.count() == 1


def test_a_junior_cannot_open_the_profile_in_the_admin(junior):
    profile = studio_profile()

    assert admin_client(junior).get(f"/admin/studio/studioprofile/{profile.pk}/change/").status_code == 403
