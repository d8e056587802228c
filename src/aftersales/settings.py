"""Settings for 售后服务管理系统.

Everything an operator may change comes from environment variables (docs/configuration.md);
the defaults run on a laptop: DEBUG on, SQLite under ``AFTERSALES_DATA_DIR``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from aftersales.core.env import env_bool, env_int, env_json, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("AFTERSALES_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_tasks_db",
    "aftersales.core",
    "aftersales.accounts",
    "aftersales.estates",
    "aftersales.tickets",
    "aftersales.notify",
    "aftersales.costs",
    "aftersales.reports",
    "aftersales.analysis",
    "aftersales.attachments",
]

MIDDLEWARE = [
    "aftersales.api.errors.JsonErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "aftersales.core.middleware.LanguageMiddleware",
    "aftersales.core.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "aftersales.api.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "aftersales.urls"
WSGI_APPLICATION = "aftersales.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "aftersales.accounts.context.menu",
                "aftersales.core.context.calendar_warning",
                "aftersales.notify.context.unread",
            ],
        },
    }
]

# --- database -------------------------------------------------------------------------------
_default_sqlite = DATA_DIR / "aftersales.sqlite3"
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{_default_sqlite}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # IMMEDIATE: a writing transaction takes the write lock at BEGIN, so two writers
            # queue on busy_timeout instead of failing with "database is locked" mid-way.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache (Redis when REDIS_URL is set; shared by several app servers) --------------------
REDIS_URL = env_str("REDIS_URL", "")
# How long a bearer token (with its user's roles and scope) may be served from the cache; with a
# per-process cache another server sees a revoked token or role within this time (0: no cache).
API_AUTH_CACHE_SECONDS = env_int("API_AUTH_CACHE_SECONDS", 10)
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- background tasks ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- auth and security ----------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Repeated failed logins for one username (or from one address) lock it for a while (R-ORG-4).
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCK_MINUTES = env_int("LOGIN_LOCK_MINUTES", 15)
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 30)

SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 12) * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)

# --- language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
with contextlib.suppress(OSError):  # whitenoise warns at start when the folder is missing
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Photos and files attached to tickets (R-TKT-4, R-DSP-2/6): largest file, most per ticket.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 10) * 1024 * 1024
ATTACHMENT_MAX_PER_TICKET = env_int("ATTACHMENT_MAX_PER_TICKET", 60)

# --- product settings -----------------------------------------------------------------------
# Business hours for deadlines counted in working hours (R-CAL-4), "HH:MM-HH:MM" ranges.
BUSINESS_HOURS = env_list("BUSINESS_HOURS", ["08:30-12:00", "13:30-17:30"])
# First and last year the built-in official calendar covers (R-CAL-1).
CALENDAR_SEED_YEARS = (2004, 2026)
# Key for protecting personal ID numbers at rest (R-EST-5); defaults to one derived from SECRET_KEY.
PII_KEY = env_str("PII_KEY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own config gives "django" a handler too; one line per message is enough.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_MAX_LIMIT = 200

# --- notifications (R-NTF) ------------------------------------------------------------------
# Delivery classes for customer messages; the default writes them to the log.
NOTIFY_SMS_BACKEND = env_str("NOTIFY_SMS_BACKEND", "aftersales.notify.backends.LogBackend")
NOTIFY_EMAIL_BACKEND = env_str("NOTIFY_EMAIL_BACKEND", "aftersales.notify.backends.LogBackend")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        },
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "aftersales@localhost")
# SMS providers (aftersales.notify.sms.AliyunSmsBackend / TencentSmsBackend).
SMS_ACCESS_KEY_ID = env_str("SMS_ACCESS_KEY_ID", "")
SMS_ACCESS_KEY_SECRET = env_str("SMS_ACCESS_KEY_SECRET", "")
SMS_SIGN_NAME = env_str("SMS_SIGN_NAME", "")
SMS_REGION = env_str("SMS_REGION", "")
SMS_SDK_APP_ID = env_str("SMS_SDK_APP_ID", "")
# {"ticket_registered": "SMS_123456"}: the product's template code → the provider's template id
SMS_TEMPLATES = env_json("SMS_TEMPLATES", {})
# Tencent only: the order of a template's variables, {"ticket_registered": ["number", "expected"]}
SMS_TEMPLATE_PARAMS = env_json("SMS_TEMPLATE_PARAMS", {})
# How often the scheduler enqueues the deadline sweep.
DEADLINE_SWEEP_SECONDS = env_int("DEADLINE_SWEEP_SECONDS", 300)

# --- costs (requirements §9) -------------------------------------------------------------------
# Spending approval by amount (R-CST-1): up to the first figure the service manager approves;
# up to the second the deputy chief engineer reviews and the deputy GM approves; above, the GM.
COST_APPROVAL_THRESHOLDS = tuple(env_list("COST_APPROVAL_THRESHOLDS", ["1000.00", "10000.00"]))
# Final accounts up to this amount are reviewed by customer service, above by audit (R-CST-2).
FINAL_ACCOUNT_AUDIT_ABOVE = env_str("FINAL_ACCOUNT_AUDIT_ABOVE", "20000.00")
# When set, a survey estimate at or above this amount needs an approved spending request
# before the work may start; unset, only a filed request (pending or rejected) holds it up.
SPENDING_REQUIRED_FROM = env_str("SPENDING_REQUIRED_FROM", "")
# Revolving funds (R-CST-4): name → holding department, each with this quota.
REVOLVING_FUND_QUOTA = env_str("REVOLVING_FUND_QUOTA", "100000.00")
