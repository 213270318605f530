"""System checks of the deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_private_targets(app_configs, **kwargs):
    if getattr(settings, "WEBHOOK_ALLOW_PRIVATE_TARGETS", False):
        return [
            Warning(
                "WEBHOOK_ALLOW_PRIVATE_TARGETS is on: webhooks may POST to http:// and to this server's own "
                "network (loopback, private and link-local addresses, the cloud's metadata service).",
                hint="Unset WEBHOOK_ALLOW_PRIVATE_TARGETS in production; it is for development and test suites.",
                id="studio.W101",
            )
        ]
    return []
