"""The centre's Django settings, read from a handful of environment variables.

``centre.bootstrap.configure`` sets them from the command line's ``--home`` and
``--database``; a server started by gunicorn reads the same variables:

GOPY_CENTRE_HOME       the centre's folder: keys, the SQLite file, held batch files, the secret key, the shared cache
GOPY_CENTRE_DATABASE   ``postgresql://user@host:port/name``; empty: ``centre.sqlite3`` in the home
GOPY_CENTRE_DEBUG      "1" for development only
GOPY_CENTRE_ALLOWED_HOSTS  host names served, separated by commas (default: 127.0.0.1,localhost)
GOPY_CENTRE_CACHE      the folder of the cache every worker shares (default: ``cache`` in the home; tmpfs is faster)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from centre.core.database import database_settings
from kiosk.resources import locales_dir

BASE_DIR = Path(__file__).resolve().parent
HOME = Path(os.environ.get("GOPY_CENTRE_HOME", ".")).expanduser().resolve()
DEBUG = os.environ.get("GOPY_CENTRE_DEBUG") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("GOPY_CENTRE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]


def _secret_key() -> str:
    """One per centre, kept in its home (mode 600), made on first use."""
    if os.environ.get("GOPY_CENTRE_SECRET_KEY"):
        return os.environ["GOPY_CENTRE_SECRET_KEY"]
    if "GOPY_CENTRE_HOME" not in os.environ:
        return secrets.token_urlsafe(50)  # no home: nothing to keep it in
    path = HOME / "secret_key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    try:
        HOME.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(key)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    except OSError:
        pass  # a read-only home: this process's key only (sessions end with it)
    return key


SECRET_KEY = _secret_key()

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "centre.core",
    "centre.accounts",
    "centre.audit",
    "centre.fleet",
    "centre.consultations",
    "centre.ingest",
    "centre.review",
    "centre.portal",
    "centre.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "centre.urls"
WSGI_APPLICATION = "centre.wsgi.application"

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
            ],
        },
    }
]

# One cache for every worker: the portal's kept pages and its rate limits, the API's rate limits. Files (no extra
# service; centre/core/public_cache.py) in the home, or in GOPY_CENTRE_CACHE: a folder on tmpfs (/run/gopy-centre)
# writes a kept page in a quarter of the time; nothing in it outlives a minute or needs a backup.
CACHES = {
    "default": {
        "BACKEND": "centre.core.public_cache.SharedFileCache",
        "LOCATION": os.environ.get("GOPY_CENTRE_CACHE") or str(HOME / "cache"),
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 10000},  # about 40 MB of pages at most
    }
}

DATABASES = {"default": database_settings(os.environ.get("GOPY_CENTRE_DATABASE", ""), HOME)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "centre_accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked-out name is refused before its password is checked
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "fleet:overview"

# Lockout: five wrong passwords for one user name from one address lock it for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Gópý"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a TLS proxy (docs/centre.md) the cookies are marked secure.
if os.environ.get("GOPY_CENTRE_HTTPS") == "1":
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [locales_dir()]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the project's own: centre.css, vendored htmx
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Served from the app folders directly: no collectstatic step for a centre to forget.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["stderr"], "level": "WARNING"}, "axes": {"handlers": ["stderr"], "level": "ERROR"}},
}
