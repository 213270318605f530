"""The browsable API's form for a stock adjustment offers the adjustment's own input."""

import pytest

from common.testing import raw_form_bodies
from inventory.tests.factories import InventoryItemFactory

pytestmark = pytest.mark.django_db


def test_adjust_form_offers_delta_reason_and_note(client, lead):
    item = InventoryItemFactory()
    client.force_login(lead)

    response = client.get(f"/api/v1/inventory/{item.pk}/adjust/", HTTP_ACCEPT="text/html")

    assert raw_form_bodies(response) == [{"delta": None, "reason": None, "note": ""}]
