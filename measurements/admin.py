from django import forms
from django.contrib import admin

from common.admin_services import ServiceAdminMixin
from customers.admin import CustomerAdmin
from customers.models import Customer
from measurements import selectors, services
from measurements.models import Measurement


class MeasurementInline(admin.TabularInline):
    """A customer's measurements, newest first; changed on the measurement's own page."""

    model = Measurement
    fields = ["type", "unit", "values", "order", "notes", "created_at", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-created_at", "-id"]

    def has_add_permission(self, request, obj=None):
        return False


# The customer admin as the studio uses it: customers' own admin, with what the apps above it
# add to a customer — the measurements inline (this app) and the number of orders (orders).
# Composed here, in the one app that sits above both, so it is registered once; customers
# knows neither.
admin.site.unregister(Customer)


@admin.register(Customer)
class StudioCustomerAdmin(CustomerAdmin):
    list_display = ["name", "email", "phone", "order_count", "created_at"]
    inlines = [MeasurementInline]

    def get_queryset(self, request):
        return selectors.customer_list_with_order_count()

    @admin.display(description="orders", ordering="order_count")
    def order_count(self, obj):
        return obj.order_count


class MeasurementAdminForm(forms.ModelForm):
    # The rules (values, an order of the same customer) are the services': see service_save.
    class Meta:
        model = Measurement
        fields = ["customer", "order", "type", "unit", "values", "notes"]


@admin.register(Measurement)
class MeasurementAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = MeasurementAdminForm
    list_display = ["customer", "type", "unit", "order", "created_at"]
    list_filter = ["type", "unit"]
    list_select_related = ["customer", "order"]
    search_fields = ["customer__name", "type", "notes"]
    autocomplete_fields = ["customer"]
    raw_id_fields = ["order"]
    readonly_fields = ["created_at", "updated_at", "created_by", "updated_by"]

    def service_save(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in MeasurementAdminForm.Meta.fields}
        if change:
            return services.measurement_update(actor=request.user, measurement=obj, **fields)
        return services.measurement_create(actor=request.user, **fields)

    def service_delete(self, request, obj):
        services.measurement_delete(actor=request.user, measurement=obj)
