"""Settings of the portal, driven by environment variables (see README)."""

import base64
import hashlib
import os
from datetime import time, timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only for local development: a production start without SECRET_KEY fails above.
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_filters",
    "import_export",
    "reversion",
    "axes",
    "django_tasks_db",
    "audit",
    "cooperation",
    "agreements",
    "events",
    "reports",
    "imports",
    "workspace",
    "insight",
    "ops",
    "devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ops.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.csp",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

FORM_RENDERER = "config.forms.FormRenderer"

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

AUTH_USER_MODEL = "cooperation.User"

# django-axes counts failed logins first; a login without a request (shell, tests) skips it.
AUTHENTICATION_BACKENDS = [
    "ops.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cooperation:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
# Russian for the strings Django, its admin and the admin add-ons leave in English (locale/).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Stored documents (reports.cache) live in the default storage; web and worker must share it.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Uploaded spreadsheets wait here between the preview and the confirmation (at most a day);
    # several web nodes need one shared directory (or another storage backend) for it.
    "import_export": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("UPLOADS_ROOT", MEDIA_ROOT / "uploads")},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Where `make backup` (python manage.py backup) writes its copies unless told otherwise.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))

# Mail: Django 6.1 builds the mailer from MAILERS alone; the SMTP backend refuses to start
# without a host in OPTIONS, so the deployment's EMAIL_* variables are passed there.


def env_number(name, kind):
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None


def smtp_options():
    """The SMTP mailer's OPTIONS from EMAIL_* variables; other backends accept none of them."""
    options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        # Without a port the backend takes the usual one: 465 for SSL, 587 for TLS, else 25.
        "port": env_number("EMAIL_PORT", int),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "use_ssl": env_bool("EMAIL_USE_SSL"),
        "timeout": env_number("EMAIL_TIMEOUT", float),
    }
    if options["use_tls"] and options["use_ssl"]:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other: set one.")
    return options


CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
_mail_backend = os.environ.get("EMAIL_BACKEND", CONSOLE_EMAIL_BACKEND)
if _mail_backend == CONSOLE_EMAIL_BACKEND and not DEBUG and not env_bool("ALLOW_CONSOLE_EMAIL"):
    # The console backend writes every letter, password-reset links included, into the logs.
    raise ImproperlyConfigured(
        "EMAIL_BACKEND is the console: letters (password-reset links too) would go to the logs. "
        "Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST, "
        "or ALLOW_CONSOLE_EMAIL=1 where that is meant."
    )
MAILERS = {
    "default": {
        "BACKEND": _mail_backend,
        "OPTIONS": (
            smtp_options() if _mail_backend == "django.core.mail.backends.smtp.EmailBackend" else {}
        ),
    },
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@admin-smolensk.ru")

# Logs: one JSON object a line on stdout (LOG_FORMAT=text for people reading a terminal).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": os.environ.get("LOG_FORMAT", "text" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every login at INFO; the audit log keeps those, the logs keep its warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Security --------------------------------------------------------------------------------
# In production the portal sits behind a TLS-terminating proxy that sets X-Forwarded-Proto.
# `python manage.py check --deploy --fail-level WARNING` passes with these defaults.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The health check is asked over plain HTTP from inside the host or the container network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# The token alone changes nothing: browsers preload a domain only once its owner submits it.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


def _inline_hashes(*sources):
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
        for s in sources
    ]


# Content-Security-Policy: our scripts and styles come from our own static files; an inline
# <script> or <style> needs the request's nonce (`nonce="{{ csp_nonce }}"`); inline event
# handlers and style attributes are refused (tests/ops/test_headers.py checks our templates).
# The hashes allow exactly the one event handler and the two style attributes of
# django-import-export's export page, a template we do not own; 'unsafe-hashes' lets a hash
# name an attribute and allows nothing else.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [
        CSP.SELF,
        CSP.NONCE,
        CSP.UNSAFE_HASHES,
        *_inline_hashes("onSelectToggleChange(event)"),
    ],
    "style-src": [
        CSP.SELF,
        CSP.NONCE,
        CSP.UNSAFE_HASHES,
        *_inline_hashes("padding: 0;", "font-weight: bold;"),
    ],
    # Bootstrap draws its checkboxes, arrows and the menu icon with data: SVG images.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Features a page of the portal never needs (ops.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "browsing-topics",
    )
}

# Behind the proxy REMOTE_ADDR is the proxy: the client is the address the proxies appended
# to X-Forwarded-For, counted from the right (audit.request.client_ip). 0 trusts no header.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failed logins for one account, or
# from one address, further logins are refused until LOGIN_LOCKOUT_MINUTES have passed since
# the last failure; the lockout ends by itself.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = (
    ["username", "ip_address"] if env_bool("LOGIN_LOCKOUT_BY_IP", True) else ["username"]
)
AXES_CLIENT_IP_CALLABLE = "audit.request.client_ip"
AXES_LOCKOUT_CALLABLE = "ops.auth.lockout_response"
# A success does not wipe the count: it would let anyone with an account of their own reset
# the failures run up from their address against someone else's.
AXES_RESET_ON_SUCCESS = False
# Attempts while locked out do not push the end of the lockout further away.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
# Lockouts and failures go to the audit log; axes keeps only its counters (no second journal).
AXES_DISABLE_ACCESS_LOG = True

# Quarterly reports are due on this day of the month after the quarter; staff are reminded
# this many days before (see reports.deadlines and the send_reminders command).
REPORT_DUE_DAY = int(os.environ.get("REPORT_DUE_DAY", "5"))
REPORT_REMINDER_DAYS_BEFORE = int(os.environ.get("REPORT_REMINDER_DAYS_BEFORE", "3"))
if not 1 <= REPORT_DUE_DAY <= 28:
    raise ImproperlyConfigured("REPORT_DUE_DAY must be a day that every month has: 1 to 28.")

# The task worker (python manage.py run_worker) sends the reminders each day at this local time,
# and tells /healthz it is alive every WORKER_HEARTBEAT_SECONDS; /healthz fails when the latest
# beat is older than WORKER_HEARTBEAT_MAX_AGE seconds.
try:
    REMINDERS_AT = time.fromisoformat(os.environ.get("REMINDERS_AT", "09:00"))
except ValueError:
    raise ImproperlyConfigured("REMINDERS_AT must be a time of day, such as 09:00.") from None
WORKER_HEARTBEAT_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_SECONDS", "30"))
WORKER_HEARTBEAT_MAX_AGE = int(os.environ.get("WORKER_HEARTBEAT_MAX_AGE", "120"))

# Uploads of legacy documents (imports app): the file itself, and what its archive may inflate to.
IMPORT_MAX_UPLOAD_SIZE = int(os.environ.get("IMPORT_MAX_UPLOAD_SIZE", 20 * 1024 * 1024))
IMPORT_MAX_UNCOMPRESSED_SIZE = int(
    os.environ.get("IMPORT_MAX_UNCOMPRESSED_SIZE", 200 * 1024 * 1024)
)

# Background tasks (django.tasks): large document builds and the admin's document uploads run in
# the task worker (`manage.py run_worker`, which runs django-tasks-db's db_worker), queued in the
# database. TASKS_BACKEND=django.tasks.backends.immediate.ImmediateBackend runs them inside the
# request instead (no worker needed; tests do so).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Spreadsheet import/export in the admin: importing needs the right to add, exporting to view;
# an import runs in one transaction (all rows or none).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_TMP_STORAGE_CLASS = "cooperation.uploads.PendingUploadStorage"
