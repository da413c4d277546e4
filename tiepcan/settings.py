"""Django settings for TiếpCận: one module, fed by environment variables.

Development defaults need no services (SQLite file, local media folder,
console e-mail). ``TIEPCAN_ENV=production`` demands PostgreSQL and refuses to
start with DEBUG on or a placeholder secret; Redis and an S3-compatible store are
optional there (the database cache and media on the server's disk otherwise, which
is what one provincial VM runs). Every variable is documented in ``.env.example``
and ``docs/deployment.md``.
"""

from __future__ import annotations

from pathlib import Path

import botocore.config
import dj_database_url
import xstatic.pkg.bootstrap
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from tiepcan.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = env_choice("TIEPCAN_ENV", ("development", "test", "production"), "development")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
_PLACEHOLDER_PREFIXES = ("dev-insecure", "change-me", "changeme", "placeholder", "django-insecure")
SECRET_KEY = env_str("SECRET_KEY", "dev-insecure-key-for-local-use-only-never-in-production")

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("TIEPCAN_ENV=production refuses to start with DEBUG on.")
    if SECRET_KEY.lower().startswith(_PLACEHOLDER_PREFIXES) or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "TIEPCAN_ENV=production needs a real SECRET_KEY (at least 50 random characters)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "heroicons",
    "axes",
    "tiepcan.core",
    "tiepcan.units",
    "tiepcan.accounts",
    "tiepcan.frameworks",
    "tiepcan.plans",
    "tiepcan.assessments",
    "tiepcan.portal",
    "tiepcan.reports",
    "tiepcan.demo",
    "tiepcan.jobs",
    "tiepcan.api",
    # django-ninja: the API framework; its templates (overridden in tiepcan/api/templates/ninja/)
    # and its bundled swagger-ui static files serve the interactive docs without a CDN.
    "ninja",
    "tiepcan.workdays",
    "tiepcan.signatures",
    "tiepcan.paperwork",
    "tiepcan.ops",
]

MIDDLEWARE = [
    # First: everything after it (sign-in lockouts, rate limits, audit) sees the client's
    # address, not the proxy's (TRUSTED_PROXIES below).
    "tiepcan.ops.middleware.ForwardedClientMiddleware",
    "tiepcan.ops.middleware.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Compresses HTML and JSON; Django pads compressed responses against BREACH. Static files
    # are compressed ahead of time by WhiteNoise, which the middleware leaves alone, and so does
    # it with files compressed already (PDF, .docx, .xlsx, ZIP: tiepcan/core/middleware.py).
    "tiepcan.core.middleware.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "tiepcan.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tiepcan.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tiepcan.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, reading the person by one constant statement (tiepcan/accounts/signed_in.py).
    "tiepcan.accounts.signed_in.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tiepcan.core.middleware.RefuseNulBytesMiddleware",
    "tiepcan.core.middleware.ComposeTextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tiepcan.core.middleware.AuditContextMiddleware",
    "tiepcan.api.middleware.ApiAccessLogMiddleware",
    "tiepcan.accounts.middleware.PasswordChangeRequiredMiddleware",
    # Axes must come last: it inspects the response of the login view.
    "axes.middleware.AxesMiddleware",
]

# The reverse proxies whose X-Forwarded-For is believed (addresses or networks): nginx on the
# same machine by default. Where the proxy runs elsewhere (another VM, the compose network),
# name it here and in gunicorn's FORWARDED_ALLOW_IPS. docs/deployment.md, "Client addresses".
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES") or ["127.0.0.1", "::1"]

ROOT_URLCONF = "tiepcan.urls"
WSGI_APPLICATION = "tiepcan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tiepcan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tiepcan.accounts.context_processors.navigation",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "tiepcan.core.templatetags.tc",
                "tiepcan.core.templatetags.perms",
            ],
        },
    }
]

# --- Database ---------------------------------------------------------------
_default_db = f"sqlite:///{BASE_DIR / 'var' / 'tiepcan.sqlite3'}"
DATABASE_URL = env_str("DATABASE_URL", "" if PRODUCTION else _default_db)
if PRODUCTION and not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("TIEPCAN_ENV=production needs DATABASE_URL pointing at PostgreSQL.")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the demo server read while an import writes; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif not env_bool("DB_JIT", False):
    # PostgreSQL's JIT compiles a plan whose estimated cost passes a threshold: on the map's and the
    # dashboards' aggregates over the whole country that compiling took 26–110 ms, longer than the
    # query it sped up. Pages read summary rows by index; JIT stays off unless DB_JIT=true.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------
