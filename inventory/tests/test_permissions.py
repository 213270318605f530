"""The role matrix for every inventory endpoint: anonymous 401, junior reads only, lead everything."""

from decimal import Decimal

import pytest

from conftest import client_for
from inventory.models import InventoryChange, InventoryItem

pytestmark = pytest.mark.django_db

READS = [
    ("get", "/api/v1/inventory/"),
    ("get", "/api/v1/inventory/{id}/"),
    ("get", "/api/v1/inventory/{id}/changes/"),
    ("get", "/api/v1/inventory-changes/"),
]
WRITES = [
    ("post", "/api/v1/inventory/", {"name": "Tulle", "quantity": "1"}, 201),
    ("put", "/api/v1/inventory/{id}/", {"name": "Tulle"}, 200),
    ("patch", "/api/v1/inventory/{id}/", {"quantity": "3"}, 200),
    ("post", "/api/v1/inventory/{id}/adjust/", {"delta": "1", "reason": "restock"}, 200),
    ("delete", "/api/v1/inventory/{id}/", None, 204),
]
ALL = [(method, url) for method, url in READS] + [(method, url) for method, url, _, _ in WRITES]


def snapshot():
    return (
        list(InventoryItem.objects.order_by("id").values_list("id", "name", "quantity")),
        InventoryChange.objects.count(),
    )


@pytest.mark.parametrize(("method", "url"), ALL)
def test_anonymous_is_refused_with_401(api_client, item, method, url):
    before = snapshot()

    response = getattr(api_client, method)(url.format(id=item.pk), {})

    assert response.status_code == 401
    assert snapshot() == before


@pytest.mark.parametrize(("method", "url"), ALL)
def test_a_revoked_token_is_refused_with_401(lead, item, method, url):
    client = client_for(lead)
    client.post("/api/v1/auth/logout/")

    response = getattr(client, method)(url.format(id=item.pk), {})

    assert response.status_code == 401


@pytest.mark.parametrize(("method", "url"), READS)
def test_junior_reads(junior_client, item, method, url):
    response = getattr(junior_client, method)(url.format(id=item.pk))

    assert response.status_code == 200


@pytest.mark.parametrize(("method", "url", "body", "status"), WRITES)
def test_junior_is_refused_every_write_with_403_and_nothing_changes(junior_client, item, method, url, body, status):
    before = snapshot()

    response = getattr(junior_client, method)(url.format(id=item.pk), body)

    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(("method", "url"), READS)
def test_lead_reads(lead_client, item, method, url):
    response = getattr(lead_client, method)(url.format(id=item.pk))

    assert response.status_code == 200


@pytest.mark.parametrize(("method", "url", "body", "status"), WRITES)
def test_lead_writes(lead_client, item, method, url, body, status):
    response = getattr(lead_client, method)(url.format(id=item.pk), body)

    assert response.status_code == status, response.data


def test_junior_adjust_leaves_the_quantity_alone(junior_client, item):
    junior_client.post(f"/api/v1/inventory/{item.pk}/adjust/", {"delta": "-5"})

    item.refresh_from_db()
    assert item.quantity == Decimal("10.00")
