"""The admin site: its login goes through the one login policy (accounts.login_policy), and
a password changed in it ends the user's tokens and other sessions.

Installed as the default site by accounts.apps.StudioAdminConfig, so `admin.site` (and every
app's `@admin.register`) is this site.
"""

from functools import partial

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import PasswordChangeView
from django.urls import reverse

from accounts import login_policy
from accounts.forms import AdminLoginForm, AdminOwnPasswordForm


class StudioAdminSite(admin.AdminSite):
    """Branded with the studio's name (settings.STUDIO_NAME; read per request, so a changed
    setting shows at once), never Django's own."""

    login_form = AdminLoginForm

    @property
    def site_header(self) -> str:
        return settings.STUDIO_NAME

    @property
    def site_title(self) -> str:
        return settings.STUDIO_NAME

    @property
    def index_title(self) -> str:
        return f"Today at {settings.STUDIO_NAME}"

    def login(self, request, extra_context=None):
        return login_policy.guard_form_login(request, partial(super().login, request, extra_context))

    def password_change(self, request, extra_context=None):
        # AdminSite.password_change, with a form that revokes the user's tokens and sessions.
        defaults = {
            "form_class": AdminOwnPasswordForm,
            "success_url": reverse("admin:password_change_done", current_app=self.name),
            "extra_context": {**self.each_context(request), **(extra_context or {})},
        }
        if self.password_change_template is not None:
            defaults["template_name"] = self.password_change_template
        request.current_app = self.name
        return PasswordChangeView.as_view(**defaults)(request)
