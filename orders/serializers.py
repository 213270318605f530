from decimal import Decimal

from rest_framework import serializers

from customers.models import Customer
from inventory.models import InventoryItem
from orders.models import Order, OrderItem, OrderStatus, OrderStatusChange, Payment, PaymentStatus

MAX_ID = 2**63 - 1
MAX_ITEMS_PER_ORDER = 100


class SafePrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key field that answers 400 (not a database error) for ids out of range."""

    def to_internal_value(self, data):
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
        return super().to_internal_value(number)


class OrderItemSerializer(serializers.ModelSerializer):
    """One material line. On PUT/PATCH send `id` to change a given line; without `id` a line is
    matched by `inventory_item`; lines left out are removed."""

    id = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="Existing line to change (PUT/PATCH)."
    )
    inventory_item = SafePrimaryKeyRelatedField(queryset=InventoryItem.objects.all())
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))

    class Meta:
        model = OrderItem
        fields = ["id", "inventory_item", "size", "quantity", "created_at"]
        read_only_fields = ["created_at"]


class OrderSerializer(serializers.ModelSerializer):
    customer = SafePrimaryKeyRelatedField(queryset=Customer.objects.all())
    price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False)
    items = OrderItemSerializer(
        many=True,
        required=False,
        max_length=MAX_ITEMS_PER_ORDER,
        help_text="The full list of material lines; stock is reserved (or released) for the difference.",
    )
    balance_due = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True, source="annotated_balance_due"
    )
    payment_status = serializers.ChoiceField(
        choices=PaymentStatus.choices, read_only=True, source="annotated_payment_status"
    )
    is_overdue = serializers.BooleanField(read_only=True, source="annotated_is_overdue")

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


class OrderSummarySerializer(serializers.ModelSerializer):
    """An order in the dashboard's lists."""

    customer_name = serializers.CharField(source="customer.name", read_only=True)
    balance_due = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True, source="annotated_balance_due"
    )

    class Meta:
        model = Order
        fields = ["id", "customer", "customer_name", "title", "status", "price", "balance_due", "delivery_date"]
        read_only_fields = fields


class OrderStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class OrderStatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderStatusChange
        fields = ["id", "from_status", "to_status", "note", "changed_at", "changed_by"]
        read_only_fields = fields


class PaymentSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    paid_at = serializers.DateTimeField(required=False, help_text="When the money was received; now if omitted.")

    class Meta:
        model = Payment
        fields = ["id", "order", "amount", "method", "paid_at", "reference", "note", "created_at", "created_by"]
        read_only_fields = ["id", "order", "created_at", "created_by"]


class LowStockItemSerializer(serializers.ModelSerializer):
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
