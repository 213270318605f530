"""The junior designer's rights on appointments (calendar.md's roles), next to the app's views.

A lead designer does everything. A junior designer reads every appointment; books `measurement`
and `fitting` appointments with themselves as designer; changes, reschedules, cancels and sets the
status of the appointments whose designer they are. Anything else → 403.
"""

from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.models import Role
from accounts.permissions import IsStudioStaff
from appointments.models import JUNIOR_KINDS

NOT_YOURS = "A junior designer may change only the appointments they are the designer of."
JUNIOR_BOOKING = "A junior designer may book only measurement and fitting appointments, with themselves as designer."
JUNIOR_HANDOVER = "A junior designer may not hand an appointment to another designer."
JUNIOR_KIND_CHANGE = "A junior designer may make an appointment only a measurement or a fitting."


def _is_lead(user) -> bool:
    return user.role == Role.LEAD


class AppointmentAccess(IsStudioStaff):
    """Any member of the team reaches the appointments; a junior writes only their own."""

    message = NOT_YOURS

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS or _is_lead(request.user):
            return True
        return obj.designer_id == request.user.pk


class IsReadOnly(BasePermission):
    def has_permission(self, request, view):
        return request.method in SAFE_METHODS


def booking_check(*, user, data: dict) -> None:
    """Refuse (403) a booking the user's role does not allow; `data` is the validated body."""
    if _is_lead(user):
        return
    designer = data.get("designer", user)
    if data.get("kind") not in JUNIOR_KINDS or designer.pk != user.pk:
        raise PermissionDenied(JUNIOR_BOOKING)


def change_check(*, user, data: dict) -> None:
    """Refuse (403) a junior's change that gives their appointment to another designer, or
    makes it a kind they may not book (else booking a fitting and changing it would do)."""
    if _is_lead(user):
        return
    designer = data.get("designer")
    if designer is not None and designer.pk != user.pk:
        raise PermissionDenied(JUNIOR_HANDOVER)
    if "kind" in data and data["kind"] not in JUNIOR_KINDS:
        raise PermissionDenied(JUNIOR_KIND_CHANGE)
