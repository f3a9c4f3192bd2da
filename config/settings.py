"""Settings for Resolution Reader, read from the environment in one place."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production refuses to start without one: set SECRET_KEY to a "
            "long random string (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "development-only-key-never-use-in-production-" + "x" * 20

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])


def site_url_default() -> str:
    """The first allowed host that names one site, over https in production."""
    named = [host for host in ALLOWED_HOSTS if host and not host.startswith(".") and host != "*"]
    if not named:
        return "http://127.0.0.1:8000"
    return ("http" if DEBUG else "https") + "://" + named[0]


# The site's own address, which every absolute link a page or export carries is built from:
# never the request's Host or X-Forwarded-Proto, which a client chooses and a shared cached page
# would repeat to everyone.
SITE_URL = (os.environ.get("SITE_URL", "").strip() or site_url_default()).rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "axes",
    "resolutions",
    "annotations",
    "drafts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the database with what the request says.
    "web.hardening.RefuseUnstorableInputMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    # Before everything that touches the database, so that it sees their errors.
    "web.outage.DatabaseOutageMiddleware",
    # Anonymous readers' pages come from the cache here, before sessions and CSRF.
    "resolutions.cache.pages.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface's language: the switch's cookie, the browser's, else the document's.
    "web.i18n.InterfaceLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "web.hardening.PrivateForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.csp",
                "resolutions.site.site_url",
                "django.template.context_processors.i18n",
                "annotations.invitations.invitations",
            ],
        },
    },
]

# SQLite file by default; DATABASE_URL=postgres://user:pass@host:port/name for PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite is the embedded default: let writers wait for each other instead of failing with
    # "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    # A web request's queries run in milliseconds, but one the planner prices high (search's
    # reading of the newest resolutions) got PostgreSQL's JIT compilation: 650 ms of compiling
    # for 40 ms of running, measured on 200,000 paragraphs. The memory for one sort or bitmap:
    # with PostgreSQL's 4 MB, the bitmap of a phrase of common words over 500,000 paragraphs
    # turns lossy and every text on its pages is read again (380 ms against 56 ms with 16 MB).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c work_mem=16MB"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "annotations.signin.AddressThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
SIGNUP_ENABLED = env_bool("SIGNUP_ENABLED", True)

# Failed sign-ins are throttled per account and address (AXES_FAILURE_LIMIT), and per address
# across all accounts (AXES_ADDRESS_FAILURE_LIMIT). The address is the client's: behind a proxy,
# from the header that proxy sets (TRUSTED_PROXY_HEADER, e.g. X-Forwarded-For or X-Real-IP),
# TRUSTED_PROXY_COUNT entries from its right end. Without it every client would share the
# proxy's address, and anyone could lock anyone out.
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "").strip()
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 1 or more (the proxies in front).")
AXES_CLIENT_IP_CALLABLE = "annotations.signin.client_address"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "en"
# The six official languages of the United Nations, in the UN's order; each named in itself.
LANGUAGES = [
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
# The switch's choice, for a year; readable by nothing but the server.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "resolution-reader",
    }
}
# Each worker keeps anonymous readers' pages in at most this many bytes (body and gzip copy).
PAGE_CACHE_BYTES = env_int("PAGE_CACHE_BYTES", 64 * 1024 * 1024)

# What one person or one address may cost the site (resolutions/budget.py): at most so many of
# each kind of request per window, per account when signed in and per address always. Counted in
# the cache, so per worker with the default in-process cache.
RATE_LIMITS = {
    # kind: (requests, seconds)
    "export": (env_int("RATE_LIMIT_EXPORTS", 30), 3600),
    "import": (env_int("RATE_LIMIT_IMPORTS", 10), 3600),
    "invite": (env_int("RATE_LIMIT_INVITATIONS", 30), 3600),
    "team": (env_int("RATE_LIMIT_TEAMS", 10), 3600),
    "signup": (env_int("RATE_LIMIT_SIGNUPS", 5), 3600),
    "lookup": (env_int("RATE_LIMIT_LOOKUPS", 60), 60),
}
# What one account may hold, whatever the pace.
MAX_NOTES_PER_ACCOUNT = env_int("MAX_NOTES_PER_ACCOUNT", 20000)
MAX_TEAMS_PER_ACCOUNT = env_int("MAX_TEAMS_PER_ACCOUNT", 20)
MAX_PENDING_INVITATIONS_PER_TEAM = env_int("MAX_PENDING_INVITATIONS_PER_TEAM", 50)
# PostgreSQL stops any one statement of a reader who is not signed in after this long.
ANONYMOUS_STATEMENT_TIMEOUT_MS = env_int("ANONYMOUS_STATEMENT_TIMEOUT_MS", 2000)

# Mail goes to the console in development; set EMAIL_BACKEND (and its options) in production.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Resolution Reader <noreply@localhost>")

# The project's bundled resolutions, loaded by `make run`.
RESOLUTION_DATA_DIR = BASE_DIR / "data"

# Security headers. Our own JavaScript and htmx are files served from 'self'; no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
