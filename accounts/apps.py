from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Team accounts"

    def ready(self):
        from accounts import roles, schema  # noqa: F401  (schema registers the OpenAPI auth extension)

        # Infrastructure, not a rule: the groups' permissions exist only after Django's own
        # post_migrate has made them, so the role policy is (re)applied there, once per migrate
        # (accounts.roles). A new model or app gets its permissions into the groups this way.
        post_migrate.connect(roles.role_policy_sync_after_migrate, sender=self, dispatch_uid="accounts.role_policy")


class StudioAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with accounts.admin_site.StudioAdminSite as `admin.site`
    (INSTALLED_APPS names this instead of "django.contrib.admin")."""

    default = False  # not the config of the accounts app itself
    default_site = "accounts.admin_site.StudioAdminSite"
