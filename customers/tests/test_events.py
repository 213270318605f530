"""customer.created / customer.updated, once per change, in the change's transaction."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from customers import services
from events.models import Event

pytestmark = pytest.mark.django_db
CUSTOMERS = "/api/v1/customers/"


def types():
    return list(Event.objects.order_by("id").values_list("type", flat=True))


def test_customer_created_carries_the_customer_as_the_api_shows_it(lead_client, lead):
    response = lead_client.post(CUSTOMERS, {"name": "Ada", "email": "ada@example.com"}, format="json")
    assert response.status_code == 201
    event = Event.objects.get(type="customer.created")
    assert event.data == lead_client.get(f"{CUSTOMERS}{response.data['id']}/").json()
    assert (event.actor_id, event.subject_type, event.subject_id) == (
        lead.pk,
        "customers.customer",
        response.data["id"],
    )
    assert types() == ["customer.created"]


def test_customer_updated_once_per_change(lead):
    customer = services.customer_create(actor=lead, name="Ada")
    services.customer_update(actor=lead, customer=customer, name="Ada L.")
    assert types() == ["customer.created", "customer.updated"]
    assert Event.objects.get(type="customer.updated").data["name"] == "Ada L."


def test_an_update_that_changes_nothing_records_nothing(lead):
    customer = services.customer_create(actor=lead, name="Ada")
    services.customer_update(actor=lead, customer=customer, name="Ada")
    assert types() == ["customer.created"]


def test_a_refused_change_records_nothing(lead):
    services.customer_create(actor=lead, name="Ada", email="ada@example.com")
    other = services.customer_create(actor=lead, name="Bob")
    with pytest.raises(ValidationError):
        services.customer_create(actor=lead, name="Eve", email="ADA@example.com")
    with pytest.raises(ValidationError):
        services.customer_update(actor=lead, customer=other, email="ada@example.com")
    assert types() == ["customer.created", "customer.created"]


def test_a_rolled_back_transaction_leaves_no_event(lead):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.customer_create(actor=lead, name="Ada")
        raise RuntimeError("rolled back")
    assert types() == []
