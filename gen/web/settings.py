"""Django settings, read from BUDGETDOC_* environment variables (`budgetdoc serve` sets the usual ones).

BUDGETDOC_DATA          the data folder: SQLite database, stored uploads and outputs, installed profiles
BUDGETDOC_DATABASE_URL  postgres://user:password@host:port/name for a bureau-wide server; default SQLite
BUDGETDOC_SECRET_KEY    signs sessions; default a key kept in the data folder
BUDGETDOC_ALLOWED_HOSTS host names the site answers to, comma-separated (default 127.0.0.1,localhost)
BUDGETDOC_HTTPS         1 behind an HTTPS reverse proxy: secure cookies, HSTS, X-Forwarded-Proto trusted
BUDGETDOC_TRUSTED_PROXY the reverse proxy's address, whose X-Forwarded-For names the client (server.py)
BUDGETDOC_MAX_UPLOAD_MB the largest upload (default 20, the loaders' own limit)
BUDGETDOC_JOBS          background build processes (default 2)
BUDGETDOC_DISTRICT      the district's name shown on every page (default 本区)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext

from gen.load.limits import MAX_INPUT_BYTES

# Lets the admin's classes be written with their model types (ModelAdmin[Department]) at run time too.
django_stubs_ext.monkeypatch()

DATA_DIR = Path(os.environ.get("BUDGETDOC_DATA", "data")).resolve()
SECRET_FILE = DATA_DIR / "secret_key"


def _secret_key() -> str:
    if key := os.environ.get("BUDGETDOC_SECRET_KEY"):
        return key
    if SECRET_FILE.is_file():
        return SECRET_FILE.read_text(encoding="ascii").strip()
    # `budgetdoc serve` writes the file before Django starts; a key made here (for a management
    # command or the type checker) only lives as long as the process.
    return secrets.token_urlsafe(50)


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = _secret_key()
DEBUG = _flag("BUDGETDOC_DEBUG_WEB")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("BUDGETDOC_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "gen.web.workbench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gen.web.workbench.security.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "gen.web.urls"
WSGI_APPLICATION = "gen.web.wsgi.application"

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
                "gen.web.workbench.access.site_context",
            ]
        },
    }
]

if url := os.environ.get("BUDGETDOC_DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "budgetdoc.sqlite3"),
            # Uploads, the background builder and page views write at once: wait for the lock rather
            # than fail, take it at the start of a transaction, and let readers go on during a write.
            "OPTIONS": {
                "timeout": 30,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = None
# Whitenoise serves the app's and the admin's few static files straight from the installed package.
WHITENOISE_USE_FINDERS = True

# Sessions and cookies: the session ends after a working day, and no script can read either cookie.
SESSION_COOKIE_AGE = 10 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if _flag("BUDGETDOC_HTTPS"):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]

# Uploads: a file goes to a temporary file as it arrives, and past the cap it is dropped unread.
BUDGETDOC_MAX_UPLOAD = (
    int(os.environ.get("BUDGETDOC_MAX_UPLOAD_MB", "0") or 0) * 1024 * 1024 or MAX_INPUT_BYTES
)
FILE_UPLOAD_HANDLERS = ["gen.web.workbench.uploads.CappedUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 0
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

BUDGETDOC_JOBS = max(1, int(os.environ.get("BUDGETDOC_JOBS", "2") or 2))
BUDGETDOC_DISTRICT = os.environ.get("BUDGETDOC_DISTRICT", "本区")
BUDGETDOC_STORE = DATA_DIR / "store"
BUDGETDOC_PROFILES = DATA_DIR / "profiles"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"gen.web": {"level": "INFO"}},
}
