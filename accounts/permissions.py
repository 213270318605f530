"""The studio's role policy, in one place. Views compose these classes with & and |.

- lead designer (`admin`): everything;
- junior designer (`junior_admin`): reads customers, orders and inventory; writes
  measurements and style images; own profile and password. Nothing else.

The admin follows the same roles through Django's staff flag and two groups, derived from
`role` in accounts.roles (JUNIOR_READS / JUNIOR_WRITES mirror the classes below).
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.models import Role


class IsStudioStaff(BasePermission):
    """Any active, authenticated member of the team (the global default)."""

    message = "Your account may not use the studio API."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.role in Role.values)


class IsLeadDesigner(BasePermission):
    message = "Only a lead designer may do this."

    def has_permission(self, request, view):
        return IsStudioStaff().has_permission(request, view) and request.user.role == Role.LEAD


class IsReadOnlyRequest(BasePermission):
    def has_permission(self, request, view):
        return request.method in SAFE_METHODS


# Customers, orders, inventory: everyone on the team reads, only leads write.
LeadWritesStaffReads = IsLeadDesigner | (IsStudioStaff & IsReadOnlyRequest)

# Measurements and style images: the juniors' daily work, full access for the whole team.
StaffWrites = IsStudioStaff

# Users, payments, dashboard.
LeadOnly = IsLeadDesigner
