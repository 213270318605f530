from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from inventory import services
from inventory.models import LOW_STOCK, ChangeReason, InventoryChange, InventoryItem
from inventory.serializers import ADJUST_REASONS

CHANGE_FIELDS = [
    "changed_at",
    "reason",
    "old_quantity",
    "delta",
    "new_quantity",
    "order",
    "note",
    "changed_by",
]


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


class InventoryChangeInline(admin.TabularInline):
    """The item's change log: written only by the stock services, never edited here."""

    model = InventoryChange
    fields = CHANGE_FIELDS
    readonly_fields = CHANGE_FIELDS
    extra = 0
    can_delete = False
    ordering = ["-id"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order", "changed_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InventoryItemAdminForm(forms.ModelForm):
    """Quantity is set once, on creation; afterwards it moves only by a logged adjustment."""

    adjust_by = forms.DecimalField(
        max_digits=12,
        decimal_places=2,
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

    def clean(self):
        cleaned = super().clean()
        if "sku" in cleaned:
            cleaned["sku"] = services.sku_normalise(cleaned["sku"])
            services.sku_check_free(sku=cleaned["sku"], exclude_pk=self.instance.pk)
        delta = cleaned.get("adjust_by")
        if delta and self.instance.pk and self.instance.quantity + delta < 0:
            raise ValidationError(
                {"adjust_by": f"Only {self.instance.quantity} in stock: the quantity cannot go below zero."}
            )
        return cleaned


@admin.register(InventoryItem)
class InventoryItemAdmin(admin.ModelAdmin):
    """Every write goes through inventory.services, so the change log stays a complete chain."""

    form = InventoryItemAdminForm
    list_display = ["name", "sku", "category", "unit", "quantity", "reorder_level", "low_stock", "is_active"]
    list_filter = ["category", "unit", "is_active", LowStockFilter]
    search_fields = ["name", "sku", "description"]
    inlines = [InventoryChangeInline]
    audit_fields = ["created_at", "created_by", "updated_at", "updated_by"]

    @admin.display(boolean=True, description="low stock")
    def low_stock(self, obj):
        return obj.is_low_stock

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

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            fields = [*services.ITEM_FIELDS, "quantity"]
            created = services.inventory_item_create(actor=request.user, **{f: data[f] for f in fields if f in data})
            obj.pk = created.pk
            obj._state.adding = False
        else:
            changed = {f: data[f] for f in form.changed_data if f in services.ITEM_FIELDS}
            services.inventory_item_update(actor=request.user, item=obj, **changed)
            if data.get("adjust_by"):
                services.stock_adjust(
                    actor=request.user,
                    item=obj,
                    delta=data["adjust_by"],
                    reason=data.get("adjust_reason") or ChangeReason.ADJUSTMENT,
                    note=data.get("adjust_note", ""),
                )
        obj.refresh_from_db()

    def get_deleted_objects(self, objs, request):
        # An item's change log goes with it; the log being read-only in the admin must not
        # count as a missing permission to delete the item.
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(InventoryChange._meta.verbose_name)
        return to_delete, model_count, perms_needed, protected

    def delete_model(self, request, obj):
        services.inventory_item_delete(actor=request.user, item=obj)

    def delete_queryset(self, request, queryset):
        for item in queryset.order_by("pk"):
            services.inventory_item_delete(actor=request.user, item=item)


@admin.register(InventoryChange)
class InventoryChangeAdmin(admin.ModelAdmin):
    """The stock change log, read-only: rows are written by the stock services only."""

    list_display = ["id", "inventory_item", "reason", "old_quantity", "delta", "new_quantity", "order", "changed_at"]
    list_filter = ["reason"]
    search_fields = ["inventory_item__name", "inventory_item__sku", "note"]
    list_select_related = ["inventory_item", "order", "changed_by"]
    fields = ["inventory_item", *CHANGE_FIELDS]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
