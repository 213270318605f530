"""Settings shared by every environment. Everything that varies comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE

from common.email_url import anymail_settings, is_anymail_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-local-development-key-change-me-0123456789abcdef")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_EXPOSE_HEADERS = ["ETag"]
CORS_ALLOW_HEADERS = (
    "accept",
    "authorization",
    "content-type",
    "if-match",
    "idempotency-key",
    "origin",
    "user-agent",
)

INSTALLED_APPS = [
    "accounts.apps.StudioAdminConfig",  # django.contrib.admin, its login under the login policy
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "csp",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "common",
    "events",
    "accounts",
    "studio",
    "inventory",
    "customers",
    "orders",
    "measurements",
    "media_assets",
    "sync",
    "webhooks",
    "documents",
    "messaging",
    "appointments",
    "demo",
]

MIDDLEWARE = [
    "common.logging.RequestLogMiddleware",
    "common.middleware.Utf8RequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]
if env.bool("BENCH_COUNT_QUERIES", default=False):  # `make bench` only: X-Query-Count header
    MIDDLEWARE.insert(0, "bench.query_count.QueryCountMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite file in the project by default (zero setup); DATABASE_URL=mysql://... in
# production. MySQL/MariaDB runs with utf8mb4, strict mode and READ COMMITTED, so a row read
# after select_for_update() is the committed one.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.mysql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "charset": "utf8mb4",
            "init_command": "SET sql_mode='STRICT_TRANS_TABLES'",
            "isolation_level": "read committed",
        }
    )
    DATABASES["default"]["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads write at once under runserver/gunicorn: take the write lock when the
    # transaction starts (no lock-upgrade "database is locked"), wait for it, and let readers
    # go on during writes (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if env("TEST_DATABASE_NAME", default=""):
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env("TEST_DATABASE_NAME")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Cache: shared by every process (login throttling, idempotency) when CACHE_URL/REDIS_URL is
# set, e.g. redis://127.0.0.1:6379/0. Local memory otherwise (one process only).
_cache_url = env("CACHE_URL", default="") or env("REDIS_URL", default="")
if _cache_url:
    CACHES = {"default": env.cache_url_config(_cache_url)}
    if CACHES["default"]["BACKEND"] in ("django_redis.cache.RedisCache", "django.core.cache.backends.redis.RedisCache"):
        # redis:// and rediss:// (django-environ names django-redis or Django's own backend, by
        # version): Django's own Redis backend (no extra package), made to answer misses instead
        # of 500s while Redis is down, with short socket timeouts so a black-holed Redis holds no
        # request for long (common.cache; README "When Redis is down").
        CACHES["default"]["BACKEND"] = "common.cache.ResilientRedisCache"
        CACHES["default"]["OPTIONS"] = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The table Django's database cache uses (created by common's migration 0002), production's
# shared cache when neither CACHE_URL nor REDIS_URL is set.
CACHE_TABLE = "studio_cache"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="UTC")
# The currency the studio prices in: shown with every amount in the admin (amounts are stored
# as plain decimals; there is one currency per studio).
STUDIO_CURRENCY = env("STUDIO_CURRENCY", default="NGN")
# A phone number typed without a country code is read in this region (ISO 3166 code).
DEFAULT_PHONE_REGION = env("DEFAULT_PHONE_REGION", default="NG")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "common.storage.StudioStaticFilesStorage"},
}
# Style images in a private S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, Scaleway…)
# when AWS_STORAGE_BUCKET_NAME is set; credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.
# The objects are private (no public ACL) and the API streams them to authenticated staff.
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "location": env("AWS_LOCATION", default="media"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# Uploaded pictures are private: MEDIA_ROOT is never served by URL, only by the authenticated
# /api/v1/style-images/{id}/file/ view.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = None

# Request bodies: JSON bodies above 2.5 MB are refused; uploads are checked by the upload view.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.StudioTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.permissions.IsStudioStaff"],
    "DEFAULT_PAGINATION_CLASS": "common.pagination.StudioPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "common.filters.StudioFilterBackend",
        "common.filters.StudioSearchFilter",
        "common.filters.StudioOrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "common.renderers.StudioJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # JSON in and out; the picture upload view takes multipart itself.
    "DEFAULT_PARSER_CLASSES": ["common.parsers.StudioJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "common.negotiation.StudioContentNegotiation",
    "DEFAULT_THROTTLE_CLASSES": ["accounts.throttles.StaffRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "staff": env("USER_THROTTLE_RATE", default="3000/min"),
        "login": env("LOGIN_THROTTLE_RATE", default="10/min"),
        "login_username": env("LOGIN_USERNAME_THROTTLE_RATE", default="5/min"),
        "tracking": env("TRACKING_THROTTLE_RATE", default="60/min"),
    },
    "DEFAULT_SCHEMA_CLASS": "common.schema.StudioAutoSchema",
    "EXCEPTION_HANDLER": "common.exceptions.studio_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "COERCE_DECIMAL_TO_STRING": True,
    # Client address for throttling: the first proxy hop we trust (NUM_PROXIES behind a LB).
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}

# Hashed (SHA-512), expiring, per-device tokens.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.float("TOKEN_TTL_HOURS", default=24)),
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_LIMIT_PER_USER": env.int("TOKEN_LIMIT_PER_USER", default=None),
    "AUTO_REFRESH": False,
}

# Content-Security-Policy on every answer (django-csp): the admin, Swagger UI, ReDoc and the
# browsable API load scripts, styles, fonts and images from this server only. No inline script
# runs anywhere (Swagger UI's initialiser is a separate script, SpectacularSwaggerSplitView);
# styles may be inline because Swagger UI and ReDoc set them from their scripts; ReDoc renders
# its search index in a blob: worker; images include the data: URIs of the admin's icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Fashion Designer Order & Client Management API",
    "DESCRIPTION": (
        "Stock, customers, measurements, style pictures, orders, payments and the team of a "
        "fashion design studio. Authenticate with `Authorization: Token <token>` from "
        "`POST /api/v1/auth/login/`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # validatorUrl None: Swagger UI never fetches its validator badge from validator.swagger.io
    # (it shows none for an OpenAPI 3 schema today; for others it skips it only on localhost).
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": True, "validatorUrl": None},
    # API clients authenticate with tokens; the session cookie is only for the browsable API.
    "AUTHENTICATION_WHITELIST": ["accounts.authentication.StudioTokenAuthentication"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.schema.add_standard_error_responses",
        "common.schema.require_always_sent_fields",
        "common.schema.reuse_enums_in_parameters",
    ],
    # One component per model enum, named for the model's choices; the filter parameters refer to
    # the same components (common.schema.reuse_enums_in_parameters).
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "orders.models.OrderStatus",
        "PaymentStatusEnum": "orders.models.PaymentStatus",
        "PaymentMethodEnum": "orders.models.PaymentMethod",
        "InventoryUnitEnum": "inventory.models.Unit",
        "InventoryChangeReasonEnum": "inventory.models.ChangeReason",
        "MeasurementUnitEnum": "measurements.models.MeasurementUnit",
        "RoleEnum": "accounts.models.Role",
        "EventTypeEnum": "events.types.EventType",
        "ReportGroupByEnum": "documents.reports.GroupBy",
        "NotifyByEnum": "customers.models.NotifyBy",
        "MessageChannelEnum": "messaging.models.Channel",
        "MessageStatusEnum": "messaging.models.MessageStatus",
        "MessageTriggerEnum": "messaging.models.MessageTrigger",
        "TemplateTriggerEnum": "messaging.models.Trigger",
        "AppointmentStatusEnum": "appointments.models.AppointmentStatus",
        "AppointmentKindEnum": "appointments.models.AppointmentKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "common.logging.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # The request middleware logs every request once, structured; Django's own access
        # warnings would repeat them.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
    },
}

# The studio's name on its screens (the browsable API's title and brand, the admin's header).
STUDIO_NAME = env("STUDIO_NAME", default="Fashion Studio")

# Offline sync (sync/cursor.py): deletions are kept this many days (older cursors answer 410);
# an id a cursor skipped is looked for this long (the longest a transaction may take).
SYNC_RETENTION_DAYS = env.int("SYNC_RETENTION_DAYS", default=90)
SYNC_GAP_SECONDS = env.int("SYNC_GAP_SECONDS", default=600)
# Where customers reach this server: the origin of the tracking links (https://studio.example.com).
# Empty: the host of the request that makes the link.
SITE_URL = env("SITE_URL", default="")

# The browsable API's login (/api-auth/login/) without ?next= lands on the API root.
LOGIN_REDIRECT_URL = "api-root"

DEMO_USERNAME = "lead"
DEMO_PASSWORD = "studio-demo-2026"

# Webhooks (webhooks app, events.md): signing secrets are encrypted at rest with a key derived
# from WEBHOOK_SECRET_KEY (changing it makes the stored secrets unreadable: rotate them after).
WEBHOOK_SECRET_KEY = env("WEBHOOK_SECRET_KEY", default=SECRET_KEY)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_RETRY_BASE_SECONDS = env.int("WEBHOOK_RETRY_BASE_SECONDS", default=60)
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
# Lifts "https only, public addresses only" (development and test suites; a deploy check warns).
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)
# --- customer messages and the worker (messaging, config/celery.py) -----------------------
# Email through Django's email framework: django-environ's EMAIL_URL (smtp+tls://user:pass@host:587,
# consolemail://, filemail:////var/mail/studio), or a provider's API through django-anymail
# (anymail://mailgun?api_key=…&sender_domain=…, see common/email_url.py).
# A provider that does not answer within MESSAGE_SEND_TIMEOUT_SECONDS is retried later: email
# waits no longer than SMS and WhatsApp (SMTP's socket, Anymail's HTTP requests).
MESSAGE_SEND_TIMEOUT_SECONDS = env.float("MESSAGE_SEND_TIMEOUT_SECONDS", default=10)
_email_url = env("EMAIL_URL", default="consolemail://")
if is_anymail_url(_email_url):
    vars().update(anymail_settings(_email_url, requests_timeout=MESSAGE_SEND_TIMEOUT_SECONDS))
else:
    vars().update(env.email_url_config(_email_url))
EMAIL_TIMEOUT = MESSAGE_SEND_TIMEOUT_SECONDS
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="studio@localhost")
# SMS and WhatsApp: console://, file:///folder (one JSON file per message) or
# twilio://ACCOUNT_SID:AUTH_TOKEN@?from=+15551234567 (Twilio's Messages API at TWILIO_API_BASE).
SMS_URL = env("SMS_URL", default="console://")
WHATSAPP_URL = env("WHATSAPP_URL", default="console://")
TWILIO_API_BASE = env("TWILIO_API_BASE", default="https://api.twilio.com")
MESSAGE_MAX_ATTEMPTS = env.int("MESSAGE_MAX_ATTEMPTS", default=5)
MESSAGE_RETRY_BASE_SECONDS = env.float("MESSAGE_RETRY_BASE_SECONDS", default=30)
BALANCE_REMINDER_DAYS = env.int("BALANCE_REMINDER_DAYS", default=3)
# An appointment's reminder goes this many hours before it starts (one booked closer: at once).
APPOINTMENT_REMINDER_HOURS = env.int("APPOINTMENT_REMINDER_HOURS", default=24)
# The worker: the database is the outbox. Each worker sweeps it every WORKER_SWEEP_SECONDS
# (timed work is picked up within a minute of falling due) and at once when nudged through the
# broker after a message commits. A claim holds WORKER_SWEEP_LIMIT messages for
# MESSAGE_CLAIM_LEASE_SECONDS (more than a batch at the send time-out): a killed worker's
# claims are sent by another worker after it.
WORKER_SWEEPS = env.list(
    "WORKER_SWEEPS",
    default=[
        "messaging.triggers.messages_create_due",
        "messaging.services.messages_send_due",
        "webhooks.services.webhook_deliveries_send_due",
    ],
)
WORKER_SWEEP_SECONDS = env.float("WORKER_SWEEP_SECONDS", default=15)
WORKER_SWEEP_LIMIT = env.int("WORKER_SWEEP_LIMIT", default=20)
MESSAGE_CLAIM_LEASE_SECONDS = env.float("MESSAGE_CLAIM_LEASE_SECONDS", default=300)
WORKER_NUDGE = env.bool("WORKER_NUDGE", default=True)
# Celery: BROKER_URL, else REDIS_URL, else kombu's filesystem transport in var/celery (no server).
CELERY_BROKER_URL = env("BROKER_URL", default="") or env("REDIS_URL", default="") or "filesystem://localhost/"
CELERY_FILESYSTEM_FOLDER = Path(env("CELERY_FILESYSTEM_FOLDER", default=str(BASE_DIR / "var" / "celery")))
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_FOLDER / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_FOLDER / "queue"),
        "control_folder": str(CELERY_FILESYSTEM_FOLDER / "control"),
    }
else:
    # A nudge never waits long for a broker that is down: the sweep sends the message anyway.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5, "max_retries": 0}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The console email backend prints each email to the worker's console as it is.
CELERY_WORKER_REDIRECT_STDOUTS = False
