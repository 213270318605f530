"""The calendar in the admin: appointments by date, filtered by designer, status and kind.

A view of the calendar: bookings and reschedules go through the API (appointments.services runs
the overlap check and writes the events); the status moves by the list's actions, which call
the same service.
"""

from django.contrib import admin, messages

from appointments import services
from appointments.models import Appointment, AppointmentStatus, AppointmentStatusChange


class AppointmentStatusChangeInline(admin.TabularInline):
    model = AppointmentStatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_status", "to_status", "note", "changed_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    # Fits 1280 px beside the admin's sidebar (the end and the place are on each appointment's page).
    list_display = ["starts_at", "kind", "customer", "designer", "status"]
    list_filter = ["designer", "status", "kind"]
    list_select_related = ["customer", "designer"]
    date_hierarchy = "starts_at"
    search_fields = ["customer__name", "notes", "location"]
    ordering = ["starts_at", "id"]
    fields = ["customer", "order", "kind", "starts_at", "ends_at", "designer", "status", "notes", "location"]
    readonly_fields = ["status"]
    inlines = [AppointmentStatusChangeInline]
    actions = ["mark_completed", "mark_no_show", "mark_cancelled"]

    def has_add_permission(self, request):
        return False  # booked through the API, where the overlap check and the events run

    def has_change_permission(self, request, obj=None):
        return False  # the status moves by the actions below (appointments.services)

    def has_set_status_permission(self, request) -> bool:
        """The actions move any designer's appointments: lead designers (the change permission)."""
        return request.user.has_perm("appointments.change_appointment")

    def _set_status(self, request, queryset, status: str) -> None:
        done = 0
        for appointment in queryset.filter(status=AppointmentStatus.SCHEDULED):
            services.appointment_set_status(actor=request.user, appointment=appointment, status=status)
            done += 1
        self.message_user(request, f"{done} appointment(s) set to {status}.", messages.SUCCESS)

    @admin.action(description="Mark selected as completed", permissions=["set_status"])
    def mark_completed(self, request, queryset):
        self._set_status(request, queryset, AppointmentStatus.COMPLETED)

    @admin.action(description="Mark selected as no show", permissions=["set_status"])
    def mark_no_show(self, request, queryset):
        self._set_status(request, queryset, AppointmentStatus.NO_SHOW)

    @admin.action(description="Cancel selected", permissions=["set_status"])
    def mark_cancelled(self, request, queryset):
        self._set_status(request, queryset, AppointmentStatus.CANCELLED)

    def has_delete_permission(self, request, obj=None):
        return False  # an appointment is cancelled, never deleted
