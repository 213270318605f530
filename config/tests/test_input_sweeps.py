"""Sweeps over every field of every JSON request body, generated from the OpenAPI schema (see
schema_sweep): text that is not valid Unicode, text with control characters, decimals and
dates not written as the schema writes them are each a 400 with the contract's error shape,
never a 500 and never accepted. And the schema states each rule: every free-text field has a
maxLength and a pattern."""

import json
import re

import pytest
from django.contrib.auth import get_user_model

from appointments.tests.factories import AppointmentFactory
from common.fields import MULTI_LINE_PATTERN, ONE_LINE_PATTERN
from config.tests.schema_sweep import ANY_KEY, PUBLIC_OPERATIONS, body_with, error_at, json_body_properties
from customers.tests.factories import CustomerFactory
from inventory.tests.factories import InventoryItemFactory
from measurements.models import GarmentType
from measurements.tests.factories import MeasurementFactory
from media_assets.tests.factories import create_style_image
from messaging import services as message_services
from orders.tests.factories import OrderFactory
from webhooks import crypto
from webhooks.models import Webhook

pytestmark = pytest.mark.django_db

PROPERTIES = list(json_body_properties())


def _select(predicate):
    return [pytest.param(prop, id=str(prop)) for prop in PROPERTIES if predicate(prop.schema)]


def is_text(schema):
    return schema.get("type") == "string" and schema.get("format") != "binary"


def is_free_text(schema):
    return is_text(schema) and "enum" not in schema and "format" not in schema and not schema.get("x-key-of")


TEXT = _select(is_text)
FREE_TEXT = _select(is_free_text)
DECIMALS = _select(lambda schema: schema.get("format") == "decimal")
DATES = _select(lambda schema: schema.get("format") == "date")
DATETIMES = _select(lambda schema: schema.get("format") == "date-time")
# The surrogate sweep covers password fields; the other sweeps skip them (any character may be
# part of a password; the login answers bad credentials the same way for every wrong one).
NOT_SECRET = {"password", "old_password", "new_password"}

PATH_TARGETS = {
    "inventory": "item",
    "customers": "customer",
    "orders": "order",
    "payments": "payment",
    "measurements": "measurement",
    "style-images": "image",
    "users": "user",
    "webhooks": "webhook",
    "message-templates": "template",
    "appointments": "appointment",
    "garment-types": "garment_type",
}


@pytest.fixture
def world(lead):
    customer = CustomerFactory()
    order = OrderFactory(customer=customer)
    return {
        "item": InventoryItemFactory(),
        "customer": customer,
        "order": order,
        "measurement": MeasurementFactory(customer=customer),
        "image": create_style_image(order=order, user=lead),
        "appointment": AppointmentFactory(customer=customer, designer=lead),
        "garment_type": GarmentType.objects.create(name="sweep-type", name_key="sweep-type", points=[]),
        "user": get_user_model().objects.create_user(username="sweep-target", password="tailored-suit-2026"),
        "webhook": Webhook.objects.create(
            url="https://hooks.example.com/in", events=["*"], secret_encrypted=crypto.secret_encrypt("sweep")
        ),
        "template": message_services.message_template_create(
            actor=lead, trigger="order_ready", channel="email", subject="Ready", body="Hi {customer_name}"
        ),
    }


def send(prop, value, world, lead_client, api_client):
    """`prop`'s operation with a plausible body whose `prop` is `value`, sent as raw JSON bytes
    (json.dumps writes a lone surrogate as its \\ud800 escape)."""
    segment = prop.path.removeprefix("/api/v1/").split("/", 1)[0]
    url = re.sub(r"\{[^}]+\}", lambda _: str(world[PATH_TARGETS[segment]].pk), prop.path)
    ids = {"customer": world["customer"].pk, "order": world["order"].pk, "inventory_item": world["item"].pk}
    body = json.dumps(body_with(prop, value, ids), ensure_ascii=True).encode("ascii")
    client = api_client if (prop.path, prop.method) in PUBLIC_OPERATIONS else lead_client
    return client.generic(prop.method.upper(), url, body, content_type="application/json")


