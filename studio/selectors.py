from django.conf import settings

from studio.models import PROFILE_ID, StudioProfile


def profile_defaults() -> dict:
    """The profile an installation starts with, from the environment."""
    return {"name": settings.STUDIO_NAME, "currency": settings.STUDIO_CURRENCY}


def studio_profile() -> StudioProfile:
    """The studio's profile (made with the defaults if a database lacks it)."""
    profile, _created = StudioProfile.objects.get_or_create(pk=PROFILE_ID, defaults=profile_defaults())
    return profile
