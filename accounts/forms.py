"""The login forms of the admin and the browsable API, under the one login policy."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

LOGIN_REFUSED = "Too many login attempts. Try again in %(wait)d seconds."


class LoginPolicyFormMixin:
    """Shows the login policy's refusal (accounts.login_policy.guard_form_login) as the
    form's error, without checking the password: a refused attempt learns nothing."""

    def clean(self):
        wait = getattr(self.request, "login_refused_for", None)
        if wait is not None:
            raise ValidationError(LOGIN_REFUSED, code="throttled", params={"wait": wait})
        return super().clean()


class SessionLoginForm(LoginPolicyFormMixin, AuthenticationForm):
    pass


class AdminLoginForm(LoginPolicyFormMixin, AdminAuthenticationForm):
    pass
