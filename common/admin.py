from django.contrib import admin

from common.models import IdempotencyRecord


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    """Stored first responses of POSTs sent with an Idempotency-Key (kept 24 hours). Read-only."""

    list_display = ["id", "user", "key", "endpoint", "response_status", "created_at"]
    list_filter = ["response_status"]
    search_fields = ["key", "endpoint"]
    readonly_fields = ["user", "key", "endpoint", "fingerprint", "response_status", "response_body", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