# Rate limits and locks live in the cache, so it must be shared by every process: Redis where
# the province runs it, otherwise a table in the database (created by tiepcan.ops' migration).
# Only tests keep a per-process memory cache. Sessions are in the database either way (below).
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
elif ENVIRONMENT == "test":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        # Django's database cache with a counter that locks its row (tiepcan/ops/cache.py).
        "default": {"BACKEND": "tiepcan.ops.cache.LockingDatabaseCache", "LOCATION": "tiepcan_cache"}
    }

# API rate limit per key (or signed-in person, or address for open data): requests per window,
# counted in the default cache, which production shares between processes (tiepcan/api/checks.py).
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120)
API_RATE_WINDOW = env_int("API_RATE_WINDOW_SECONDS", 60)
API_KEY_MAX_DAYS = env_int("API_KEY_MAX_DAYS", 365)
# Rows of the API access log older than this are deleted by the "prune-api-log" job.
API_LOG_KEEP_DAYS = env_int("API_LOG_KEEP_DAYS", 180)

# --- Authentication -----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if ENVIRONMENT == "test":
    # Argon2 costs ~50 ms a hash on purpose; tests create hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Sessions live in the database (backed up, shared by every app server). With Redis, Django's
# cached_db engine reads them from Redis first and writes through to the database: one database
# query less on every signed-in request, and a Redis restart signs nobody out. Without Redis the
# cache is itself a database table, so reading it first would save nothing. Never a per-process
# store: every app server must see the same sessions.
# Django's two engines, reading the row by one constant statement (tiepcan/accounts/session_engines/).
SESSION_ENGINE = (
    "tiepcan.accounts.session_engines.cached_db" if REDIS_URL else "tiepcan.accounts.session_engines.db"
)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; keep default
CSRF_FAILURE_VIEW = "tiepcan.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Only files served by the app itself run or style a page: no inline script, inline style,
# event-handler attribute or eval (htmx's allowEval is off in base.html). Bootstrap's and
# htmx's scripts set styles through the CSSOM, which the policy does not restrict.
# See docs/security.md before loosening any directive.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # Bootstrap's icons (the navbar toggler, the select arrow) are data: SVG images.
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features the app never uses, off for every page and frame ("()" = nobody).
_UNUSED_FEATURES = "accelerometer camera display-capture geolocation gyroscope hid magnetometer microphone midi payment serial usb"
PERMISSIONS_POLICY: dict[str, list[str]] = {feature: [] for feature in _UNUSED_FEATURES.split()}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Internationalisation --------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "tiepcan" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tiepcan.formats"]

# --- Sub-path --------------------------------------------------------------------
# Behind a provincial portal the app may live under a path such as /tiepcan/. The proxy strips
# the prefix (see deploy/nginx/tiepcan.conf); Django puts it back in every URL it writes.
URL_PREFIX = "/" + env_str("URL_PREFIX", "").strip("/")
if URL_PREFIX != "/":
    FORCE_SCRIPT_NAME = URL_PREFIX
    # Cookies stay within the app's path, away from the portal's other applications.
    SESSION_COOKIE_PATH = CSRF_COOKIE_PATH = LANGUAGE_COOKIE_PATH = URL_PREFIX + "/"

# --- Static and media files --------------------------------------------------------
# Written out with the sub-path: Django would prefix a relative URL with the script name of the
# first request, but WhiteNoise reads it at start-up, before any request (and then strips
# FORCE_SCRIPT_NAME itself to match request paths).
_PATH_PREFIX = URL_PREFIX.rstrip("/")
STATIC_URL = f"{_PATH_PREFIX}/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing folder
# Bootstrap comes from the xstatic package, never from a CDN: the app must work on a
# government intranet with no internet access.
STATICFILES_DIRS = [BASE_DIR / "tiepcan" / "static", ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR)]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Media is never served by URL: evidence and documents go through permission-checked views.
MEDIA_URL = f"{_PATH_PREFIX}/tep-tin/"

