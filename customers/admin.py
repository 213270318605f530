from django import forms
from django.contrib import admin

from common.admin_services import ServiceAdminMixin
from customers import selectors, services
from customers.models import Customer, Measurement
from customers.validators import clean_measurement_values, flat_values_messages


def _adopt(obj, saved) -> None:
    """The admin goes on with the object it passed to save_model (log entry, redirect): give it
    the state of the row the service saved."""
    obj.__dict__.update(saved.__dict__)


class CustomerAdminForm(forms.ModelForm):
    class Meta:
        model = Customer
        fields = ["name", "email", "phone", "address", "notes"]

    def _post_clean(self):
        # The rules (unique email ignoring case…) are the service's: see CustomerAdmin.service_save.
        # The model's own unique checks would test a column the service fills.
        self.validate_unique = lambda: None
        super()._post_clean()


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


@admin.register(Customer)
class CustomerAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = CustomerAdminForm
    list_display = ["name", "email", "phone", "order_count", "created_at"]
    search_fields = ["name", "email", "phone"]
    readonly_fields = ["created_at", "updated_at", "created_by", "updated_by"]
    inlines = [MeasurementInline]

    def get_queryset(self, request):
        return selectors.customer_list_with_order_count()

    @admin.display(description="orders", ordering="order_count")
    def order_count(self, obj):
        return obj.order_count

    def service_save(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in CustomerAdminForm.Meta.fields}
        if change:
            return services.customer_update(actor=request.user, customer=obj, **fields)
        return services.customer_create(actor=request.user, **fields)

    def service_delete(self, request, obj):
        services.customer_delete(actor=request.user, customer=obj)


class MeasurementAdminForm(forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["customer", "order", "type", "unit", "values", "notes"]

    def clean_values(self):
        values, general, by_name = clean_measurement_values(self.cleaned_data["values"])
        messages = flat_values_messages(general, by_name)
        if messages:
            raise forms.ValidationError(messages)
        return values

    def clean(self):
        cleaned = super().clean()
        customer, order = cleaned.get("customer"), cleaned.get("order")
        if customer and order and order.customer_id != customer.pk:
            self.add_error("order", services.ORDER_OF_ANOTHER_CUSTOMER)
        return cleaned


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    form = MeasurementAdminForm
    list_display = ["customer", "type", "unit", "order", "created_at"]
    list_filter = ["type", "unit"]
    list_select_related = ["customer", "order"]
    search_fields = ["customer__name", "type", "notes"]
    autocomplete_fields = ["customer"]
    raw_id_fields = ["order"]
    readonly_fields = ["created_at", "updated_at", "created_by", "updated_by"]

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in MeasurementAdminForm.Meta.fields}
        if change:
            services.measurement_update(actor=request.user, measurement=obj, **fields)
        else:
            _adopt(obj, services.measurement_create(actor=request.user, **fields))

    def delete_model(self, request, obj):
        services.measurement_delete(actor=request.user, measurement=obj)

    def delete_queryset(self, request, queryset):
        for measurement in queryset.order_by("pk"):
            services.measurement_delete(actor=request.user, measurement=measurement)
