"""The admin's and the browsable API's login and password forms, under the accounts rules."""

from django.contrib.admin import forms as admin_forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError

from accounts import services
from accounts.login_policy import LOGIN_UNAVAILABLE

LOGIN_REFUSED = "Too many login attempts. Try again in %(wait)d seconds."


class LoginPolicyFormMixin:
    """Shows the login policy's refusal (accounts.login_policy.guard_form_login) as the
    form's error, without checking the password: a refused attempt learns nothing."""

    def clean(self):
        if getattr(self.request, "login_unavailable", False):
            raise ValidationError(LOGIN_UNAVAILABLE, code="login_unavailable")
        wait = getattr(self.request, "login_refused_for", None)
        if wait is not None:
            raise ValidationError(LOGIN_REFUSED, code="throttled", params={"wait": wait})
        return super().clean()


class SessionLoginForm(LoginPolicyFormMixin, auth_forms.AuthenticationForm):
    pass


class AdminLoginForm(LoginPolicyFormMixin, admin_forms.AdminAuthenticationForm):
    pass


class AdminUserPasswordForm(auth_forms.AdminPasswordChangeForm):
    """The admin's "set password" form for any user: saved by accounts.services.user_password_set,
    so the user's tokens and sessions end as through the API (the admin's view then re-signs
    the session of a lead who set their own, as Django's does)."""

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        password = self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"] else None
        return services.user_password_set(actor=None, user=self.user, password=password)


class AdminOwnPasswordForm(admin_forms.AdminPasswordChangeForm):
    """The admin's "change my password" form: accounts.services.password_change, as the API's
    /auth/password/ (every token and every other session end; Django's view re-signs this one)."""

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        services.password_change(
            actor=self.user,
            old_password=self.cleaned_data["old_password"],
            new_password=self.cleaned_data["new_password1"],
            keep_token_key=None,
        )
        return self.user