# Local media on the server's disk (backed up by ``manage.py backup``) is a valid production
# configuration for one VM; an S3-compatible store is for several app servers.
S3_BUCKET = env_str("S3_BUCKET", "")
if S3_BUCKET:
    _private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID", ""),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", ""),
            "region_name": env_str("S3_REGION", "") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            # An unreachable store must fail the request in seconds (a clear 503), not hang
            # a worker through botocore's default retries.
            "client_config": botocore.config.Config(
                connect_timeout=env_int("S3_CONNECT_TIMEOUT", 5),
                read_timeout=env_int("S3_READ_TIMEOUT", 30),
                retries={"max_attempts": 2, "mode": "standard"},
            ),
        },
    }
else:
    _private_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }
STORAGES = {
    "default": _private_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 20) * 1024 * 1024

# --- E-mail -----------------------------------------------------------------------
# Django 6.1's MAILERS replaces the EMAIL_* settings. The demo prints mail to the console.
_mail_backend = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
_mail_options: dict[str, object] = {}
if _mail_backend.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": env_int("EMAIL_TIMEOUT", 20),
    }
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
# Absolute address of the site, for links in e-mails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "TiếpCận <no-reply@tiepcan.local>")

# --- Background tasks (django.tasks) ---------------------------------------------------
# The database backend needs no broker: jobs are rows, run by `manage.py worker` (docs/tasks.md).
# Tests run tasks inline (Django's ImmediateBackend) unless a test chooses the database backend.
TASKS_BACKEND = env_choice(
    "TASKS_BACKEND", ("database", "immediate"), "immediate" if ENVIRONMENT == "test" else "database"
)
TASKS = {
    "default": {
        "BACKEND": "tiepcan.jobs.backend.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django.tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "documents", "mail"],
        "OPTIONS": {
            "max_attempts": env_int("TASKS_MAX_ATTEMPTS", 5),
            "backoff_seconds": env_int("TASKS_BACKOFF_SECONDS", 30),
            "backoff_max_seconds": env_int("TASKS_BACKOFF_MAX_SECONDS", 3600),
            "stale_after_seconds": env_int("TASKS_STALE_AFTER_SECONDS", 1800),
        }
        if TASKS_BACKEND == "database"
        else {},
    }
}
# /readyz reports the worker "stale" (503) when no worker has beaten for this long (a worker beats
# every 30 s between jobs and while idle; keep this above the longest job). 0 turns the check off.
WORKER_STALE_AFTER_SECONDS = env_int("WORKER_STALE_AFTER_SECONDS", 900)
# Exports of up to this many rows are written in the request and downloaded at once; larger
# ones run as a background job with a progress bar (docs/exports.md).
EXPORT_INLINE_MAX_ROWS = env_int("EXPORT_INLINE_MAX_ROWS", 2000)

# --- Logging ------------------------------------------------------------------------
# Production writes one JSON object per line (for journald, Loki or any log shipper), each
# with the request id the proxy sent or the app made; development keeps readable lines.
LOG_FORMAT = env_choice("LOG_FORMAT", ("json", "plain"), "json" if PRODUCTION else "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "tiepcan.core.context.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {"()": "tiepcan.ops.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

TIEPCAN_DEMO_PROVINCE_CODE = env_str("TIEPCAN_DEMO_PROVINCE_CODE", "20")

# --- Operations (tiepcan.ops) ------------------------------------------------------------
# /metrics answers administrators, or a scraper sending "Authorization: Bearer <METRICS_TOKEN>".
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
# The database-backed job queue's model ("app_label.Model" with a `status` field): /readyz checks
# it answers and /metrics reports jobs by status (tiepcan.jobs, docs/tasks.md).
OPS_JOBS_MODEL = "jobs.Job"
# Where `manage.py backup` writes, and the age public key(s) it encrypts to. The province keeps
# the matching identity (private key) off the server; `restore` asks for it.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
BACKUP_RECIPIENTS = env_list("BACKUP_RECIPIENTS", [])
# The nightly job (tiepcan-job-backup.timer, 01:30) keeps this many newest archives on the machine.
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
# Optional error tracking (Sentry or a compatible service such as GlitchTip): off unless a DSN
# is given and the optional `sentry` extra is installed.
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    from tiepcan.ops.errors import init_error_tracking

    init_error_tracking(SENTRY_DSN, ENVIRONMENT)
# The PostgreSQL role the web and worker processes connect as (not the tables' owner).
# `manage.py migrate`, run as the owner, re-grants it row privileges on new tables.
DATABASE_APP_ROLE = env_str("DATABASE_APP_ROLE", "")
