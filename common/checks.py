"""System checks of the deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Login limits, throttles and idempotency keys live in the default cache: one that each
    process keeps for itself multiplies every limit by the number of workers."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PER_PROCESS_CACHES:
        return [
            Warning(
                f"The default cache ({backend}) is private to each process: login limits and throttles "
                "would multiply by the number of gunicorn workers and servers.",
                hint="Set CACHE_URL=redis://… or leave it unset under config.settings.production, "
                "which then uses the database cache.",
                id="studio.W001",
            )
        ]
    return []
