"""Settings for 售后服务管理系统.

Everything an operator may change comes from environment variables (docs/configuration.md);
the defaults run on a laptop: DEBUG on, SQLite under ``AFTERSALES_DATA_DIR``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

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
    "django.contrib.postgres",  # SearchVectorField (ticket search); harmless on SQLite
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
    "aftersales.frontdesk",
    "aftersales.fees",
    "aftersales.handover",
    "aftersales.portal",
    "aftersales.care",
]

MIDDLEWARE = [
    "aftersales.api.errors.JsonErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "aftersales.core.middleware.ClientAddressMiddleware",
    "aftersales.core.middleware.LanguageMiddleware",
    "aftersales.core.cached.RefreshAfterResponseMiddleware",
    "aftersales.api.middleware.RejectNulMiddleware",
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "aftersales.core.context.menu",
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
elif "postgresql" in DATABASES["default"]["ENGINE"] and not env_bool("DB_JIT", False):
    # The pages' queries are short: PostgreSQL's JIT compiler would spend more time compiling a
    # count over the open tickets than running it (DB_JIT=true turns it back on).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache (Redis when REDIS_URL is set; shared by several app servers) --------------------
REDIS_URL = env_str("REDIS_URL", "")
# How long a bearer token (with its user's roles and scope) may be served from the cache; with a
# per-process cache another server sees a revoked token or role within this time (0: no cache).
API_AUTH_CACHE_SECONDS = env_int("API_AUTH_CACHE_SECONDS", 10)
# How long the dashboard, the analyses and the warnings are shared by people of the same data
# scope (aftersales.core.cached.per_scope); 0: always computed afresh.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A cache call that cannot reach Redis fails within seconds instead of holding the
            # request until the app server's timeout kills its worker.
            "OPTIONS": {
                "socket_connect_timeout": env_int("REDIS_TIMEOUT_SECONDS", 3, minimum=1),
                "socket_timeout": env_int("REDIS_TIMEOUT_SECONDS", 3, minimum=1),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- background tasks ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- stuck work ------------------------------------------------------------------------------
# An unfinished Idempotency-Key claim older than this is free again (its request is gone): keep it
# above the app server's request timeout (gunicorn: --timeout, 30 s by default).
IDEMPOTENCY_CLAIM_SECONDS = env_int("IDEMPOTENCY_CLAIM_SECONDS", 60)
# Background runs still "running" (or queued) after this long are failed or put back in the
# queue by the periodic stale-run recovery; see aftersales.core.tasks.STALE_RUNS.
EXPORT_STALE_SECONDS = env_int("EXPORT_STALE_SECONDS", 1800)
IMPORT_STALE_SECONDS = env_int("IMPORT_STALE_SECONDS", 1800)
TASK_STALE_SECONDS = env_int("TASK_STALE_SECONDS", 600)
# How often the scheduler runs that recovery.
STALE_RUN_RECOVERY_SECONDS = env_int("STALE_RUN_RECOVERY_SECONDS", 60)

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
# Repeated failed logins for one username lock it for a while (R-ORG-4); many failures from one
# address lock that address for usernames that failed or do not exist, never for a user who has
# not failed (an office behind one NAT address is not locked out by one person's guessing).
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_MAX_FAILURES_PER_ADDRESS = env_int("LOGIN_MAX_FAILURES_PER_ADDRESS", 50, minimum=1)
LOGIN_LOCK_MINUTES = env_int("LOGIN_LOCK_MINUTES", 15, minimum=1)
# Reverse proxies in front of the application that append the client's address to
# X-Forwarded-For (nginx: $proxy_add_x_forwarded_for). 0: trust none, the client is REMOTE_ADDR.
AFTERSALES_TRUSTED_PROXIES = env_int("AFTERSALES_TRUSTED_PROXIES", 0, minimum=0)
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
    # Browsers keep to HTTPS for this long after one HTTPS answer (0: no HSTS header).
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)

# Content Security Policy (Django's ContentSecurityPolicyMiddleware), on by default in
# production. Everything the pages load is served from here (vendored, no CDN). Scripts: files
# of this site or an inline <script nonce="{{ csp_nonce }}">; 'unsafe-eval' because Alpine.js
# (standard build) evaluates its x-data/x-on expressions with Function(). Style elements: files
# or a nonce; style attributes are allowed (Alpine's x-show, ECharts' tooltips, progress bars),
# and browsers without style-src-elem/-attr fall back to style-src.
CSP_ENABLED = env_bool("CSP_ENABLED", not DEBUG)
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)
CSP_POLICY = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE, CSP.UNSAFE_EVAL],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src-elem": [CSP.SELF, CSP.NONCE],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Extra sources per directive, e.g. {"img-src": ["https://files.example.com"]} for photos kept in
# object storage on another host.
for _directive, _sources in env_json("CSP_EXTRA_SOURCES", {}).items():
    if not isinstance(_sources, list) or not all(isinstance(x, str) for x in _sources):
        raise ImproperlyConfigured("CSP_EXTRA_SOURCES must map directives to lists of sources")
    CSP_POLICY[_directive] = [*CSP_POLICY.get(_directive, []), *_sources]
if _report_uri := env_str("CSP_REPORT_URI", ""):
    CSP_POLICY["report-uri"] = [_report_uri]
if CSP_ENABLED:
    if CSP_REPORT_ONLY:
        SECURE_CSP_REPORT_ONLY = CSP_POLICY
    else:
        SECURE_CSP = CSP_POLICY

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
