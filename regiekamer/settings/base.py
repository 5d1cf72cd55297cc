"""Settings shared by every profile. Profiles: local (default), test, production."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_list, env_optional, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env_str("SECRET_KEY", "insecure-local-development-key-change-me")
# Previous keys, still accepted for signed values while a new SECRET_KEY takes over (docs/operations.md).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
DEBUG = env_bool("DEBUG", False)
# Which profile this is, for code that must behave differently in production (the demo loader refuses there).
DEPLOYMENT_PROFILE = "local"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# The one list of domain apps, lowest layer first: an app imports only the apps before it
# (regiekamer/tests/test_layers.py), and everything that walks the apps follows this order: the URLs, the
# navigation, the permission registry, the demo loader and the role matrix. Adding an app = adding it here
# (see docs/architecture.md).
DOMAIN_APPS = [
    "accounts",
    "jobs",
    "catalogue",
    "programme",
    "roadmap",
    "stakeholders",
    "portfolio",
    "intake",
    "materials",
    "passports",
    "knowledge",
    "rhythm",
    "regions",
    "simulation",
    "dashboard",
    "search",
]

# Project apps first: their templates and translations take precedence over Django's (e.g. registration/*).
INSTALLED_APPS = [
    "regiekamer",
    *DOMAIN_APPS,
    # Django's admin, whose site asks staff for the second factor (accounts.admin_site).
    "accounts.admin_config.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_zxcvbn_password_validator",  # for its translations of the strength check's advice
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    # Background jobs on Django's task API (the django-tasks backport on Django 5.2) with the database
    # backend; the `jobs` app keeps each job's run record (docs/architecture.md, "Background jobs").
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # No caching of anything the application serves, Permissions-Policy, CORP (after WhiteNoise: static
    # files stay cacheable).
    "regiekamer.middleware.SecurityHeadersMiddleware",
    # A body over UPLOAD_MAX_REQUEST_BYTES is refused (413) before anything reads it (regiekamer/uploads.py).
    "regiekamer.uploads.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "regiekamer.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which second factor verified the session (django-otp): request.user.is_verified().
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Authentication (accounts): the idle and absolute session limits, then the second-factor step for staff
    # (after the messages, so an ended session can say so on the login page).
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page (accounts.views.locked_out).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "regiekamer.urls"
WSGI_APPLICATION = "regiekamer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "regiekamer.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'regiekamer.sqlite3'}"),
        conn_max_age=60,
    )
}
# SQLite has one writer at a time: another writer waits up to this long for the lock (a large import's write
# transaction took about 24 s on a busy two-core machine, bench/load.py) before "database is locked".
SQLITE_BUSY_TIMEOUT_SECONDS = 60
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer holds the lock; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# The cache: per process unless configured (the production profile shares a file cache between the processes
# of one host). REDIS_URL (redis://host:6379/0, rediss:// for TLS) points every process on every host at one
# Redis, through Django's own RedisCache: needed as soon as the application runs on several hosts
# (docs/deployment.md). Short socket timeouts: a Redis that stops answering fails a request, never hangs it.
REDIS_URL = env_optional("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "regiekamer",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Authentication (accounts; docs/authentication.md) ------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # django-axes first: a locked-out account or address is refused before any password is checked.
    "accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout (django-axes, failures kept in the database: SQLite and PostgreSQL alike). Five failed logins lock
# the account (from every address) and, separately, the address (for every account) for 15 minutes; a
# failure during the lockout starts the 15 minutes again. Every failure is logged (AccessFailureLog: time,
# username tried, address, browser) and shown to the programme office at /accounts/failed-logins/.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Never stored with an attempt (the password always is left out).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token", "csrfmiddlewaretoken"]
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_address"
# How many reverse proxies in front of the app append to X-Forwarded-For (0: the address is REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(env_str("TRUSTED_PROXY_COUNT", "0"))
# Sessions end after 30 minutes without a request and 12 hours after the login, whichever comes first
# (accounts.middleware.SessionLimitsMiddleware), and when the browser closes.
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_ABSOLUTE_LIFETIME = 12 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# A second factor (TOTP, django-otp) for the programme office and Django staff: required when true (the
# production default); in the local and test profiles it is off so the demo's logins work as printed, and
# anyone who sets up an authenticator app is asked for a code all the same.
OTP_REQUIRED_FOR_STAFF = env_bool("OTP_REQUIRED_FOR_STAFF", False)
OTP_TOTP_ISSUER = "Regiekamer"
# Personal API tokens (django-rest-knox): hashed, 30 days, at most 10 per person.
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 - a model name
# knox's own migration creates its AuthToken table even though the model is swapped for accounts.ApiToken;
# nothing uses that table, and on PostgreSQL it blocked the test database's flush (a foreign key to users).
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "TOKEN_TTL": timedelta(days=30),
    "TOKEN_LIMIT_PER_USER": 10,
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}
# Single sign-on through OpenID Connect (mozilla-django-oidc), off unless OIDC_ENABLED=true; see
# docs/authentication.md for the variables.
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
if OIDC_ENABLED:
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
    OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", False)
    OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "OpenID Connect")
    OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc-callback"
    LOGIN_REDIRECT_URL_FAILURE = "login"
    AUTHENTICATION_BACKENDS.append("accounts.oidc.OIDCBackend")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # At least 12 characters (OWASP ASVS 2.1.1); the strength check below allows up to 72.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    # Breached and common passwords, from lists that ship with the packages (no network): Django's list of
    # about 20,000 passwords from breaches, and zxcvbn's 30,000 passwords of a 10-million-password breach
    # with its dictionaries and patterns (l33t, keyboard walks, dates, the user's own names), score 3 of 4.
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django_zxcvbn_password_validator.ZxcvbnPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_MINIMAL_STRENGTH = 3

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads: outside the static root, served only through permission-checked views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Upload limits, checked before anything is parsed (regiekamer/uploads.py): the largest file any form takes
# (10 MB), a request body of that file and its form (refused from CONTENT_LENGTH, unread), Django's own caps
# on form fields kept at their defaults but stated; an .xlsx is checked as a zip by each import (XlsxLimits).
UPLOAD_MAX_FILE_BYTES = 10 * 1024 * 1024
UPLOAD_MAX_REQUEST_BYTES = UPLOAD_MAX_FILE_BYTES + 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "regiekamer.uploads.FileSizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files go to a temporary file while the request runs
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # the form fields besides the files
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# --- Background jobs (jobs app; docs/architecture.md) -------------------------------------------------------
# Tasks are rows in the database (django-tasks-db), on SQLite and PostgreSQL alike; `regiekamer worker` runs
# them. A running job's worker writes a heartbeat every JOBS_HEARTBEAT_SECONDS; a job whose heartbeat is older
# than JOBS_LOST_AFTER_SECONDS (two intervals; on SQLite plus the busy timeout) is marked lost by the reaper
# of any worker. Progress reported by a job reaches its record within JOBS_PROGRESS_SECONDS.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
JOBS_HEARTBEAT_SECONDS = float(env_str("JOBS_HEARTBEAT_SECONDS", "10"))
# On SQLite a heartbeat may wait for another writer's lock (SQLITE_BUSY_TIMEOUT_SECONDS): a worker waiting
# that long is not a dead one, so it is lost only after the wait and two intervals more.
_LOST_AFTER = 2 * JOBS_HEARTBEAT_SECONDS
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _LOST_AFTER += SQLITE_BUSY_TIMEOUT_SECONDS
JOBS_LOST_AFTER_SECONDS = float(env_str("JOBS_LOST_AFTER_SECONDS", str(_LOST_AFTER)))
JOBS_PROGRESS_SECONDS = float(env_str("JOBS_PROGRESS_SECONDS", "1"))
# A list export (jobs.exports) of more rows than this runs as a background job instead of in the request.
EXPORT_INLINE_ROWS = int(env_str("EXPORT_INLINE_ROWS", "5000"))

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "regiekamer@localhost"

# Strict Content-Security-Policy: no inline script or style, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Personal API tokens: stored as hashes, expiring, revocable (accounts.services.api_token_create).
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's page numbers; a ?page= that names no page is refused, not read as the first
    "DEFAULT_PAGINATION_CLASS": "regiekamer.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        # django-filter with values bounded to the database's integer range (a 400, not a driver error)
        "regiekamer.filters.FilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    # drf-spectacular's, with the error answers (400/401/403/404/409) documented on every operation
    "DEFAULT_SCHEMA_CLASS": "regiekamer.openapi.AutoSchema",
    # One error path: services' ValidationError / PermissionDenied / EditConflict -> 400 / 403 / 409 JSON.
    "EXCEPTION_HANDLER": "regiekamer.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Regiekamer API",
    "DESCRIPTION": "The programme's steering data, with the same permissions as the web UI.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/",
    # Swagger UI from the vendored assets of drf-spectacular-sidecar (no CDN: the CSP allows only this
    # site), and no call to the public validator service.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Choice sets used by several fields get one name each in the schema.
    "ENUM_NAME_OVERRIDES": {
        "EngagementLevelEnum": "stakeholders.models.EngagementChoice",
        "InfluenceInterestLevelEnum": "stakeholders.models.LevelChoice",
        "ApplicationStatusEnum": "intake.models.Status",
        "ProjectPhaseEnum": "portfolio.models._phase_choices",
        "ProjectStatusEnum": "portfolio.models._status_choices",
        "MeetingStatusEnum": "programme.models.SteeringMeeting.Status",
        "MeasuredValueStatusEnum": "roadmap.models.MeasuredValue.Status",
        "TeamProjectTypeEnum": "programme.models.Team.ProjectType",
        "ProjectTypeEnum": "portfolio.models.ProjectType",
        "ScenarioStatusEnum": "simulation.models.Scenario.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
