from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from common.admin_services import ReadOnlyInline, ServiceAdminMixin
from common.models import QUANTITY
from inventory import services
from inventory.models import LOW_STOCK, ChangeReason, InventoryChange, InventoryItem
from inventory.serializers import ADJUST_REASONS

CHANGE_FIELDS = [
    "changed_at",
    "reason",
    "old_quantity",
    "delta",
    "new_quantity",
    "source",
    "note",
    "changed_by",
]


@admin.display(description="caused by")
def change_source(change: InventoryChange) -> str:
    """What caused the change ("order #12"); blank for a change made by hand."""
    if not change.source_type:
        return ""
    return f"{change.source_type} #{change.source_id}" if change.source_id else f"{change.source_type} (deleted)"


class LowStockFilter(admin.SimpleListFilter):
    title = "low stock"
    parameter_name = "low_stock"

    def lookups(self, request, model_admin):
        return [("yes", "Low stock"), ("no", "Enough stock")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(LOW_STOCK)
        if self.value() == "no":
            return queryset.exclude(LOW_STOCK)
        return queryset


class ActiveFilter(admin.SimpleListFilter):
    """Active or archived, in the studio's words (a plain filter on is_active reads "By active: Yes")."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("archived", "Archived")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(is_active=True)
        if self.value() == "archived":
            return queryset.filter(is_active=False)
        return queryset


class InventoryChangeInline(ReadOnlyInline):
    """The item's change log: written only by the stock services, never edited here."""

    model = InventoryChange
    fields = CHANGE_FIELDS
    readonly_fields = CHANGE_FIELDS
    ordering = ["-id"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")

    @admin.display(description="caused by")
    def source(self, obj):
        return change_source(obj)


class InventoryItemAdminForm(forms.ModelForm):
    """Quantity is set once, on creation; afterwards it moves only by a logged adjustment. The
    rules (unique SKU ignoring case, never below zero) are the services': see service_save."""

    adjust_by = forms.DecimalField(
        **QUANTITY,
        required=False,
        help_text="Optional: add (or, negative, remove) this much stock. Logged as a change.",
    )
    adjust_reason = forms.ChoiceField(
        choices=[(r.value, r.label) for r in ADJUST_REASONS], initial=ChangeReason.ADJUSTMENT, required=False
    )
    adjust_note = forms.CharField(max_length=500, required=False)

    class Meta:
        model = InventoryItem
        fields = ["name", "description", "sku", "category", "unit", "quantity", "price", "reorder_level", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "price" in self.fields:
            self.fields["price"].label = f"Unit price ({settings.STUDIO_CURRENCY})"

    def _post_clean(self):
        # The model's own unique check would compare SKUs as typed; the service's ignores case.
        self.validate_unique = lambda: None
        super()._post_clean()


@admin.register(InventoryItem)
class InventoryItemAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Every write goes through inventory.services, so the change log stays a complete chain."""

    form = InventoryItemAdminForm
    list_display = ["name", "sku", "category", "unit", "quantity", "reorder_level", "low_stock", "status"]
    list_filter = ["category", "unit", ActiveFilter, LowStockFilter]
    search_fields = ["name", "sku", "description"]
    inlines = [InventoryChangeInline]
    audit_fields = ["created_at", "created_by", "updated_at", "updated_by"]

    class Media:
        css = {"all": ["inventory/admin.css"]}

    @admin.display(description="Low stock", ordering="quantity", empty_value="")
    def low_stock(self, obj):
        # A mark on the items that need restocking only; nothing on the others (a boolean
        # column would put a red cross on every item that is fine).
        if obj.is_low_stock:
            return format_html('<span class="low-stock-mark" title="{}">⚠ Low</span>', "At or below its reorder level")
        return ""

    @admin.display(description="Status", ordering="-is_active")
    def status(self, obj):
        return "Active" if obj.is_active else "Archived"

    def get_fieldsets(self, request, obj=None):
        details = ["name", "description", "sku", "category", "unit", "price", "reorder_level", "is_active"]
        if obj is None:
            return [(None, {"fields": [*details[:5], "quantity", *details[5:]]})]
        return [
            (None, {"fields": [*details[:5], "quantity", *details[5:]]}),
            ("Adjust stock", {"fields": ["adjust_by", "adjust_reason", "adjust_note"]}),
            ("History", {"fields": self.audit_fields}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return ["quantity", *self.audit_fields] if obj is not None else self.audit_fields

    def service_save(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            fields = [*services.ITEM_FIELDS, "quantity"]
            return services.inventory_item_create(actor=request.user, **{f: data[f] for f in fields if f in data})
        # The adjustment first, so a refusal names the item as it is; both or neither are saved.
        if data.get("adjust_by"):
            try:
                services.stock_adjust(
                    actor=request.user,
                    item=obj,
                    delta=data["adjust_by"],
                    reason=data.get("adjust_reason") or ChangeReason.ADJUSTMENT,
                    note=data.get("adjust_note", ""),
                )
            except services.InsufficientStock as short:
                # The service's refusal, shown on the field that asked for it.
                raise ValidationError({"adjust_by": [short.detail]}) from short
        changed = {f: data[f] for f in form.changed_data if f in services.ITEM_FIELDS}
        return services.inventory_item_update(actor=request.user, item=obj, data=changed)

    def get_deleted_objects(self, objs, request):
        # An item's change log goes with it; the log being read-only in the admin must not
        # count as a missing permission to delete the item.
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(InventoryChange._meta.verbose_name)
        return to_delete, model_count, perms_needed, protected

    def service_delete(self, request, obj):
        services.inventory_item_delete(actor=request.user, item=obj)


@admin.register(InventoryChange)
class InventoryChangeAdmin(admin.ModelAdmin):
    """The stock change log, read-only: rows are written by the stock services only."""

    list_display = ["id", "inventory_item", "reason", "old_quantity", "delta", "new_quantity", "source", "changed_at"]
    list_filter = ["reason", "source_type"]
    search_fields = ["inventory_item__name", "inventory_item__sku", "note"]
    list_select_related = ["inventory_item", "changed_by"]
    fields = ["inventory_item", *CHANGE_FIELDS]
    readonly_fields = fields

    @admin.display(description="caused by")
    def source(self, obj):
        return change_source(obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
