"""Settings for Kommunalkompass, driven by environment variables only.

See docs/operations.md for every variable and its default.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.contrib.messages import constants as message_constants
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# pytest sets PYTEST_VERSION while it runs; the suite needs no secret of its own.
TESTING = "PYTEST_VERSION" in os.environ

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def site_url(value: str, *, development: bool, hosts: list[str]) -> str:
    """The address people reach the installation at (``SITE_URL``: scheme, host and port).

    Links built where there is no request (the demo's output, e-mails from a background
    task) start with it; a page uses the address of its own request. Unset, it is
    ``http://127.0.0.1:8000`` in development and ``https://`` + the first named host of
    ``ALLOWED_HOSTS`` in production (empty when there is none).
    """
    value = value.strip().rstrip("/")
    if not value:
        if development:
            return "http://127.0.0.1:8000"
        host = next((h for h in hosts if not h.startswith((".", "*"))), "")
        return f"https://{host}" if host else ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query:
        raise ImproperlyConfigured(
            f"SITE_URL must be an address such as https://kompass.example.de "
            f"(scheme, host and port, no path), not {value!r}."
        )
    return value


SITE_URL = site_url(
    os.environ.get("SITE_URL", ""), development=DEBUG or TESTING, hosts=ALLOWED_HOSTS
)


def footer_link(name: str) -> str:
    """An address for the footer of every page: empty, a path on this site or http(s)."""
    value = os.environ.get(name, "").strip()
    parts = urlsplit(value)
    if value and not (
        (parts.scheme in ("http", "https") and parts.hostname)
        or (not parts.scheme and not parts.netloc and value.startswith("/"))
    ):
        raise ImproperlyConfigured(
            f"{name} must be an address such as https://www.musterstadt.de/impressum "
            f"or a path on this site such as /impressum/, not {value!r}."
        )
    return value


# The operator's Impressum (§ 5 DDG) and privacy notice (Art. 13 GDPR), linked in the
# footer of every page, public ones included. Empty: no link.
IMPRINT_URL = footer_link("IMPRINT_URL")
PRIVACY_URL = footer_link("PRIVACY_URL")

# With DEBUG=1 a missing page still shows the product's own 404 page; this shows Django's
# technical page (the URL patterns tried) instead, for developers.
DEBUG_TECHNICAL_404 = env_bool("DEBUG_TECHNICAL_404", False)

INSTALLED_APPS = [
    "kommunalkompass.accounts",
    "kommunalkompass.audit",
    "kommunalkompass.organisations",
    "kommunalkompass.documents",
    "kommunalkompass.assessments",
    "kommunalkompass.strategy",
    "kommunalkompass.ozg",
    "kommunalkompass.procurement",
    "kommunalkompass.positions",
    "kommunalkompass.change",
    "kommunalkompass.core",
    "kommunalkompass.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates for FORM_RENDERER (core.forms.KernFormRenderer)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kommunalkompass.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kommunalkompass.core.form_data.NewlineMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kommunalkompass.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "kommunalkompass.core.middleware.ProductNotFoundMiddleware",
]

ROOT_URLCONF = "kommunalkompass.config.urls"
WSGI_APPLICATION = "kommunalkompass.config.wsgi.application"
ASGI_APPLICATION = "kommunalkompass.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kommunalkompass.organisations.context_processors.organisation",
                "kommunalkompass.core.context_processors.footer",
            ],
        },
    },
]
# Every form's widgets carry the classes of KERN, the design system (core/forms.py).
FORM_RENDERER = "kommunalkompass.core.forms.KernFormRenderer"
# A message's tag names its KERN alert variant (base.html: kern-alert--info/success/warning/danger).
MESSAGE_TAGS = {message_constants.DEBUG: "info", message_constants.ERROR: "danger"}

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{PROJECT_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue instead of failing: every transaction takes SQLite's write lock when it
    # begins (a read that later wants to write cannot be refused with "database is locked"
    # halfway), and a connection waits up to SQLITE_TIMEOUT seconds for the lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": env_int("SQLITE_TIMEOUT", 20)}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out after repeated failed log-ins (django-axes): per e-mail address and client.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "kommunalkompass.accounts.auth.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Two-factor authentication (TOTP through django-otp).
REQUIRE_2FA_FOR_ADMINS = env_bool("REQUIRE_2FA_FOR_ADMINS", False)
OTP_TOTP_ISSUER = "Kommunalkompass"

# Surveys: minimum group size for any reported breakdown.
ANONYMITY_THRESHOLD = env_int("ANONYMITY_THRESHOLD", 5)
if ANONYMITY_THRESHOLD < 1:
    raise ImproperlyConfigured("ANONYMITY_THRESHOLD must be at least 1.")

INVITATION_VALID_DAYS = 7

# The client address behind reverse proxies: X-Forwarded-For is believed only when it comes
# from one of these addresses or networks (docs/operations.md, "Client addresses").
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
try:
    from kommunalkompass.core.clients import parse_networks

    parse_networks(TRUSTED_PROXIES)
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None
# django-axes locks out by the same client address as the rate limits.
AXES_CLIENT_IP_CALLABLE = "kommunalkompass.core.clients.client_address"


def env_rate(name: str, default: str) -> str:
    """A rate limit such as ``10/m`` (per s, m, h or d) or ``off``, checked at start-up."""
    from kommunalkompass.core.ratelimit import parse_rate

    value = os.environ.get(name, "").strip() or default
    try:
        parse_rate(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}: {error}") from None
    return value


# Rate limits of anonymous writes per client address (docs/security.md, "Anonymous writes").
RATE_LIMITS = {
    # Keeping a public Quick-Check for the comparison.
    "quick_check": env_rate("RATE_LIMIT_QUICK_CHECK", "10/m"),
    # Starting the staff survey through a link.
    "survey_start": env_rate("RATE_LIMIT_SURVEY_START", "30/m"),
    # Saving a part of the survey (every part of every respondent).
    "survey_save": env_rate("RATE_LIMIT_SURVEY_SAVE", "300/m"),
    # Joining a workshop, writing cards and voting (/w/<token>/): a room full of phones
    # often shares one address (the town hall's Wi-Fi), hence the generous rate.
    "workshop_write": env_rate("RATE_LIMIT_WORKSHOP_WRITE", "600/m"),
}


def cache_settings(url: str) -> dict:
    """``CACHES`` from ``CACHE_URL``: empty or ``locmem://`` for the memory of each process,
    ``redis://host:port/db`` (or ``rediss://``) for Redis (needs the ``redis`` package),
    ``db://table`` for Django's database cache (``manage.py createcachetable``)."""
    url = url.strip()
    scheme = urlsplit(url).scheme if url else "locmem"
    if scheme == "locmem":
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if scheme in ("redis", "rediss"):
        return {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        }
    if scheme == "db":
        table = url.split("://", 1)[1].strip("/")
        if not table.replace("_", "").isalnum():
            raise ImproperlyConfigured(f"CACHE_URL: {table!r} is not a table name.")
        return {
            "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}
        }
    raise ImproperlyConfigured(
        f"CACHE_URL must start with locmem://, redis://, rediss:// or db://, not {url!r}."
    )


# Shared by every app server when it is Redis or the database (docs/operations.md, "Cache").
CACHES = cache_settings(os.environ.get("CACHE_URL", ""))
RATE_LIMIT_CACHE = "default"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Berlin"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", PROJECT_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "kommunalkompass.core.storage.StaticFilesStorage"
        )
    },
}

# E-mail: the console in development, SMTP in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend, the folder the
# e-mails are written to (a staging installation that must not send mail).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or None
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kommunalkompass <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: the database backend where a worker runs (manage.py db_worker),
# otherwise tasks run inline in the request.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if os.environ.get("TASKS_BACKEND", "immediate") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
