from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Team accounts"

    def ready(self):
        from accounts import schema  # noqa: F401  (registers the OpenAPI auth extension)


class StudioAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with accounts.admin_site.StudioAdminSite as `admin.site`
    (INSTALLED_APPS names this instead of "django.contrib.admin")."""

    default = False  # not the config of the accounts app itself
    default_site = "accounts.admin_site.StudioAdminSite"
