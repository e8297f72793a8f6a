"""Supportdesk settings: the only module that reads the environment.

With no environment set, everything runs embedded under ``var/``: SQLite, a file-system Celery
broker, a local-memory cache and e-mail printed to the console. Production (``DJANGO_DEBUG``
false) refuses to start without a secret key and turns on every ``check --deploy`` hardening.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from supportdesk import languages

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false.")
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production-0123456789abcdef"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "supportdesk.apps.WorkspaceAdminConfig",  # django.contrib.admin, as the agent workspace
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "tickets",
    "knowledgebase",
    "safety",
    "assistant",
]

MIDDLEWARE = [
    # First: refuses bodies and charsets that anything below would choke on.
    "supportdesk.request_guard.RequestGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.StaffTwoFactorMiddleware",
    "accounts.middleware.KnownDeviceMiddleware",
    "supportdesk.write_limits.WriteLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "supportdesk.urls"
WSGI_APPLICATION = "supportdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite in var/ by default; DATABASE_URL (postgres://...) in production and integration tests.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'supportdesk.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let the web server and the Celery worker write side by side.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # An unreachable host fails in seconds, inside gunicorn's worker timeout (DATABASE_URL may override).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailOrUsernameBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "tickets:mine"
# Where staff land after signing in (the admin's form or the site's) when they asked for no page.
STAFF_LOGIN_REDIRECT_URL = "admin:tickets_ticket_changelist"
LOGOUT_REDIRECT_URL = "home"

# How long the links we mail stay valid: confirming an address, and resetting a password.
EMAIL_VERIFICATION_MAX_AGE = env.int("EMAIL_VERIFICATION_MAX_AGE", default=7 * 24 * 3600)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=2 * 3600)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Cache and Celery -----------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis outage must not fail requests: throttles and caches degrade to "miss".
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    BROKER_DIR = VAR_DIR / "broker"
    for sub in ("queue", "processed"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
    }

CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_TIMEZONE = "UTC"
# Publishing must not hang a request when the broker is down: fail fast, the outbox retries.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The outbox relay: how often beat hands unsent notifications to the workers.
NOTIFICATION_DISPATCH_SECONDS = env.float("NOTIFICATION_DISPATCH_SECONDS", default=2.0)
# How long a process may use its cached ticket types, teams, rules and SLA policies before
# rereading them: admin edits reach every worker within this many seconds.
REFERENCE_DATA_TTL = env.float("REFERENCE_DATA_TTL", default=30.0)
# The SLA sweep: how often beat runs it and how many timers one transaction takes.
SLA_SWEEP_SECONDS = env.float("SLA_SWEEP_SECONDS", default=30.0)
SLA_SWEEP_BATCH = env.int("SLA_SWEEP_BATCH", default=1000)
CELERY_BEAT_SCHEDULE = {
    "sla-sweep": {
        "task": "tickets.sla_sweep",
        "schedule": SLA_SWEEP_SECONDS,
        # A sweep that missed its slot is replaced by the next one, never queued up behind it.
        "options": {"expires": max(SLA_SWEEP_SECONDS * 2, 10)},
    },
    "held-screenshots-purge": {
        "task": "tickets.held_screenshots_purge",
        "schedule": 3600.0,
        "options": {"expires": 1800},
    },
    "close-solved": {
        "task": "tickets.close_solved",
        "schedule": 3600.0,
        "options": {"expires": 1800},
    },
    "notifications-dispatch": {
        "task": "tickets.notifications_dispatch",
        "schedule": NOTIFICATION_DISPATCH_SECONDS,
        "options": {"expires": max(NOTIFICATION_DISPATCH_SECONDS * 5, 10)},
    },
    "assistant-retention": {
        "task": "assistant.conversations_retention",
        "schedule": 300.0,
        "options": {"expires": 600},
    },
}
# The assistant: a conversation with no message for this long is closed; conversations are
# deleted this many days after their last message (a ticket keeps its own transcript).
ASSISTANT_IDLE_CLOSE_MINUTES = env.int("ASSISTANT_IDLE_CLOSE_MINUTES", default=60)
ASSISTANT_RETENTION_DAYS = env.int("ASSISTANT_RETENTION_DAYS", default=90)

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
    EMAIL_FILE_PATH = env.str("DJANGO_EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Supportdesk <support@supportdesk.example>")
SUPPORT_SITE_URL = env.str("SUPPORT_SITE_URL", default="http://127.0.0.1:8000")

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = languages.SETTINGS
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
# Uploads are private: nothing serves MEDIA_ROOT directly, screenshots go through a view that
# checks the ticket permission.
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads: five screenshots of at most 5 MB each, plus form fields.
SCREENSHOT_MAX_BYTES = 5 * 1024 * 1024
SCREENSHOT_MAX_PIXELS = 40_000_000
SCREENSHOT_MAX_PER_REQUEST = 5
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
REQUEST_MAX_BYTES = 32 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- REST framework -------------------------------------------------------------------------
# How many reverse proxies in front of Django append to X-Forwarded-For. Throttles and the sign-in
# limits take the client's address from there only that deep; 0 trusts no header (REMOTE_ADDR),
# so a client cannot name its own address. docker compose sets 1 (the TLS proxy).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Every write has a limit (README, "Security"). DRF's notation: "30/min", "10/hour", "5/15m".
THROTTLE_RATES = {
    # The REST API's defaults: per address for anonymous clients, per account otherwise.
    "anon": env.str("THROTTLE_ANON", default="60/min"),
    "user": env.str("THROTTLE_USER", default="600/min"),
    # The floor under every other write on the site and the admin (POST, PUT, PATCH, DELETE).
    "site_write": env.str("THROTTLE_SITE_WRITE", default="120/min"),
    "ticket_create": env.str("THROTTLE_TICKET_CREATE", default="30/min"),
    "reference_lookup": env.str("THROTTLE_REFERENCE_LOOKUP", default="120/min"),
    # New emergency tickets per address; a repeat for the same e-mail folds into the open one for free.
    "freeze": env.str("THROTTLE_FREEZE", default="10/hour"),
    "reply": env.str("THROTTLE_REPLY", default="60/hour"),
    "kb_feedback": env.str("THROTTLE_KB_FEEDBACK", default="30/hour"),
    "signup": env.str("THROTTLE_SIGNUP", default="10/hour"),
    "signup_existing": env.str("THROTTLE_SIGNUP_EXISTING", default="1/hour"),
    "verify_resend": env.str("THROTTLE_VERIFY_RESEND", default="3/hour"),
    "password_reset": env.str("THROTTLE_PASSWORD_RESET", default="10/hour"),
    "password_reset_email": env.str("THROTTLE_PASSWORD_RESET_EMAIL", default="3/hour"),
    # "Is this an official channel?" (GET /api/v1/verify/), per client address.
    "verify": env.str("THROTTLE_VERIFY", default="60/min"),
    # The secret guard's check while someone types (the page asks at most every second or so).
    "guard_check": env.str("THROTTLE_GUARD_CHECK", default="120/min"),
    # Reports of fake channels, per address (a report of a channel already reported adds to it).
    "verify_report": env.str("THROTTLE_VERIFY_REPORT", default="20/hour"),
    # The assistant's messages and handoffs, per account or address.
    "assistant": env.str("THROTTLE_ASSISTANT", default="30/min"),
    "assistant_handoff": env.str("THROTTLE_ASSISTANT_HANDOFF", default="10/hour"),
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "supportdesk.api.authentication.TokenAuthentication",
        "supportdesk.api.authentication.BearerAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "supportdesk.api.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "supportdesk.api.pagination.BoundedPageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_THROTTLE_CLASSES": [
        "supportdesk.api.throttling.AnonRateThrottle",
        "supportdesk.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": THROTTLE_RATES,
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "EXCEPTION_HANDLER": "supportdesk.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Supportdesk API",
    "DESCRIPTION": "Tickets, knowledge base and assistant for the exchange's customer support.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
}

# --- Security -------------------------------------------------------------------------------
# A solved ticket takes the requester's reply (and reopens) for this many days, then closes for good.
SOLVED_REOPEN_DAYS = env.int("SOLVED_REOPEN_DAYS", default=7)
# The promise of the freeze page, its e-mail and the account-compromised article: security acts within this.
FREEZE_WITHIN_MINUTES = env.int("FREEZE_WITHIN_MINUTES", default=15)
# A ticket form refused by the server keeps its screenshots this long for the retry.
SCREENSHOT_HOLD_MINUTES = env.int("SCREENSHOT_HOLD_MINUTES", default=60)

# A guest's signed link to their ticket expires after this many days; every e-mail carries a new one.
GUEST_LINK_MAX_AGE_DAYS = env.int("GUEST_LINK_MAX_AGE_DAYS", default=30)
# Staff sign in with a password and a TOTP code (accounts.two_factor); required in production.
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "Supportdesk"
# Nobody, admins included, reads another person's authenticator secret or its QR code in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy on every page, the admin and the API docs included (django-csp): scripts,
# styles, images and connections from our own origin only (images also as data: URIs, for inline
# icons, and as blob: URLs for the preview of a screenshot the person is about to upload, which
# only their own page can create), no plug-ins, no framing, forms post only to us. No page has an
# inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "routine_tasks": {"()": "supportdesk.logfilters.QuietRoutineTasks"},
        "credentials": {"()": "supportdesk.logfilters.ScrubCredentials"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["routine_tasks", "credentials"],
        },
        # runserver's access log ("GET /en/tickets/SD-…/?token=… 302"), without the credentials.
        "access": {"class": "logging.StreamHandler", "filters": ["credentials"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}
