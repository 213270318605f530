"""Production: secrets required, HTTPS enforced, nothing defaulted that would be unsafe."""

from .base import *  # noqa: F403
from .base import CACHE_TABLE, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# Behind a proxy/load balancer that terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Login limits and throttles count in the cache: a per-process cache would give each gunicorn
# worker its own allowance. Without CACHE_URL/REDIS_URL production uses Django's database
# cache (no extra server; the table comes with `migrate`); Redis when configured.
if not (env("CACHE_URL", default="") or env("REDIS_URL", default="")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}}

# Static files from STATIC_ROOT (collectstatic, hashed names), and from the apps' static folders
# for any that were not collected, so a page never loses its stylesheet.
WHITENOISE_USE_FINDERS = True
