from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from common.models import MONEY, QUANTITY, AuditedModel
from common.money import money_display


class OrderStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"


# The workflow: which status may follow which. Enforced by orders.services only.
ALLOWED_TRANSITIONS: dict[str, list[str]] = {
    OrderStatus.PENDING: [OrderStatus.IN_PROGRESS, OrderStatus.CANCELLED],
    OrderStatus.IN_PROGRESS: [OrderStatus.COMPLETED, OrderStatus.CANCELLED],
    OrderStatus.COMPLETED: [OrderStatus.DELIVERED],
    OrderStatus.DELIVERED: [],
    OrderStatus.CANCELLED: [],
}
# Items can change, and stock moves, only while work has not finished.
OPEN_STATUSES = [OrderStatus.PENDING, OrderStatus.IN_PROGRESS]
# Not overdue whatever the date: the garment reached the client or the order was called off.
CLOSED_STATUSES = [OrderStatus.DELIVERED, OrderStatus.CANCELLED]


class OrderStatusFigures(models.Model):
    """The dashboard's table-wide figures of the orders in one status: how many there are and the
    sum of their balances due (price - amount_paid). Kept by orders.services in the transaction of
    every write that changes them (create, price, payments, status, delete), with F() so that
    concurrent writes add up; `orders.services.order_status_figures_rebuild` recounts them from the
    orders (the migration that made this table and the demo seeding call it). One row per status:
    the dashboard reads five rows instead of scanning every order."""

    status = models.CharField(max_length=20, choices=OrderStatus.choices, primary_key=True)
    count = models.BigIntegerField(default=0)
    balance_due = models.DecimalField(max_digits=20, decimal_places=2, default=Decimal("0"))

    class Meta:
        verbose_name_plural = "order status figures"

    def __str__(self) -> str:
        return f"{self.status}: {self.count}"


class PaymentStatus(models.TextChoices):
    UNPAID = "unpaid", "Unpaid"
    PARTIALLY_PAID = "partially_paid", "Partially paid"
    PAID = "paid", "Paid"


class Order(AuditedModel):
    """A garment (or set) the studio makes for a customer."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="orders")
    title = models.CharField(max_length=200, help_text="What is being made.")
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING)
    price = models.DecimalField(**MONEY, default=Decimal("0"))
    # Sum of the order's payments that are not voided. Written only by orders.services, in the
    # same transaction as the payment and under a lock on the order.
    amount_paid = models.DecimalField(**MONEY, default=Decimal("0"), editable=False)
    delivery_date = models.DateField(null=True, blank=True, help_text="Expected delivery date.")
    completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    delivered_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="order_price_not_negative"),
            models.CheckConstraint(condition=Q(amount_paid__gte=0), name="order_amount_paid_not_negative"),
            models.CheckConstraint(condition=Q(amount_paid__lte=F("price")), name="order_amount_paid_within_price"),
        ]
        indexes = [
            models.Index(fields=["status", "delivery_date"], name="order_status_delivery_idx"),
            models.Index(fields=["delivery_date"], name="order_delivery_date_idx"),
            models.Index(fields=["customer", "-created_at"], name="order_customer_created_idx"),
            models.Index(fields=["price"], name="order_price_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def balance_due(self) -> Decimal:
        return self.price - self.amount_paid

    @property
    def payment_status(self) -> str:
        if self.amount_paid >= self.price:
            return PaymentStatus.PAID
        if self.amount_paid > 0:
            return PaymentStatus.PARTIALLY_PAID
        return PaymentStatus.UNPAID

    @property
    def is_overdue(self) -> bool:
        return self.overdue_on(timezone.localdate())

    def overdue_on(self, day: date) -> bool:
        """Past its delivery date on `day` and not yet delivered or cancelled."""
        return self.delivery_date is not None and self.delivery_date < day and self.status not in CLOSED_STATUSES


# How a quantity of each inventory unit reads on an order ("2.50 m", "3.00 pcs").
UNIT_ABBREVIATIONS = {"piece": "pcs", "metre": "m", "yard": "yd", "roll": "rolls", "spool": "spools", "pack": "packs"}


class OrderItem(models.Model):
    """Material an order takes from stock; its quantity is reserved while the line exists."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    inventory_item = models.ForeignKey("inventory.InventoryItem", on_delete=models.PROTECT, related_name="order_items")
    size = models.CharField(max_length=50, blank=True)
    quantity = models.DecimalField(**QUANTITY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="order_item_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.inventory_item.name} — {self.quantity_display}"

    @property
    def quantity_display(self) -> str:
        """The amount ordered with its unit: "2.50 m" (not the item's stock)."""
        unit = self.inventory_item.unit
        return f"{self.quantity} {UNIT_ABBREVIATIONS.get(unit, unit)}"


class OrderStatusChange(models.Model):
    """The order's timeline: one row per status change, the creation first."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="timeline")
    from_status = models.CharField(max_length=20, choices=OrderStatus.choices, null=True, blank=True)
    to_status = models.CharField(max_length=20, choices=OrderStatus.choices)
    note = models.CharField(max_length=500, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        to_status = OrderStatus(self.to_status).label.lower()
        if self.from_status is None:
            return f"created as {to_status}"
        return f"{OrderStatus(self.from_status).label.lower()} → {to_status}"


class PaymentMethod(models.TextChoices):
    CASH = "cash", "Cash"
    BANK_TRANSFER = "bank_transfer", "Bank transfer"
    CARD = "card", "Card"
    MOBILE_MONEY = "mobile_money", "Mobile money"
    OTHER = "other", "Other"


class PaymentQuerySet(models.QuerySet):
    def counted(self):
        """Payments that count: the ones not voided."""
        return self.filter(voided_at__isnull=True)


class Payment(models.Model):
    """A payment received for an order. Voided instead of deleted, for the audit."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(**MONEY)
    method = models.CharField(max_length=20, choices=PaymentMethod.choices, default=PaymentMethod.CASH)
    paid_at = models.DateTimeField(default=timezone.now)
    reference = models.CharField(max_length=100, blank=True)
    note = models.CharField(max_length=500, blank=True)
    # RCT-2026-000042: taken from studio's counter in the transaction that records the payment
    # (no gaps, no duplicates); a voided payment keeps its number.
    receipt_number = models.CharField(max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    voided_at = models.DateTimeField(null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["-paid_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]
        indexes = [
            models.Index(fields=["paid_at"], name="payment_paid_at_idx"),
            # The dashboard's total of the month: all it reads is in the index.
            models.Index(fields=["paid_at", "voided_at", "amount"], name="payment_month_total_idx"),
        ]

    def __str__(self) -> str:
        voided = " (voided)" if self.voided_at else ""
        return f"{money_display(self.amount)} {self.get_method_display().lower()}, {self.paid_at:%d %b %Y}{voided}"
