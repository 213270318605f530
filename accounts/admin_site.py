"""The admin site, whose login goes through the one login policy (accounts.login_policy).

Installed as the default site by accounts.apps.StudioAdminConfig, so `admin.site` (and every
app's `@admin.register`) is this site.
"""

from functools import partial

from django.contrib import admin

from accounts import login_policy
from accounts.forms import AdminLoginForm


class StudioAdminSite(admin.AdminSite):
    login_form = AdminLoginForm

    def login(self, request, extra_context=None):
        return login_policy.guard_form_login(request, partial(super().login, request, extra_context))
