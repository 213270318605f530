"""Test run: fast hashing, temporary media, local cache, no network."""

import tempfile

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="studio-test-media-")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "staff": "100000/min",
    },
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Tests call the sweeps themselves; the nudge's own test turns it on.
WORKER_NUDGE = False
SMS_URL = "console://"
WHATSAPP_URL = "console://"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
