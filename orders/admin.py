from django.contrib import admin

from common.admin_services import ServiceAdminMixin
from orders import selectors, services
from orders.models import Order, OrderItem, OrderStatusChange, Payment, PaymentStatus


class ReadOnlyInline(admin.TabularInline):
    """Lines, payments and the timeline change only through orders.services (stock, ledger, workflow)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OrderItemInline(ReadOnlyInline):
    model = OrderItem
    fields = ["inventory_item", "size", "quantity", "created_at"]
    readonly_fields = fields


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["amount", "method", "paid_at", "reference", "note", "created_by", "voided_at", "voided_by"]
    readonly_fields = fields


class OrderStatusChangeInline(ReadOnlyInline):
    model = OrderStatusChange
    fields = ["from_status", "to_status", "note", "changed_at", "changed_by"]
    readonly_fields = fields


class PaymentStatusFilter(admin.SimpleListFilter):
    """payment_status is derived (price vs. amount paid): filtered on the selector's annotation."""

    title = "payment status"
    parameter_name = "payment_status"

    def lookups(self, request, model_admin):
        return PaymentStatus.choices

    def queryset(self, request, queryset):
        if self.value() in PaymentStatus.values:
            return queryset.filter(annotated_payment_status=self.value())
        return queryset


@admin.register(Order)
class OrderAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Orders are created, re-itemised, moved along the workflow and paid through the API (the
    services keep stock and the ledger right); here the descriptive fields can be edited, and a
    delete goes through order_delete so the stock comes back."""

    list_display = ["id", "title", "customer", "status", "price", "amount_paid", "delivery_date", "created_at"]
    list_filter = ["status", PaymentStatusFilter, "delivery_date"]
    search_fields = ["title", "customer__name"]
    list_select_related = ["customer"]
    date_hierarchy = "delivery_date"
    fields = [
        "customer",
        "title",
        "notes",
        "delivery_date",
        "status",
        "price",
        "amount_paid",
        "completed_at",
        "delivered_at",
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
    ]
    readonly_fields = [
        "customer",
        "status",
        "price",
        "amount_paid",
        "completed_at",
        "delivered_at",
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
    ]
    inlines = [OrderItemInline, PaymentInline, OrderStatusChangeInline]

    def get_queryset(self, request):
        return selectors.order_annotate(super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def service_save(self, request, obj, form, change):
        return services.order_update(
            actor=request.user,
            order=obj,
            data={name: form.cleaned_data[name] for name in ("title", "notes", "delivery_date")},
        )

    def service_delete(self, request, obj):
        services.order_delete(actor=request.user, order=obj)


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """The ledger, for audit: voided payments included. Recorded and voided through the API."""

    list_display = ["id", "order", "amount", "method", "paid_at", "created_by", "voided_at"]
    list_filter = ["method", "paid_at"]
    search_fields = ["reference", "note", "order__title"]
    list_select_related = ["order", "created_by"]
    readonly_fields = [
        "order",
        "amount",
        "method",
        "paid_at",
        "reference",
        "note",
        "created_at",
        "created_by",
        "voided_at",
        "voided_by",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
