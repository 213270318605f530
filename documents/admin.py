from django.contrib import admin

from documents.models import Invoice, TrackingLink


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    """Issued invoices, read-only: issued through the API (documents.services.invoice_issue)."""

    list_display = ["number", "order", "total", "currency", "issued_at"]
    search_fields = ["number", "order__title", "order__customer__name"]
    readonly_fields = [
        "order",
        "number",
        "issued_at",
        "currency",
        "tax_name",
        "tax_rate",
        "subtotal",
        "tax",
        "total",
        "issued_by",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrackingLink)
class TrackingLinkAdmin(admin.ModelAdmin):
    """Live tracking links (the token is never stored). Deleting one revokes it."""

    list_display = ["order", "created_at", "created_by"]
    readonly_fields = ["order", "created_at", "created_by"]
    exclude = ["nonce", "token_digest"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
