from django.contrib import admin, messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from knox.models import AuthToken

from accounts import services
from accounts.forms import AdminUserPasswordForm
from accounts.models import User
from common.admin_services import ServiceAdminMixin, refusal_messages
from common.exceptions import DomainError

# Django's side of a role (accounts.roles): shown, never edited here.
DERIVED_FIELDS = ["is_staff", "is_superuser", "groups"]


def _may_manage_team(request) -> bool:
    return request.user.has_perm(f"{User._meta.app_label}.change_{User._meta.model_name}")


class AuthTokenFormSet(BaseInlineFormSet):
    def delete_existing(self, obj, commit=True):
        if commit:
            services.token_revoke(token=obj)


class AuthTokenInline(admin.TabularInline):
    """A user's devices. Tokens are stored hashed: only their start and expiry are shown.
    Whoever may manage the team may revoke one (through accounts.services.token_revoke); the
    token table itself is a developer's."""

    model = AuthToken
    formset = AuthTokenFormSet
    fields = ["token_key", "created", "expiry"]
    readonly_fields = fields
    extra = 0
    can_delete = True
    verbose_name = "device (token)"
    verbose_name_plural = "devices (tokens)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return _may_manage_team(request)

    def has_delete_permission(self, request, obj=None):
        return _may_manage_team(request)


class StudioUserCreationForm(auth_forms.UserCreationForm):
    """A new member of the team logs in with a password, as through the API."""

    class Meta(auth_forms.UserCreationForm.Meta):
        model = User
        fields = ["username", "role"]


@admin.register(User)
class StudioUserAdmin(ServiceAdminMixin, UserAdmin):
    """The team, under the API's rules: writes go through accounts.services (the last active
    lead stays, a deactivation or a new password ends tokens and sessions), and Django's flags
    and groups follow the role (accounts.roles). Nobody is deleted: they are deactivated."""

    list_display = ["username", "email", "first_name", "last_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Personal info", {"fields": ["first_name", "last_name", "email"]}),
        ("Studio", {"fields": ["role", "is_active"]}),
        (
            "Admin access (from the role)",
            {
                "fields": DERIVED_FIELDS,
                "description": "Derived from the role and the active flag: lead designers and junior designers "
                "open the admin with their group's permissions; inactive users cannot.",
            },
        ),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2"]}),
        ("Studio", {"fields": ["role"]}),
    ]
    readonly_fields = [*DERIVED_FIELDS, "last_login", "date_joined"]
    add_form = StudioUserCreationForm
    change_password_form = AdminUserPasswordForm
    inlines = [AuthTokenInline]
    actions = ["deactivate_selected"]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # a new user has no devices yet

    def has_delete_permission(self, request, obj=None):
        # As through the API: history keeps its authors, so a user is deactivated instead.
        return False

    def service_save(self, request, obj, form, change):
        if not change:
            return services.user_create(
                actor=request.user,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                role=form.cleaned_data["role"],
            )
        changed = {name: form.cleaned_data[name] for name in form.changed_data if name in services.USER_FIELDS}
        return services.user_update(actor=request.user, user=obj, **changed)

    def save_related(self, request, form, formsets, change):
        # The form edits no relation (groups are derived); the token inline revokes through
        # its formset.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description="Deactivate selected users (their tokens and sessions end)", permissions=["change"])
    def deactivate_selected(self, request, queryset):
        users = list(queryset.filter(is_active=True).order_by("pk"))
        try:
            with transaction.atomic():  # all or none: a refusal leaves every user as they were
                for user in users:
                    services.user_deactivate(actor=request.user, user=user)
        except (ValidationError, DomainError) as error:
            for texts in refusal_messages(error).values():
                for text in texts:
                    self.message_user(request, text, messages.ERROR)
            return
        self.message_user(request, f"Deactivated {len(users)} user(s).", messages.SUCCESS)