def assert_refused_field(response, prop):
    assert response.status_code == 400, f"{prop}: {response.status_code} {response.content[:300]!r}"
    messages = error_at(response.json(), prop.location)
    assert messages, f"{prop}: no error for the field in {response.json()}"


@pytest.mark.parametrize("prop", TEXT)
def test_a_lone_surrogate_in_any_text_or_choice_field_is_a_400(prop, world, lead_client, api_client):
    response = send(prop, "\ud800", world, lead_client, api_client)

    assert response.status_code == 400, f"{prop}: {response.status_code}"
    assert set(response.json()) == {"detail"}
    assert "lone surrogate (U+D800" in response.json()["detail"]


@pytest.mark.parametrize("prop", _select(lambda schema: schema.get("x-key-of")))
def test_a_lone_surrogate_in_a_key_of_a_free_form_object_is_a_400(prop, world, lead_client, api_client):
    response = send(prop, "waist\udfff", world, lead_client, api_client)

    assert response.status_code == 400
    assert "lone surrogate (U+DFFF" in response.json()["detail"]


@pytest.mark.parametrize("prop", [p for p in FREE_TEXT if p.values[0].location[-1] not in NOT_SECRET])
def test_a_control_character_in_any_text_field_is_a_400_naming_the_field(prop, world, lead_client, api_client):
    response = send(prop, "Ada\x1b[31m", world, lead_client, api_client)

    assert_refused_field(response, prop)


@pytest.mark.parametrize("prop", DECIMALS)
@pytest.mark.parametrize("value", ["١٢", "1_000", " 5 ", "5 ", "+5", "1e3", ".5", "5.", "0x10", "٥.٠٠", "", "NaN"])
def test_a_decimal_not_in_ascii_digits_is_a_400(prop, value, world, lead_client, api_client):
    response = send(prop, value, world, lead_client, api_client)

    assert_refused_field(response, prop)


@pytest.mark.parametrize("prop", DATES)
@pytest.mark.parametrize(
    "value", ["2026-2-3", "20260203", "2026-W05-2", "٢٠٢٦-٠٢-٠٣", "2026-02-03T00:00:00Z", " 2026-02-03"]
)
def test_a_date_not_written_yyyy_mm_dd_is_a_400(prop, value, world, lead_client, api_client):
    response = send(prop, value, world, lead_client, api_client)

    assert_refused_field(response, prop)


@pytest.mark.parametrize("prop", DATETIMES)
@pytest.mark.parametrize(
    "value",
    [
        "2026-02-03 10:00:00Z",
        "2026-02-03T10:00:00",
        "2026-2-3T10:00:00Z",
        "2026-02-03T10:00Z",
        "2026-02-03",
        "20260203T100000Z",
    ],
)
def test_a_datetime_not_in_rfc_3339_with_offset_is_a_400(prop, value, world, lead_client, api_client):
    response = send(prop, value, world, lead_client, api_client)

    assert_refused_field(response, prop)


@pytest.mark.parametrize("prop", FREE_TEXT)
def test_every_free_text_field_states_its_length_limit_in_the_schema(prop):
    assert isinstance(prop.schema.get("maxLength"), int), f"{prop} has no maxLength"


@pytest.mark.parametrize("prop", [p for p in FREE_TEXT if p.values[0].location[-1] not in NOT_SECRET])
def test_every_free_text_field_states_its_character_rule_in_the_schema(prop):
    # Email and username have patterns of their own, stricter than the line rule.
    assert prop.schema.get("pattern"), f"{prop} has no pattern"
    if prop.location[-1] not in {"email", "username"}:
        assert prop.schema["pattern"] in {ONE_LINE_PATTERN, MULTI_LINE_PATTERN}


def test_the_sweeps_cover_the_fields_named_in_the_issue():
    covered = {str(param.values[0]) for param in TEXT}

    for expected in [
        "POST /api/v1/inventory/ unit",
        "POST /api/v1/inventory/{id}/adjust/ reason",
        "PATCH /api/v1/orders/{id}/status/ status",
        "POST /api/v1/orders/{id}/payments/ method",
        "POST /api/v1/measurements/ unit",
        f"POST /api/v1/measurements/ values.{ANY_KEY}",
        "POST /api/v1/users/ role",
        "POST /api/v1/auth/login/ username",
    ]:
        assert expected in covered
