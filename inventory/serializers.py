from decimal import Decimal

from rest_framework import serializers

from common.fields import StrictCharField, StrictDecimalField, StrictTextField
from common.models import MONEY, QUANTITY
from common.serializers import CompiledOutput, StudioModelSerializer
from inventory.models import ChangeReason, InventoryChange, InventoryItem, Unit

# Reasons a person may give for adjusting stock by hand; the others are written by the system.
ADJUST_REASONS = [ChangeReason.RESTOCK, ChangeReason.ADJUSTMENT, ChangeReason.DAMAGE, ChangeReason.CORRECTION]


class InventoryItemSerializer(CompiledOutput, StudioModelSerializer):
    """A stock item. `quantity` set here is logged as a change; `is_low_stock` is derived."""

    sku = StrictCharField(
        max_length=64,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Optional; unique (case-insensitively) when given. An empty string means no SKU (stored as null).",
    )
    description = StrictTextField(required=False, allow_blank=True)
    # No serializer defaults: a PUT that leaves a field out keeps its value (the model's
    # defaults apply on creation), so leaving out `quantity` never zeroes the stock.
    unit = serializers.ChoiceField(choices=Unit.choices, required=False, help_text="Defaults to `piece`.")
    quantity = StrictDecimalField(
        **QUANTITY,
        min_value=Decimal("0"),
        required=False,
        help_text="Stock on hand (default 0). A change is logged as an `adjustment` (`initial` on creation).",
    )
    price = StrictDecimalField(**MONEY, min_value=Decimal("0"), required=False, help_text="Unit price (default 0).")
    reorder_level = StrictDecimalField(
        **QUANTITY, min_value=Decimal("0"), required=False, help_text="Low stock at or below this (default 0)."
    )
    is_low_stock = serializers.BooleanField(read_only=True, help_text="quantity ≤ reorder_level.")

    class Meta:
        model = InventoryItem
        fields = [
            "id",
            "name",
            "description",
            "sku",
            "category",
            "unit",
            "quantity",
            "price",
            "reorder_level",
            "is_low_stock",
            "is_active",
            "created_at",
            "updated_at",
            "created_by",
            "updated_by",
        ]
        read_only_fields = ["id", "is_low_stock", "created_at", "updated_at", "created_by", "updated_by"]


class InventoryAdjustSerializer(serializers.Serializer):
    delta = StrictDecimalField(
        **QUANTITY, help_text='Signed change of the quantity, e.g. `"-1.50"`; the result may not go below zero.'
    )
    reason = serializers.ChoiceField(
        choices=[(r.value, r.label) for r in ADJUST_REASONS], default=ChangeReason.ADJUSTMENT
    )
    note = StrictCharField(multiline=True, max_length=500, required=False, allow_blank=True, default="")

    def validate_delta(self, value):
        if value == 0:
            raise serializers.ValidationError("A zero adjustment changes nothing; send a positive or negative delta.")
        return value


class InventoryChangeSerializer(StudioModelSerializer):
    """One row of an item's change log (read-only)."""

    # The contract's `order`: the id of the order whose source the change names.
    order = serializers.IntegerField(source="source_order_id", read_only=True, allow_null=True)

    class Meta:
        model = InventoryChange
        fields = [
            "id",
            "inventory_item",
            "old_quantity",
            "new_quantity",
            "delta",
            "reason",
            "order",
            "note",
            "changed_at",
            "changed_by",
        ]
        read_only_fields = fields
