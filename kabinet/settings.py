"""Deployment settings, read from the environment through a few typed helpers.

Per-tenant behaviour (calendars, targets, channels) is data on contracts and packages,
never a setting here. Defaults are the embedded mode: SQLite in WAL mode under ./data/.
Reading settings has no side effects: the folders named here are created where they are
used (``scripts/start``, attachment storage, the Celery worker and beat).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kabinet.deployment import DEVELOPMENT_SECRET_KEY

# Lets generic Django classes be subscripted at run time (admin.ModelAdmin[Model] ...).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """Unset or empty is ``default``; anything but the words below (any case) is refused,
    so that a typo (``ture``) stops the start instead of reading as false."""
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    accepted = ", ".join(TRUE_WORDS + FALSE_WORDS)
    raise ImproperlyConfigured(f"{name}={os.environ[name]!r}: expected one of {accepted}")


def env_int(name: str, default: int) -> int:
    """Unset or empty is ``default``; anything but a whole number is refused."""
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None


def env_header(name: str) -> tuple[str, str] | None:
    """``Header-Name: value`` as Django's ``(META key, value)`` pair; unset or empty is None.

    ``X-Forwarded-Proto: https`` reads as ``("HTTP_X_FORWARDED_PROTO", "https")``; a value
    without the colon, a name that is not a header name, or an empty side is refused.
    """
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return None
    header, colon, value = (part.strip() for part in raw.partition(":"))
    if not colon or not value or not header.replace("-", "").replace("_", "").isalnum():
        raise ImproperlyConfigured(
            f"{name}={raw!r}: expected a header and its value, e.g. 'X-Forwarded-Proto: https'"
        )
    key = header.upper().replace("-", "_")
    return (key if key.startswith("HTTP_") else f"HTTP_{key}", value)


def _postgres_options(prepared: bool) -> dict[str, Any]:
    """Parameters bound by the server and statements prepared on their fifth run on a
    connection (Django turns psycopg's preparing off unless told), so that PostgreSQL no
    longer parses and plans every statement of every request: about half of the
    database's work per ticket created. ``prepared`` False (KABINET_DB_SERVER_SIDE_BINDING=0)
    binds on the client and prepares nothing, for a pooler that cannot keep prepared
    statements."""
    if not prepared:
        return {}
    return {"server_side_binding": True, "prepare_threshold": 5}


def database_from_url(url: str, data_dir: Path) -> dict[str, Any]:
    """Django DATABASES entry for ``sqlite:///path`` or ``postgres://user:pw@host:port/name``."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        raw_path = unquote(parts.path.lstrip("/")) if parts.path not in ("", "/") else ""
        path = Path("/" + raw_path) if parts.path.startswith("//") else Path(raw_path)
        return {
            # Django's backend, with the database file private (kabinet.sqlite).
            "ENGINE": "kabinet.sqlite",
            "NAME": str(path if raw_path else data_dir / "kabinet.sqlite3"),
            # WAL lets readers proceed while one writer commits; IMMEDIATE takes the write
            # lock at BEGIN so two writers queue instead of failing on lock upgrade.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "kabinet",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": _postgres_options(env_bool("KABINET_DB_SERVER_SIDE_BINDING", True)),
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL: unsupported scheme {parts.scheme!r}; expected sqlite:// or postgres://"
    )


DATA_DIR = Path(env_str("KABINET_DATA_DIR", str(BASE_DIR / "data")))
ATTACHMENTS_DIR = DATA_DIR / "attachments"

DEBUG = env_bool("DEBUG", False)
# The development key refuses to start with DEBUG off (kabinet.deployment, at each entry point).
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_str("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in env_str("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

DATABASES = {"default": database_from_url(env_str("DATABASE_URL", "sqlite://"), DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# "SQLite does not support indexes with non-key columns": it builds them without, which is
# what the covering indexes meant for PostgreSQL (tickets' ``ticket_due_window``) want there.
# Silenced on SQLite only: on PostgreSQL nothing is.
SILENCED_SYSTEM_CHECKS = (
    ["models.W040"] if DATABASES["default"]["ENGINE"] == "kabinet.sqlite" else []
)
REDIS_URL = env_str("REDIS_URL", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "kabinet.audit",
    "kabinet.orgs",
    "kabinet.contracts",
    "kabinet.tickets",
    "kabinet.notifications",
    "kabinet.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kabinet.middleware.UnsizedBodyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kabinet.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kabinet.middleware.ErrorPageMiddleware",
]

ROOT_URLCONF = "kabinet.urls"
WSGI_APPLICATION = "kabinet.wsgi.application"
AUTH_USER_MODEL = "orgs.Person"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "kabinet" / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"  # filled by collectstatic (scripts/start)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# JSON bodies above this size are refused with 413; attachments stream past it and are
# limited by their package instead.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("KABINET_MAX_JSON_BYTES", 256 * 1024)
# Multipart files (the cabinet's forms) above this size go to a temporary file on disk, never
# into memory; upload-place files of gigabytes pass through here. Raw-body uploads (the API)
# bypass the handlers altogether: their views read the request stream in chunks.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("KABINET_UPLOAD_MEMORY_BYTES", 2 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = env_str("KABINET_UPLOAD_TEMP_DIR", "") or None

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kabinet.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["kabinet.api.parsers.StrictJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "kabinet.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Kabinet API",
    "DESCRIPTION": "Service desk for corporate software support run under SLAs.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- background work and mail (owned by notifications/celery) ---
# Celery: Redis when REDIS_URL is set (production: separate worker and beat processes);
# otherwise kombu's filesystem transport under DATA_DIR/broker, so the embedded default
# needs no broker server. Producers and workers must share DATA_DIR.
BROKER_DIR = DATA_DIR / "broker"
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = (
    {}
    if REDIS_URL
    else {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
KABINET_NOTIFICATION_MAX_ATTEMPTS = env_int("KABINET_NOTIFICATION_MAX_ATTEMPTS", 8)

# Outbound mail through Django's mailers: SMTP by default (failed deliveries are recorded
# for retry instead of raising). `make start` without EMAIL_HOST selects the file backend,
# so the demo's mail lands in DATA_DIR/mail instead of failing against a missing relay.
_mail_backend = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _mail_backend,
        "OPTIONS": (
            {"file_path": str(DATA_DIR / "mail")}
            if _mail_backend.endswith("filebased.EmailBackend")
            else {
                "host": env_str("EMAIL_HOST", "127.0.0.1"),
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": env_int("EMAIL_TIMEOUT", 10),
            }
        ),
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kabinet <support@kabinet.localhost>")
KABINET_BASE_URL = env_str("KABINET_BASE_URL", "http://127.0.0.1:8000")
# The domain of the Message-IDs of outbound mail (<KB-000010.…@domain>): inbound mail knows a
# reply to one of ours by it, so it must not change while replies to old mail may come.
KABINET_MAIL_DOMAIN = env_str("KABINET_MAIL_DOMAIN", "kabinet.localhost")
# The count of unread notices in every page's header.
TEMPLATES[0]["OPTIONS"]["context_processors"].append(  # type: ignore[index]
    "kabinet.notifications.context.unread_notices"
)

INSTALLED_APPS += ["kabinet.presets"]

INSTALLED_APPS += ["kabinet.escalations", "kabinet.lines"]
INSTALLED_APPS += ["kabinet.entitlements", "kabinet.reports"]

# --- accounts: sign-in, TOTP, profiles (owned by kabinet.accounts) ---
INSTALLED_APPS += ["kabinet.accounts"]
MIDDLEWARE += ["kabinet.accounts.middleware.PersonTimeZoneMiddleware"]
# How long an invitation link works; a password reset link works PASSWORD_RESET_TIMEOUT.
KABINET_INVITATION_DAYS = env_int("KABINET_INVITATION_DAYS", 7)
PASSWORD_RESET_TIMEOUT = env_int("KABINET_PASSWORD_RESET_SECONDS", 2 * 60 * 60)

# --- web cabinets (owned by kabinet.cabinets) ---
INSTALLED_APPS += ["kabinet.cabinets"]
MIDDLEWARE += ["kabinet.cabinets.middleware.MembershipsPerRequestMiddleware"]
LOGIN_URL = "cabinets:login"
LOGIN_REDIRECT_URL = "cabinets:home"
LOGOUT_REDIRECT_URL = "cabinets:login"
TEMPLATES[0]["OPTIONS"]["context_processors"].append(  # type: ignore[index]
    "kabinet.cabinets.context.cabinets"
)

# --- dashboards (owned by kabinet.dashboards) ---
INSTALLED_APPS += ["kabinet.dashboards"]

# --- faults: storage and database errors, partial uploads (owned by kabinet.middleware) ---
# Errors are answered by kabinet.api.errors (JSON) and kabinet.middleware (pages, and
# handler500 in kabinet.urls). Upload files a killed worker left half-written are removed
# hourly once they are this many hours old.
KABINET_PARTIAL_UPLOAD_HOURS = env_int("KABINET_PARTIAL_UPLOAD_HOURS", 6)

# --- single sign-on (owned by kabinet.sso) ---
# OpenID Connect, off unless both KABINET_SSO_ISSUER and KABINET_SSO_CLIENT_ID are set.
# Endpoints come from the issuer's discovery document unless all three of the authorization,
# token and JWKS URLs are given.
INSTALLED_APPS += ["kabinet.sso"]
KABINET_SSO_ISSUER = env_str("KABINET_SSO_ISSUER", "")
KABINET_SSO_CLIENT_ID = env_str("KABINET_SSO_CLIENT_ID", "")
KABINET_SSO_CLIENT_SECRET = env_str("KABINET_SSO_CLIENT_SECRET", "")
KABINET_SSO_SCOPES = env_str("KABINET_SSO_SCOPES", "openid email profile")
KABINET_SSO_LABEL = env_str("KABINET_SSO_LABEL", "SSO")
KABINET_SSO_DISCOVERY_URL = env_str("KABINET_SSO_DISCOVERY_URL", "")
KABINET_SSO_AUTHORIZATION_URL = env_str("KABINET_SSO_AUTHORIZATION_URL", "")
KABINET_SSO_TOKEN_URL = env_str("KABINET_SSO_TOKEN_URL", "")
KABINET_SSO_JWKS_URL = env_str("KABINET_SSO_JWKS_URL", "")
KABINET_SSO_USERINFO_URL = env_str("KABINET_SSO_USERINFO_URL", "")
KABINET_SSO_CREATE_PEOPLE = env_bool("KABINET_SSO_CREATE_PEOPLE", False)
KABINET_SSO_TIMEOUT = env_int("KABINET_SSO_TIMEOUT", 10)

# --- deployment security (owned by kabinet.deployment) ---
# All off by default: `make start` serves plain HTTP on 127.0.0.1. README.md lists the values
# of a production deployment behind a TLS-terminating proxy; `check --deploy` is clean with them.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Only behind a proxy that sets this header on every request and strips it from clients.
SECURE_PROXY_SSL_HEADER = env_header("SECURE_PROXY_SSL_HEADER")

# --- sign-in guessing limits (owned by kabinet.accounts, through django-axes) ---
# Failed passwords (/login/, /admin/login/) and TOTP codes count per account and per client
# address together; at the limit both are locked out for the cool-off, refused before any
# password hash is computed. Admins see and lift locks under "Axes" in the Django admin.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env_int("KABINET_SIGNIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("KABINET_SIGNIN_LOCKOUT_MINUTES", 15))
# Attempts during a lock-out neither count nor extend it, so the time the page names holds;
# a success does not wipe the address's count, or one own account would reset it for guesses.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "kabinet.accounts.lockouts.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "code"]
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Behind reverse proxies, how many of them append to X-Forwarded-For; 0 reads the peer address.
KABINET_TRUSTED_PROXIES = env_int("KABINET_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "kabinet.accounts.lockouts.client_address"


# --- operations: storage, health, metrics, logs, beat, backups (owned by kabinet.operations) ---
def storage_from_url(url: str) -> tuple[Path | None, dict[str, Any] | None]:
    """``KABINET_STORAGE_URL``: empty is the data folder; ``file:///srv/shared/attachments`` a
    folder (a mount every web and worker machine shares); ``s3://bucket/prefix?endpoint=
    https://s3.example.com&region=ru-1`` S3-compatible object storage through django-storages
    (credentials from ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``). Returns the folder or
    the ``STORAGES`` entry; anything else is refused."""
    if url == "":
        return None, None
    parts = urlsplit(url)
    query = dict(part.partition("=")[::2] for part in parts.query.split("&") if part)
    if parts.scheme == "file" and not parts.netloc and parts.path.startswith("/") and not query:
        return Path(unquote(parts.path)), None
    if parts.scheme == "s3" and parts.hostname and set(query) <= {"endpoint", "region"}:
        options: dict[str, Any] = {
            "bucket_name": parts.hostname,
            "location": unquote(parts.path.strip("/")),
            "endpoint_url": unquote(query.get("endpoint", "")) or None,
            "region_name": query.get("region") or None,
            "default_acl": None,
            "file_overwrite": True,
            "querystring_auth": True,
            "signature_version": "s3v4",
        }
        return None, {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    raise ImproperlyConfigured(
        f"KABINET_STORAGE_URL={url!r}: expected file:///absolute/folder or "
        "s3://bucket[/prefix][?endpoint=URL&region=NAME]"
    )


_storage_folder, _storage_bucket = storage_from_url(env_str("KABINET_STORAGE_URL", ""))
if _storage_folder is not None:
    ATTACHMENTS_DIR = _storage_folder
if _storage_bucket is not None:
    STORAGES["attachments"] = _storage_bucket

INSTALLED_APPS += ["kabinet.operations"]
# First, so that every later middleware's log lines carry the request id, and the latency
# counts the whole stack.
MIDDLEWARE.insert(0, "kabinet.operations.requestids.RequestIdMiddleware")
MIDDLEWARE.insert(1, "kabinet.operations.metrics.RequestLatencyMiddleware")
# Probes come over plain HTTP from the load balancer and the scraper.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# /metrics answers only `Authorization: Bearer <token>`; unset, it is off (404).
KABINET_METRICS_TOKEN = env_str("KABINET_METRICS_TOKEN", "")
# /readyz fails when the SLA scan last finished longer ago than this.
KABINET_READY_SCAN_SECONDS = env_int("KABINET_READY_SCAN_SECONDS", 120)
# Any number of beats may run: only the holder of the lease (in Redis when it is the broker)
# sends; another takes over within the lease's seconds after the holder stops.
CELERY_BEAT_SCHEDULER = "kabinet.operations.beat:LeasedScheduler"
KABINET_BEAT_LEASE_SECONDS = env_int("KABINET_BEAT_LEASE_SECONDS", 30)
# One worker recomputes deadlines at a time; it renews its lease after every batch, and a
# killed one's lease lapses after this long (then the next run recomputes its scope).
KABINET_RECOMPUTE_LEASE_SECONDS = env_int("KABINET_RECOMPUTE_LEASE_SECONDS", 120)
# How often beat sends the SLA scan and the outbox drain.
KABINET_SLA_SCAN_SECONDS = env_int("KABINET_SLA_SCAN_SECONDS", 60)
KABINET_DELIVERY_SECONDS = env_int("KABINET_DELIVERY_SECONDS", 10)
KABINET_LOG_FORMAT = env_str("KABINET_LOG_FORMAT", "text").strip().lower()
if KABINET_LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"KABINET_LOG_FORMAT={KABINET_LOG_FORMAT!r}: expected text or json")
# Celery would replace the root logger's handler with its own text format in workers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = KABINET_LOG_FORMAT != "json"
LOGGING["filters"] = {"request_id": {"()": "kabinet.operations.requestids.RequestIdFilter"}}
LOGGING["formatters"] = {
    "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    "json": {"()": "kabinet.operations.jsonlogs.JsonFormatter"},
}
LOGGING["handlers"] = {
    "console": {
        "class": "logging.StreamHandler",
        "filters": ["request_id"],
        "formatter": KABINET_LOG_FORMAT,
    }
}
# --- telegram: the Telegram channel (kabinet.channels.telegram) ---
# Bots are rows (one per supplier, with its token or the name of the variable holding it);
# the API's address is a setting only so that tests can point the client at a local server.
INSTALLED_APPS += ["kabinet.channels.telegram", "kabinet.channels.phone"]
KABINET_TELEGRAM_API_URL = env_str("KABINET_TELEGRAM_API_URL", "https://api.telegram.org")
KABINET_TELEGRAM_TIMEOUT = env_int("KABINET_TELEGRAM_TIMEOUT", 30)
# --- inbound mail (owned by kabinet.channels.email, app label "mail") ---
INSTALLED_APPS += ["kabinet.channels.email"]
# The shared secret of POST /api/v1/mail/inbound (raw MIME from a mail provider); unset:
# the endpoint refuses everything.
KABINET_MAIL_INBOUND_SECRET = env_str("KABINET_MAIL_INBOUND_SECRET", "")
# --- knowledge: articles, known problems and full-text search (owned by kabinet.knowledge) ---
INSTALLED_APPS += ["kabinet.knowledge"]
# The article's choice sets by name in the OpenAPI schema ("kind", "state" and "visibility"
# are also other models' fields).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    "ArticleKindEnum": "kabinet.knowledge.models.ArticleKind",
    "ArticleStateEnum": "kabinet.knowledge.models.ArticleState",
    "ArticleVisibilityEnum": "kabinet.knowledge.models.ArticleVisibility",
    "VisibilityEnum": "kabinet.tickets.models.Visibility",  # its name before articles came
    "ReleaseKindEnum": "kabinet.lines.models.ReleaseKind",
}
# --- ux: the sign-in page names whom to ask when signing in fails ---
# The supplier's support contact as people should read it ("support@example.ru, +7 495 000-00-00").
KABINET_SUPPORT_CONTACT = env_str("KABINET_SUPPORT_CONTACT", "")
