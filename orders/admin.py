"""The orders admin: the studio's daily worklist (what is late, what is due, what is owed), and
an order's page from which a lead moves it along the workflow and records payments. Every write
goes through orders.services; what a user may do is the role policy's (accounts.roles): a
lead's group holds `change_order` and `add_payment`, a junior's only `view_order`."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.lookups import Contains
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from common.admin_services import ReadOnlyInline, ServiceAdminMixin, refusal_messages
from common.exceptions import DomainError
from common.money import money_display
from customers import selectors as customer_selectors
from orders import selectors, services
from orders.models import (
    ALLOWED_TRANSITIONS,
    CLOSED_STATUSES,
    Order,
    OrderItem,
    OrderStatus,
    OrderStatusChange,
    Payment,
    PaymentMethod,
    PaymentStatus,
)
from orders.selectors import DUE_SOON_DAYS

ADMIN_CSS = {"all": ["orders/admin/orders.css"]}
# What the buttons for each next status say.
TRANSITION_LABELS = {
    OrderStatus.IN_PROGRESS: "Start work (in progress)",
    OrderStatus.COMPLETED: "Mark completed",
    OrderStatus.DELIVERED: "Mark delivered",
    OrderStatus.CANCELLED: "Cancel order",
}


def status_badge(status: str) -> str:
    return format_html('<span class="order-badge order-status--{}">{}</span>', status, OrderStatus(status).label)


def payment_badge(payment_status: str) -> str:
    return format_html(
        '<span class="order-badge order-payment--{}">{}</span>', payment_status, PaymentStatus(payment_status).label
    )


class OrderItemInline(ReadOnlyInline):
    model = OrderItem
    verbose_name = "material"
    verbose_name_plural = "materials (reserved from stock)"
    fields = ["item_name", "quantity_ordered", "size"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("inventory_item")

    @admin.display(description="item")
    def item_name(self, line: OrderItem) -> str:
        return line.inventory_item.name

    @admin.display(description="quantity ordered")
    def quantity_ordered(self, line: OrderItem) -> str:
        return line.quantity_display


class PaymentInline(ReadOnlyInline):
    model = Payment
    verbose_name_plural = "payments (ledger)"
    fields = ["paid_at", "amount_shown", "method", "reference", "note", "created_by", "voided_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")

    @admin.display(description="amount")
    def amount_shown(self, payment: Payment) -> str:
        return money_display(payment.amount)


class OrderStatusChangeInline(ReadOnlyInline):
    model = OrderStatusChange
    verbose_name = "status change"
    verbose_name_plural = "timeline"
    fields = ["changed_at", "change", "note", "changed_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")

    @admin.display(description="change")
    def change(self, row: OrderStatusChange) -> str:
        return str(row)


class PaymentStatusFilter(admin.SimpleListFilter):
    """payment_status is derived (price vs. amount paid): filtered on the selector's annotation."""

    title = "payment status"
    parameter_name = "payment_status"
    OUTSTANDING = "outstanding"

    def lookups(self, request, model_admin):
        return [(self.OUTSTANDING, "Balance outstanding"), *PaymentStatus.choices]

    def queryset(self, request, queryset):
        if self.value() == self.OUTSTANDING:
            # What the dashboard's outstanding balance adds up: owed on orders not cancelled.
            return queryset.filter(annotated_balance_due__gt=0).exclude(status=OrderStatus.CANCELLED)
        if self.value() in PaymentStatus.values:
            return queryset.filter(annotated_payment_status=self.value())
        return queryset


