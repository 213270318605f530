"""The admin's and the browsable API's login and password forms, under the accounts rules."""

from django.contrib.admin import forms as admin_forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import services

LOGIN_REFUSED = "Too many login attempts. Try again in %(wait)d seconds."


class LoginPolicyFormMixin:
    """Shows the login policy's refusal (accounts.login_policy.guard_form_login) as the
    form's error, without checking the password: a refused attempt learns nothing."""

    def clean(self):
        wait = getattr(self.request, "login_refused_for", None)
        if wait is not None:
            raise ValidationError(LOGIN_REFUSED, code="throttled", params={"wait": wait})
        return super().clean()


class SessionLoginForm(LoginPolicyFormMixin, auth_forms.AuthenticationForm):
    pass


class AdminLoginForm(LoginPolicyFormMixin, admin_forms.AdminAuthenticationForm):
    pass


class RevokingPasswordFormMixin:
    """A password set in the admin ends the user's tokens and sessions, as through the API
    (accounts.services.user_revoke_access). The admin's views then re-sign the session of
    whoever changed their own password, as Django's do."""

    def save(self, commit=True):
        with transaction.atomic():
            user = super().save(commit=commit)
            if commit:
                services.user_revoke_access(user=user)
        return user


class AdminUserPasswordForm(RevokingPasswordFormMixin, auth_forms.AdminPasswordChangeForm):
    """The admin's "set password" form for any user."""


class AdminOwnPasswordForm(RevokingPasswordFormMixin, admin_forms.AdminPasswordChangeForm):
    """The admin's "change my password" form."""
