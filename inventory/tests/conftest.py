from decimal import Decimal

import pytest

from inventory import services


@pytest.fixture
def item(lead):
    """An item created the way the API creates it: 10.00 metres, logged as one `initial` change."""
    return services.inventory_item_create(
        actor=lead,
        name="Silk charmeuse",
        sku="SILK-001",
        category="fabric",
        unit="metre",
        quantity=Decimal("10.00"),
        price=Decimal("12.50"),
        reorder_level=Decimal("2.00"),
    )
