from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from common.admin_services import ReadOnlyInline, ServiceAdminMixin
from common.money import money_display
from customers.admin import CustomerAdmin
from customers.models import Customer
from measurements import selectors, services
from measurements.forms import MeasurementRowsField
from measurements.models import GarmentType, Measurement, MeasurementUnit
from orders.models import Order, OrderStatus


def measurement_values_table(measurement: Measurement) -> str:
    """The values as rows of name and value with the unit ("bust  92.5 cm"), not as JSON."""
    if not measurement.values:
        return ""
    rows = format_html_join(
        "",
        '<tr><td class="name">{}</td><td class="value">{}</td><td class="unit">{}</td></tr>',
        ((name, value, measurement.unit) for name, value in measurement.values.items()),
    )
    return format_html('<table class="measurement-values"><tbody>{}</tbody></table>', rows)


class MeasurementInline(ReadOnlyInline):
    """A customer's measurements, newest first; changed on the measurement's own page."""

    model = Measurement
    fields = ["type", "measurements", "order", "notes", "created_at", "created_by"]
    readonly_fields = fields
    show_change_link = True
    ordering = ["-created_at", "-id"]

    @admin.display(description="measurements")
    def measurements(self, obj):
        return measurement_values_table(obj)


class CustomerOrderInline(ReadOnlyInline):
    """A customer's orders at a glance, each linking to its own page (where it is worked on)."""

    model = Order
    fields = ["order", "status_label", "delivery_date", "balance"]
    readonly_fields = fields
    ordering = ["-created_at", "-id"]
    verbose_name = "order"
    verbose_name_plural = "orders"

    @admin.display(description="order")
    def order(self, obj):
        url = reverse("admin:orders_order_change", args=[obj.pk], current_app=self.admin_site.name)
        return format_html('<a href="{}">{}</a>', url, obj.title)

    @admin.display(description="status")
    def status_label(self, obj):
        return obj.get_status_display()

    @admin.display(description="balance due")
    def balance(self, obj):
        if obj.status == OrderStatus.CANCELLED:
            return "— (cancelled)"
        return money_display(obj.balance_due)


# The customer admin as the studio uses it: customers' own admin, with what the apps above it
# add to a customer — their orders and balance (orders) and their measurements (this app).
# Composed here, in the one app that sits above both, so it is registered once; customers
# knows neither.
admin.site.unregister(Customer)


@admin.register(Customer)
class StudioCustomerAdmin(CustomerAdmin):
    list_display = ["name", "email", "phone", "order_count", "balance_due", "created_at"]
    inlines = [CustomerOrderInline, MeasurementInline]
    fieldsets = [
        (None, {"fields": ["name", "email", "phone", "address", "notes"]}),
        ("Account", {"fields": ["order_count", "balance_due"]}),
        ("History", {"fields": ["created_at", "created_by", "updated_at", "updated_by"]}),
    ]
    readonly_fields = ["order_count", "balance_due", *CustomerAdmin.readonly_fields]

    class Media:
        css = {"all": ["measurements/measurement_rows.css"]}

    def get_queryset(self, request):
        return selectors.customer_list_with_order_figures()

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # a new customer has no orders yet
            return [self.fieldsets[0]]
        return self.fieldsets

    @admin.display(description="orders", ordering="order_count")
    def order_count(self, obj):
        return obj.order_count

    @admin.display(description="balance due", ordering="balance_due")
    def balance_due(self, obj):
        return money_display(obj.balance_due)


class MeasurementAdminForm(forms.ModelForm):
    # The rules (values, an order of the same customer) are the services': see service_save.
    values = MeasurementRowsField(
        label="Measurements",
        help_text="One measurement a row: its name (bust, waist, sleeve…) and its value in the unit above.",
    )

    class Meta:
        model = Measurement
        fields = ["customer", "order", "type", "unit", "values", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.data.get("unit") if self.is_bound else None
        unit = unit or self.initial.get("unit") or self.instance.unit or MeasurementUnit.CM
        self.fields["values"].widget.unit = unit

    def _get_validation_exclusions(self):
        # "Give at least one measurement" is the service's message, not the model's "blank".
        return {*super()._get_validation_exclusions(), "values"}


@admin.register(GarmentType)
class GarmentTypeAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Measurement templates. A type used by measurements is archived (untick "active"), not deleted."""

    list_display = ["name", "point_names", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    fields = ["name", "is_active", "points", "points_table"]
    readonly_fields = ["points_table"]

    @admin.display(description="points")
    def point_names(self, obj):
        return ", ".join(point["name"] for point in obj.points)

    @admin.display(description="Points as measured")
    def points_table(self, obj):
        if not obj.points:
            return ""
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}–{} cm</td><td>{}</td></tr>",
            (
                (p["name"], p["label"], p["min_cm"], p["max_cm"], "required" if p["required"] else "optional")
                for p in obj.points
            ),
        )
        return format_html('<table class="garment-points"><tbody>{}</tbody></table>', rows)

    def service_save(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.GARMENT_TYPE_FIELDS}
        if change:
            return services.garment_type_update(actor=request.user, garment_type=obj, **fields)
        return services.garment_type_create(actor=request.user, **fields)

    def service_delete(self, request, obj):
        services.garment_type_delete(actor=request.user, garment_type=obj)


@admin.register(Measurement)
class MeasurementAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = MeasurementAdminForm
    list_display = ["__str__", "customer", "type", "unit", "order", "created_at"]
    list_filter = ["type", "unit"]
    list_select_related = ["customer", "order"]
    search_fields = ["customer__name", "type", "notes"]
    autocomplete_fields = ["customer"]
    raw_id_fields = ["order"]
    fields = ["customer", "order", "type", "unit", "values", "notes"]
    readonly_fields = ["created_at", "updated_at", "created_by", "updated_by", "versions_table"]

    @admin.display(description="Versions")
    def versions_table(self, obj):
        """The measurement's versions, newest first (immutable: written by measurements.services)."""
        if obj is None or obj.pk is None:
            return ""
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    version.version,
                    ", ".join(f"{k} {v}" for k, v in version.values.items()),
                    version.unit,
                    version.changed_at,
                )
                for version in selectors.measurement_versions(measurement=obj)
            ),
        )
        return format_html('<table class="measurement-versions"><tbody>{}</tbody></table>', rows)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(None, {"fields": self.fields})]
        if obj is not None:
            fieldsets.append(("History", {"fields": self.readonly_fields}))
        return fieldsets

    def service_save(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in MeasurementAdminForm.Meta.fields}
        if change:
            return services.measurement_update(actor=request.user, measurement=obj, **fields)
        return services.measurement_create(actor=request.user, **fields)

    def service_delete(self, request, obj):
        services.measurement_delete(actor=request.user, measurement=obj)
