from contextlib import suppress
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from rest_framework import serializers

from common.fields import StrictCharField, StrictDateTimeField, StrictDecimalField
from common.models import MONEY, QUANTITY
from common.serializers import STRICT_FIELD_MAPPING, CompiledOutput, FieldsBuiltOnce, StudioModelSerializer
from customers.models import Customer
from inventory.models import InventoryItem
from orders import selectors
from orders.models import Order, OrderItem, OrderStatus, OrderStatusChange, Payment, PaymentStatus

MAX_ID = 2**63 - 1
MAX_ITEMS_PER_ORDER = 100


class SafePrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key field that answers 400 (not a database error) for ids out of range."""

    def to_internal_value(self, data):
        return super().to_internal_value(self.to_pk(data))

    def to_pk(self, data) -> int:
        """The id sent, checked for type and range (400 with DRF's messages otherwise)."""
        if isinstance(data, bool):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            number = int(data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if isinstance(data, float) and number != data:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= number <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return number


class OrderCustomerField(SafePrimaryKeyRelatedField):
    """The customer of an order, checked to exist by reading its id only: the order keeps the
    customer's id, and nothing on the way to the response reads more of it (a field read later
    loads the rest). The choices of the browsable API's form still come from the full rows."""

    def to_internal_value(self, data):
        number = self.to_pk(data)
        try:
            return self.get_queryset().only("id").get(pk=number)
        except ObjectDoesNotExist:
            self.fail("does_not_exist", pk_value=number)


class LineItemField(SafePrimaryKeyRelatedField):
    """The inventory item of an order line. Inside `OrderItemListSerializer`, which looked every
    line's item up in one query, it answers from that lookup (same messages) instead of one
    query per line: the item's id, checked to exist (the order services take ids, and read the
    items themselves under their locks)."""

    def to_internal_value(self, data):
        found = getattr(self.parent.parent, "item_ids", None)
        if found is None:
            return super().to_internal_value(data)
        number = self.to_pk(data)
        if number not in found:
            self.fail("does_not_exist", pk_value=number)
        return number


class OrderItemListSerializer(serializers.ListSerializer):
    """The lines of an order: their inventory items are looked up in one query for all lines."""

    def to_internal_value(self, data):
        self.item_ids = self._lookup(data)
        try:
            return super().to_internal_value(data)
        finally:
            del self.item_ids

    def _lookup(self, data) -> set[int] | None:
        if not isinstance(data, list) or (self.max_length is not None and len(data) > self.max_length):
            return None  # refused by ListSerializer before any line is looked at
        field = self.child.fields["inventory_item"]
        ids = set()
        for line in data:
            if isinstance(line, dict) and "inventory_item" in line:
                with suppress(serializers.ValidationError):  # the line's own validation reports it
                    ids.add(field.to_pk(line["inventory_item"]))
        return set(field.get_queryset().filter(pk__in=ids).order_by().values_list("pk", flat=True)) if ids else set()


class CachedTimezoneDateTimeField(StrictDateTimeField):
    """DRF's DateTimeField, looking the current time zone up once per field instance (one
    serializer, i.e. one response) instead of once per value: the lookup goes through an
    asgiref Local and was ~6% of serializing a page of 50 orders with their items. The output is
    the same."""

    def default_timezone(self):
        try:
            return self._default_timezone
        except AttributeError:
            self._default_timezone = super().default_timezone()
            return self._default_timezone


# For serializers of rows listed by the page: model datetimes use the field above. (A mapping
# rather than a base class, whose docstring the schema would show as theirs.)
LISTED_FIELD_MAPPING = {
    **STRICT_FIELD_MAPPING,
    models.DateTimeField: CachedTimezoneDateTimeField,
}


class OrderItemSerializer(CompiledOutput, FieldsBuiltOnce, StudioModelSerializer):
    """One material line. On PUT/PATCH send `id` to change a given line; without `id` a line is
    matched by `inventory_item`; lines left out are removed."""

    id = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="Existing line to change (PUT/PATCH)."
    )
    inventory_item = LineItemField(queryset=InventoryItem.objects.all())
    quantity = StrictDecimalField(**QUANTITY, min_value=Decimal("0.01"))
    serializer_field_mapping = LISTED_FIELD_MAPPING

    class Meta:
        model = OrderItem
        list_serializer_class = OrderItemListSerializer
        fields = ["id", "inventory_item", "size", "quantity", "created_at"]
        read_only_fields = ["created_at"]


class OrderSerializer(CompiledOutput, FieldsBuiltOnce, StudioModelSerializer):
    customer = OrderCustomerField(queryset=Customer.objects.all())
    price = StrictDecimalField(**MONEY, min_value=Decimal("0"), required=False)
    items = OrderItemSerializer(
        many=True,
        required=False,
        max_length=MAX_ITEMS_PER_ORDER,
        help_text="The full list of material lines; stock is reserved (or released) for the difference.",
    )
    # The model's properties: computed in Python from the row, so the list query need not select
    # them (orders.selectors.order_list keeps them as aliases for filtering only).
    balance_due = serializers.DecimalField(**MONEY, read_only=True)
    payment_status = serializers.ChoiceField(choices=PaymentStatus.choices, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    serializer_field_mapping = LISTED_FIELD_MAPPING
    compiled_attributes = {"items": selectors.order_items, "is_overdue": selectors.order_is_overdue}

    class Meta:
        model = Order
        fields = [
            "id",
            "customer",
            "title",
            "notes",
            "status",
            "price",
            "amount_paid",
            "balance_due",
            "payment_status",
            "delivery_date",
            "completed_at",
            "delivered_at",
            "is_overdue",
            "items",
            "created_at",
            "updated_at",
            "created_by",
            "updated_by",
        ]
        read_only_fields = [
            "status",
            "amount_paid",
            "completed_at",
            "delivered_at",
            "created_at",
            "updated_at",
            "created_by",
            "updated_by",
        ]


class OrderSummarySerializer(StudioModelSerializer):
    """An order in the dashboard's lists."""

    customer_name = serializers.CharField(source="customer.name", read_only=True)
    balance_due = serializers.DecimalField(**MONEY, read_only=True, source="annotated_balance_due")

    class Meta:
        model = Order
        fields = ["id", "customer", "customer_name", "title", "status", "price", "balance_due", "delivery_date"]
        read_only_fields = fields


class OrderStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    note = StrictCharField(multiline=True, max_length=500, required=False, allow_blank=True, default="")


class OrderStatusChangeSerializer(StudioModelSerializer):
    class Meta:
        model = OrderStatusChange
        fields = ["id", "from_status", "to_status", "note", "changed_at", "changed_by"]
        read_only_fields = fields


class PaymentSerializer(StudioModelSerializer):
    amount = StrictDecimalField(**MONEY, min_value=Decimal("0.01"))
    paid_at = StrictDateTimeField(required=False, help_text="When the money was received; now if omitted.")

    class Meta:
        model = Payment
        fields = [
            "id",
            "order",
            "amount",
            "method",
            "paid_at",
            "reference",
            "note",
            "receipt_number",
            "created_at",
            "created_by",
        ]
        read_only_fields = ["id", "order", "receipt_number", "created_at", "created_by"]
        extra_kwargs = {"note": {"multiline": True}}


class LowStockItemSerializer(StudioModelSerializer):
    class Meta:
        model = InventoryItem
        fields = ["id", "name", "sku", "unit", "quantity", "reorder_level"]
        read_only_fields = fields


class OrdersDigestSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    orders = OrderSummarySerializer(many=True, help_text="At most 10, soonest delivery date first.")


class OrdersByStatusSerializer(serializers.Serializer):
    pending = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    completed = serializers.IntegerField()
    delivered = serializers.IntegerField()
    cancelled = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    orders_by_status = OrdersByStatusSerializer(help_text="Every status, 0 when none.")
    overdue = OrdersDigestSerializer(help_text="Delivery date passed, not delivered or cancelled.")
    due_next_7_days = OrdersDigestSerializer(help_text="Delivery date today to 7 days on, not delivered or cancelled.")
    outstanding_balance = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Sum of balance due over orders that are not cancelled."
    )
    payments_this_month = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Sum of non-voided payments paid since the 1st of this month."
    )
    low_stock_items = LowStockItemSerializer(
        many=True, help_text="Active items at or below their reorder level (≤ 10)."
    )