class DueFilter(admin.SimpleListFilter):
    """The worklist: open orders that are late or due soon (delivered and cancelled never are)."""

    title = "due"
    parameter_name = "due"
    OVERDUE = "overdue"
    SOON = "next_7_days"

    def lookups(self, request, model_admin):
        return [(self.OVERDUE, "Overdue"), (self.SOON, f"Due in the next {DUE_SOON_DAYS} days")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == self.OVERDUE:
            return queryset.filter(annotated_is_overdue=True)
        if self.value() == self.SOON:
            return queryset.filter(
                delivery_date__gte=today, delivery_date__lte=today + timedelta(days=DUE_SOON_DAYS)
            ).exclude(status__in=CLOSED_STATUSES)
        return queryset


class DeliveryDateFilter(admin.SimpleListFilter):
    """Delivery dates ahead as well as behind (Django's date filter only looks back)."""

    title = "delivery date"
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [
            ("this_week", "This week"),
            ("next_30_days", "Next 30 days"),
            ("past", "Before today"),
            ("none", "No date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "this_week":
            monday = today - timedelta(days=today.weekday())
            return queryset.filter(delivery_date__gte=monday, delivery_date__lte=monday + timedelta(days=6))
        if self.value() == "next_30_days":
            return queryset.filter(delivery_date__gte=today, delivery_date__lte=today + timedelta(days=30))
        if self.value() == "past":
            return queryset.filter(delivery_date__lt=today)
        if self.value() == "none":
            return queryset.filter(delivery_date__isnull=True)
        return queryset


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(choices=OrderStatus.choices)
    note = forms.CharField(max_length=500, required=False)


class PaymentRecordForm(forms.Form):
    amount = forms.DecimalField(max_digits=12, decimal_places=2, min_value=0.01)
    method = forms.ChoiceField(choices=PaymentMethod.choices, initial=PaymentMethod.CASH)
    reference = forms.CharField(max_length=100, required=False, help_text="Transfer or receipt number.")
    note = forms.CharField(max_length=500, required=False)
    paid_at = forms.DateTimeField(
        required=False,
        help_text="Leave empty for now.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


@admin.register(Order)
class OrderAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Orders are created and re-itemised through the API (the services keep stock and the
    ledger right); here a lead edits the descriptive fields, moves the order along the workflow
    and records payments, and a delete goes through order_delete so the stock comes back."""

    # Five columns, so that the list fits 1280 px with the sidebar and the filters open.
    list_display = ["order", "status_shown", "delivery", "balance_shown", "payment_shown"]
    list_filter = [DueFilter, DeliveryDateFilter, PaymentStatusFilter, "status"]
    search_fields = ["title", "customer__name", "customer__phone"]
    search_help_text = "Title, customer's name or phone (digits, any spacing)."
    list_select_related = ["customer"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["customer", "title", "notes", "delivery_date"]}),
        (
            "History",
            {"fields": ["completed_at", "delivered_at", "created_at", "created_by", "updated_at", "updated_by"]},
        ),
    ]
    readonly_fields = [
        "customer",
        "completed_at",
        "delivered_at",
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
    ]
    inlines = [OrderItemInline, PaymentInline, OrderStatusChangeInline]

    class Media:
        css = ADMIN_CSS

    # -- the worklist's columns ---------------------------------------------------------------

    @admin.display(description="order", ordering="id")
    def order(self, order: Order) -> str:
        return format_html('#{} {}<span class="order-customer">{}</span>', order.pk, order.title, order.customer.name)

    @admin.display(description="status", ordering="status")
    def status_shown(self, order: Order) -> str:
        return status_badge(order.status)

    @admin.display(description="delivery", ordering="delivery_date")
    def delivery(self, order: Order) -> str:
        if order.delivery_date is None:
            return "—"
        if order.is_overdue:
            days = (timezone.localdate() - order.delivery_date).days
            return format_html(
                '{}<span class="order-badge order-overdue">{} d late</span>',
                f"{order.delivery_date:%d %b %Y}",
                days,
            )
        return f"{order.delivery_date:%d %b %Y}"

    @admin.display(description="price", ordering="price")
    def price_shown(self, order: Order) -> str:
        return money_display(order.price)

    @admin.display(description="paid", ordering="amount_paid")
    def paid_shown(self, order: Order) -> str:
        return money_display(order.amount_paid)

    @admin.display(description="balance due", ordering="annotated_balance_due")
    def balance_shown(self, order: Order) -> str:
        return money_display(order.balance_due)

    @admin.display(description="payment", ordering="annotated_payment_status")
    def payment_shown(self, order: Order) -> str:
        return payment_badge(order.payment_status)

    def get_queryset(self, request):
        return selectors.order_annotate(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        digits = customer_selectors.phone_search_digits(search_term)
        if digits is not None:
            # Phones are stored as typed ("+234 801 234 5678"): compare digits only.
            results = results | queryset.filter(Contains(customer_selectors.phone_digits("customer__phone"), digits))
        return results, may_have_duplicates

    # -- permissions: the role policy's model permissions --------------------------------------

    def has_add_permission(self, request):
        return False

    def may_change_status(self, request) -> bool:
        return request.user.has_perm("orders.change_order")

    def may_record_payment(self, request) -> bool:
        return request.user.has_perm("orders.add_payment")

    # -- the order's page ---------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/status/",
                self.admin_site.admin_view(self.status_view),
                name="{}_{}_status".format(*info),
            ),
            path(
                "<path:object_id>/payment/",
                self.admin_site.admin_view(self.payment_view),
                name="{}_{}_payment".format(*info),
            ),
            *super().get_urls(),
        ]

    def workflow_context(self, request, order: Order) -> dict:
        next_statuses = [
            {"value": str(status), "label": TRANSITION_LABELS[status], "css": str(status)}
            for status in ALLOWED_TRANSITIONS[order.status]
        ]
        may_pay = self.may_record_payment(request) and order.status != OrderStatus.CANCELLED and order.balance_due > 0
        return {
            "order": order,
            "status": status_badge(order.status),
            "payment_status": payment_badge(order.payment_status),
            "price": money_display(order.price),
            "paid": money_display(order.amount_paid),
            "balance": money_display(order.balance_due),
            "next_statuses": next_statuses if self.may_change_status(request) else [],
            "ended": not next_statuses,
            "status_url": reverse("admin:orders_order_status", args=[order.pk]),
            "payment_form": PaymentRecordForm(initial={"amount": order.balance_due}) if may_pay else None,
            "payment_url": reverse("admin:orders_order_payment", args=[order.pk]),
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        order = self.get_object(request, unquote(object_id))
        if order is not None:
            extra_context = {**(extra_context or {}), "workflow": self.workflow_context(request, order)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _back_to(self, order: Order) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:orders_order_change", args=[order.pk]))

    def _show_refusal(self, request, error) -> None:
        for field, texts in refusal_messages(error).items():
            for text in texts:
                self.message_user(request, f"{field.replace('_', ' ')}: {text}" if field else text, messages.ERROR)

    def status_view(self, request, object_id):
        """POST status, note: order_set_status. A refusal is shown and nothing is written."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.may_change_status(request):
            raise PermissionDenied
        order = get_object_or_404(Order, pk=unquote(object_id))
        form = StatusChangeForm(request.POST)
        if not form.is_valid():
            self._show_refusal(request, ValidationError(form.errors))
            return self._back_to(order)
        previous = order.get_status_display().lower()
        try:
            order = services.order_set_status(
                actor=request.user, order=order, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
            )
        except (DomainError, ValidationError) as error:
            self._show_refusal(request, error)
            return self._back_to(order)
        change = f"Status: {previous} → {order.get_status_display().lower()}"
        self.log_change(request, order, change)
        self.message_user(request, f"Order #{order.pk}: {change.lower()}.", messages.SUCCESS)
        return self._back_to(order)

    def payment_view(self, request, object_id):
        """POST amount, method, reference, note, paid_at: payment_record. A refusal (over the
        balance, a cancelled order) is shown and nothing is written."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.may_record_payment(request):
            raise PermissionDenied
        order = get_object_or_404(Order, pk=unquote(object_id))
        form = PaymentRecordForm(request.POST)
        if not form.is_valid():
            self._show_refusal(request, ValidationError(form.errors))
            return self._back_to(order)
        try:
            payment = services.payment_record(actor=request.user, order=order, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            self._show_refusal(request, error)
            return self._back_to(order)
        self.log_change(request, order, f"Payment recorded: {payment}")
        order.refresh_from_db()
        self.message_user(
            request,
            f"Payment of {money_display(payment.amount)} recorded; balance due {money_display(order.balance_due)}.",
            messages.SUCCESS,
        )
        return self._back_to(order)

    # -- saving and deleting through the services ----------------------------------------------

    def service_save(self, request, obj, form, change):
        return services.order_update(
            actor=request.user,
            order=obj,
            data={name: form.cleaned_data[name] for name in ("title", "notes", "delivery_date")},
        )

    def delete_view(self, request, object_id, extra_context=None):
        # Say why an order is kept before Django's confirmation page (which would list the
        # payments as objects the user "doesn't have permission" to delete).
        order = self.get_object(request, unquote(object_id))
        if order is not None and self.has_delete_permission(request, order):
            try:
                services.order_delete_check(order=order)
            except DomainError as error:
                self._show_refusal(request, error)
                return self._back_to(order)
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        # Lines and the timeline go with the order; payments and pictures keep it (the service
        # says so): neither is a permission the user lacks.
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.clear()
        for order in objs:
            try:
                services.order_delete_check(order=order)
            except DomainError as error:
                protected.append(f"{order}: {error.detail}")
        return to_delete, model_count, perms_needed, protected

    def service_delete(self, request, obj):
        services.order_delete(actor=request.user, order=obj)


class PaidInFilter(admin.SimpleListFilter):
    title = "paid"
    parameter_name = "paid"

    def lookups(self, request, model_admin):
        return [("this_month", "This month"), ("last_30_days", "Last 30 days")]

    def queryset(self, request, queryset):
        now = timezone.localtime()
        if self.value() == "this_month":
            return queryset.filter(paid_at__gte=now.replace(day=1, hour=0, minute=0, second=0, microsecond=0))
        if self.value() == "last_30_days":
            return queryset.filter(paid_at__gte=now - timedelta(days=30))
        return queryset


class PaymentCountsFilter(admin.SimpleListFilter):
    title = "voided"
    parameter_name = "voided"

    def lookups(self, request, model_admin):
        return [("no", "Counted"), ("yes", "Voided")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(voided_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(voided_at__isnull=False)
        return queryset


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """The ledger, for audit: voided payments included. Recorded on the order's page (or the
    API), voided through the API."""

    list_display = ["paid_at", "order", "customer", "amount_shown", "method", "reference", "created_by", "voided_at"]
    list_filter = [PaidInFilter, PaymentCountsFilter, "method"]
    search_fields = ["reference", "note", "order__title", "order__customer__name"]
    list_select_related = ["order__customer", "created_by"]
    readonly_fields = [
        "order",
        "amount_shown",
        "method",
        "paid_at",
        "reference",
        "note",
        "created_at",
        "created_by",
        "voided_at",
        "voided_by",
    ]
    fields = readonly_fields

    class Media:
        css = ADMIN_CSS

    @admin.display(description="amount", ordering="amount")
    def amount_shown(self, payment: Payment) -> str:
        return money_display(payment.amount)

    @admin.display(description="customer", ordering="order__customer__name")
    def customer(self, payment: Payment) -> str:
        return payment.order.customer.name

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
