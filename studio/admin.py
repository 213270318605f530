from django.contrib import admin

from common.admin_services import ServiceAdminMixin
from studio import services
from studio.models import DocumentCounter, StudioProfile

PROFILE_FIELDS = [
    "name",
    "address",
    "phone",
    "email",
    "currency",
    "tax_name",
    "tax_rate",
    "prices_include_tax",
    "invoice_prefix",
    "receipt_prefix",
    "document_footer",
]


@admin.register(StudioProfile)
class StudioProfileAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """The one profile row: changed, never added or deleted."""

    fields = [*PROFILE_FIELDS, "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]
    list_display = ["name", "currency", "tax_name", "tax_rate", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def service_save(self, request, obj, form, change):
        data = {field: form.cleaned_data[field] for field in PROFILE_FIELDS if field in form.cleaned_data}
        return services.studio_profile_update(actor=request.user, data=data)


@admin.register(DocumentCounter)
class DocumentCounterAdmin(admin.ModelAdmin):
    """The last number of each series of documents. Read-only: numbers are taken by the services."""

    list_display = ["prefix", "year", "last_number"]
    readonly_fields = ["prefix", "year", "last_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
