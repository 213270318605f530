from decimal import Decimal

import factory

from inventory.models import InventoryItem, Unit


class InventoryItemFactory(factory.django.DjangoModelFactory):
    """An item created directly (no `initial` change row): use inventory services where the log matters."""

    class Meta:
        model = InventoryItem

    name = factory.Sequence(lambda n: f"Silk charmeuse {n}")
    category = "fabric"
    unit = Unit.METRE
    quantity = Decimal("50.00")
    price = Decimal("12.50")
    reorder_level = Decimal("5.00")
