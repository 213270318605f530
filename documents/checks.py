"""System checks of the deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    if not getattr(settings, "SITE_URL", ""):
        return [
            Warning(
                "SITE_URL is not set: the worker renders the customers' messages without a request, so their "
                "{tracking_url} links would point at http://localhost:8000.",
                hint="Set SITE_URL to the origin customers reach this server at, e.g. https://studio.example.com.",
                id="studio.W201",
            )
        ]
    return []
