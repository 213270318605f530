from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from knox.models import AuthToken

from accounts import services
from accounts.forms import AdminUserPasswordForm
from accounts.models import User


class AuthTokenInline(admin.TabularInline):
    """A user's devices. Tokens are stored hashed: only their start and expiry are shown."""

    model = AuthToken
    fields = ["token_key", "created", "expiry"]
    readonly_fields = fields
    extra = 0
    can_delete = True
    verbose_name = "token (device)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class StudioUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Studio", {"fields": ["role"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        ("Studio", {"fields": ["role"]}),
    ]
    inlines = [AuthTokenInline]
    change_password_form = AdminUserPasswordForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Deactivated here as through the API: tokens and sessions end.
            services.user_revoke_access(user=obj)
