from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round

from common.models import MONEY, QUANTITY, AuditedModel


class Unit(models.TextChoices):
    PIECE = "piece", "Piece"
    METRE = "metre", "Metre"
    YARD = "yard", "Yard"
    ROLL = "roll", "Roll"
    SPOOL = "spool", "Spool"
    PACK = "pack", "Pack"


class InventoryItem(AuditedModel):
    """A fabric, notion or material the studio keeps in stock."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # NULL when not given, so that many items can have no SKU while given ones stay unique.
    sku = models.CharField("SKU", max_length=64, null=True, blank=True, unique=True)
    category = models.CharField(max_length=100, blank=True, db_index=True)
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.PIECE)
    quantity = models.DecimalField(**QUANTITY, default=Decimal("0"))
    price = models.DecimalField(**MONEY, default=Decimal("0"), help_text="Unit price.")
    reorder_level = models.DecimalField(**QUANTITY, default=Decimal("0"))
    is_active = models.BooleanField(
        "active", default=True, help_text="Archived items stay in history but cannot be ordered."
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="inventory_item_quantity_not_negative"),
            models.CheckConstraint(condition=Q(price__gte=0), name="inventory_item_price_not_negative"),
            models.CheckConstraint(condition=Q(reorder_level__gte=0), name="inventory_item_reorder_level_not_negative"),
        ]
        indexes = [
            models.Index(fields=["is_active", "name"], name="inventory_active_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.quantity} {self.unit})"

    @property
    def is_low_stock(self) -> bool:
        return self.quantity <= self.reorder_level


LOW_STOCK = Q(quantity__lte=F("reorder_level"))


class ChangeReason(models.TextChoices):
    INITIAL = "initial", "Initial stock"
    ADJUSTMENT = "adjustment", "Adjustment"
    RESTOCK = "restock", "Restock"
    DAMAGE = "damage", "Damage"
    CORRECTION = "correction", "Correction"
    ORDER_RESERVED = "order_reserved", "Reserved by an order"
    ORDER_RELEASED = "order_released", "Released by an order"


# The source type of the changes an order causes. The contract shows a change's `order` and
# filters by it; the orders app writes its movements with this type and its order's id.
ORDER_SOURCE = "order"


class InventoryChange(models.Model):
    """One row per change of an item's quantity, written under a lock on the item.

    For each item, the rows in id order form a chain: each old_quantity is the previous
    new_quantity, the last new_quantity is the item's quantity. Never edited, except that the
    source id is cleared when its source is deleted.

    What caused a change is named the way a stock ledger names its voucher (ERPNext's
    `voucher_type` / `voucher_no`): `source_type` ("order"; blank for a change made by hand)
    and `source_id`, so the ledger knows no app above it.
    """

    inventory_item = models.ForeignKey(InventoryItem, on_delete=models.CASCADE, related_name="changes")
    old_quantity = models.DecimalField(**QUANTITY)
    new_quantity = models.DecimalField(**QUANTITY)
    delta = models.DecimalField(**QUANTITY)
    reason = models.CharField(max_length=20, choices=ChangeReason.choices)
    source_type = models.CharField(max_length=30, blank=True, default="", help_text="What caused the change.")
    source_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Id of the source; null when made by hand or the source was deleted."
    )
    note = models.CharField(max_length=500, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(new_quantity__gte=0), name="inventory_change_new_quantity_not_negative"),
            # Rounded to the column's scale on both sides: SQLite keeps DECIMAL as floating point,
            # where 10.01 - 10.00 is 0.00999…, not 0.01. MariaDB compares exact decimals either way.
            models.CheckConstraint(
                condition=Q(
                    delta=Round(F("new_quantity") - F("old_quantity"), QUANTITY["decimal_places"]),
                ),
                name="inventory_change_delta_consistent",
            ),
            models.CheckConstraint(
                condition=Q(source_id__isnull=True) | ~Q(source_type=""), name="inventory_change_source_has_type"
            ),
        ]
        indexes = [
            models.Index(fields=["inventory_item", "-id"], name="inventory_change_item_idx"),
            models.Index(fields=["source_type", "source_id"], name="inventory_change_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.inventory_item_id}: {self.old_quantity} → {self.new_quantity} ({self.reason})"

    @property
    def source_order_id(self) -> int | None:
        """The order that caused the change (the contract's `order`), if any."""
        return self.source_id if self.source_type == ORDER_SOURCE else None
