from django.contrib import admin

from events.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The log, read-only: events are written by the services, in their transactions."""

    list_display = ["id", "type", "occurred_at", "actor", "subject_type", "subject_id"]
    list_filter = ["type"]
    list_select_related = ["actor"]
    search_fields = ["=id", "=subject_id"]
    date_hierarchy = "occurred_at"
    fields = ["id", "type", "occurred_at", "actor", "subject_type", "subject_id", "data"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
