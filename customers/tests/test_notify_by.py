"""notify_by and E.164 phones (events.md, Customer messages)."""

import pytest
from django.test import override_settings

from customers.models import Customer

pytestmark = pytest.mark.django_db
LIST_URL = "/api/v1/customers/"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"email": "ada@example.com", "phone": "08031234567"}, "email"),
        ({"phone": "08031234567"}, "sms"),
        ({}, "none"),
    ],
)
def test_notify_by_defaults_to_the_address_given(lead_client, given, expected):
    response = lead_client.post(LIST_URL, {"name": "Ada", **given}, format="json")

    assert response.status_code == 201
    assert response.data["notify_by"] == expected
    assert Customer.objects.get().notify_by == expected


def test_a_phone_without_country_code_is_stored_in_e164_of_the_default_region(lead_client):
    response = lead_client.post(LIST_URL, {"name": "Ada", "phone": "0803 123 4567"}, format="json")

    assert response.status_code == 201
    assert response.data["phone"] == "+2348031234567"


@override_settings(DEFAULT_PHONE_REGION="GB")
def test_default_phone_region_is_a_setting(lead_client):
    response = lead_client.post(LIST_URL, {"name": "Ada", "phone": "020 7946 0958"}, format="json")

    assert response.data["phone"] == "+442079460958"


def test_a_possible_but_unassigned_number_is_accepted(lead_client):
    response = lead_client.post(LIST_URL, {"name": "Ada", "phone": "+1 555 123 4567"}, format="json")

    assert response.status_code == 201
    assert response.data["phone"] == "+15551234567"


@pytest.mark.parametrize("phone", ["12", "+234 80", "not a phone", "+999 1234567"])
def test_an_impossible_phone_is_a_400_on_phone(lead_client, phone):
    response = lead_client.post(LIST_URL, {"name": "Ada", "phone": phone}, format="json")

    assert response.status_code == 400
    assert list(response.data) == ["phone"]
    assert not Customer.objects.exists()


@pytest.mark.parametrize(
    ("given", "notify_by"),
    [
        ({"phone": "08031234567"}, "email"),
        ({"email": "a@example.com"}, "sms"),
        ({"email": "a@example.com"}, "whatsapp"),
    ],
)
def test_notify_by_without_its_address_is_a_400(lead_client, given, notify_by):
    response = lead_client.post(LIST_URL, {"name": "Ada", **given, "notify_by": notify_by}, format="json")

    assert response.status_code == 400
    assert list(response.data) == ["notify_by"]


def test_removing_the_address_with_notify_by_kept_falls_back_to_the_default(lead_client):
    created = lead_client.post(LIST_URL, {"name": "Ada", "email": "a@example.com", "phone": "08031234567"}).data

    response = lead_client.patch(f"{LIST_URL}{created['id']}/", {"email": ""}, format="json")

    assert response.status_code == 200
    assert response.data["notify_by"] == "sms"


def test_removing_the_address_while_choosing_its_channel_is_a_400(lead_client):
    created = lead_client.post(LIST_URL, {"name": "Ada", "email": "a@example.com"}, format="json").data

    response = lead_client.patch(f"{LIST_URL}{created['id']}/", {"email": "", "notify_by": "email"}, format="json")

    assert response.status_code == 400
    assert list(response.data) == ["notify_by"]
    assert Customer.objects.get().email == "a@example.com"


def test_notify_by_none_with_addresses_is_kept(lead_client):
    response = lead_client.post(LIST_URL, {"name": "Ada", "email": "a@example.com", "notify_by": "none"}, format="json")

    assert response.data["notify_by"] == "none"
