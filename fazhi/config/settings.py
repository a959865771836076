"""Fazhi settings: one file, every value from the environment.

Environment:
- ``DATABASE_URL``: any URL dj-database-url understands (``postgres://…`` uses psycopg 3). Default: the
  SQLite file ``$FAZHI_DATA_DIR/fazhi.sqlite3`` in WAL mode.
- ``FAZHI_DATA_DIR``: where the SQLite file, uploads, generated documents and the demo secret live
  (default ``./data``).
- ``SECRET_KEY``: required when ``DEBUG`` is off (production refuses to start without it). In demo
  mode (``FAZHI_DEMO=1`` or ``DEBUG=1``) one is generated once and kept in the data directory.
- ``ALLOWED_HOSTS``: comma separated (default ``127.0.0.1,localhost`` in demo mode).
- ``DEBUG``: ``1`` / ``0`` (default ``0``).
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parent.parent  # the fazhi package
DATA_DIR = Path(os.environ.get("FAZHI_DATA_DIR", "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = _env_bool("DEBUG")
DEMO = _env_bool("FAZHI_DEMO") or DEBUG
TESTING = _env_bool("FAZHI_TESTING") or "pytest" in sys.modules


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if not (DEMO or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production refuses to start without it; "
            "set SECRET_KEY in the environment (or FAZHI_DEMO=1 for a local demo)."
        )
    path = DATA_DIR / "demo-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEMO or TESTING) else "").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "fazhi.core",
    "fazhi.workdays",
    "fazhi.process",
    "fazhi.documents",
    "fazhi.licensing",
    "fazhi.inspection",
    "fazhi.officers",
    "fazhi.discretion",
    "fazhi.enforcement",
    "fazhi.laws",
    "fazhi.powers",
    "fazhi.norms",
    "fazhi.decisions",
    "fazhi.requests",
    "fazhi.complaints",
    "fazhi.petitions",
    "fazhi.disclosure",
    "fazhi.reconsideration",
    "fazhi.advisers",
    "fazhi.assessment",
    "fazhi.education",
    "fazhi.openinfo",
    "fazhi.archives",
    "fazhi.portal",
    "fazhi.api",
    "fazhi.reports",
    "fazhi.security",
    "fazhi.sysadmin",
    "fazhi.tlog",
    "fazhi.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fazhi.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "fazhi.config.routers.ReplicaReadsMiddleware",  # heavy read pages → the read replica, when configured
]

ROOT_URLCONF = "fazhi.config.urls"
WSGI_APPLICATION = "fazhi.config.wsgi.application"

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
                "fazhi.core.context_processors.fazhi",
            ],
        },
    }
]

# --- database -----------------------------------------------------------------------------------
_sqlite_default = f"sqlite:///{DATA_DIR / 'fazhi.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _sqlite_default, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets the clock ticker and the web server write and read side by side.
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
    )

# --- several app servers over one PostgreSQL (docs/deployment.md) -------------------------------
# FAZHI_READ_REPLICA_URL: a read replica; the heavy public read pages read from it (fazhi/config/routers.py).
# The tests get a "replica" alias mirroring the default database (switched on per test).
_replica_url = os.environ.get("FAZHI_READ_REPLICA_URL", "")
FAZHI_READ_REPLICA = bool(_replica_url)
if _replica_url:
    DATABASES["replica"] = {**dj_database_url.parse(_replica_url, conn_max_age=60), "TEST": {"MIRROR": "default"}}
elif TESTING:
    DATABASES["replica"] = {**DATABASES["default"], "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
                            "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["fazhi.config.routers.ReadReplicaRouter"]
# Nothing in local memory: sessions in the database, the cache in Redis (FAZHI_REDIS_URL) or the database
# (table fazhi_cache, created by the jobs app's migration), login failures (django-axes) in the database.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
if os.environ.get("FAZHI_REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["FAZHI_REDIS_URL"], "KEY_PREFIX": "fazhi"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "fazhi_cache"}}
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# A running job whose worker has not renewed its claim for this long is taken again (the worker died).
FAZHI_JOB_STALE_SECONDS = int(os.environ.get("FAZHI_JOB_STALE_SECONDS", "120"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

# --- passwords and login ------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
# Password policy (GB/T 22239-2019 §8.1.4.1 a), level 3: complexity and periodic change; docs/security.md):
# minimum length, how many of the four classes (upper, lower, digit, symbol), how many previous passwords may
# not be reused, and the maximum age of a staff password in days (0: never expires).
FAZHI_PASSWORD_MIN_LENGTH = int(os.environ.get("FAZHI_PASSWORD_MIN_LENGTH", "12"))
FAZHI_PASSWORD_CLASSES = int(os.environ.get("FAZHI_PASSWORD_CLASSES", "3"))
FAZHI_PASSWORD_HISTORY = int(os.environ.get("FAZHI_PASSWORD_HISTORY", "5"))
FAZHI_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("FAZHI_PASSWORD_MAX_AGE_DAYS", "90"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "fazhi.security.validators.MinimumLengthValidator", "OPTIONS": {"min_length": FAZHI_PASSWORD_MIN_LENGTH}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "fazhi.security.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": FAZHI_PASSWORD_CLASSES}},
    {"NAME": "fazhi.security.validators.PasswordHistoryValidator", "OPTIONS": {"history": FAZHI_PASSWORD_HISTORY}},
]
# Staff two-factor authentication (TOTP, GB/T 22239-2019 §8.1.4.1 d)): "required" or "optional" (only staff
# who enrolled a device are asked for a code). Required in production; optional in the demo and the tests.
FAZHI_STAFF_TOTP = os.environ.get("FAZHI_STAFF_TOTP") or ("optional" if (DEMO or TESTING) else "required")
if FAZHI_STAFF_TOTP not in ("required", "optional"):
    raise ImproperlyConfigured("FAZHI_STAFF_TOTP must be 'required' or 'optional'.")
# Seconds a login may wait between its steps (password → code → new password) before starting over.
FAZHI_LOGIN_PENDING_SECONDS = int(os.environ.get("FAZHI_LOGIN_PENDING_SECONDS", "300"))
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Login throttling (django-axes): 5 failures lock the username+address pair for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("FAZHI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "fazhi.core.views.lockout"

# Idle session timeout: 30 minutes without a request ends the session.
SESSION_COOKIE_AGE = int(os.environ.get("FAZHI_SESSION_IDLE_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- secure headers -----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = _env_bool("FAZHI_HTTPS", default=not (DEMO or TESTING))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and _env_bool("FAZHI_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = False
# A government intranet host is not on the browsers' public HSTS preload list: the preload check is moot.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _env_bool("FAZHI_BEHIND_PROXY") else None
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Content Security Policy (django-csp 4): nothing from outside the deployment.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- i18n ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- files --------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "files"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FAZHI_UPLOAD_MAX_BYTES = int(os.environ.get("FAZHI_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
# ZIP containers (XLSX, DOCX, OFD) are checked before anything opens them (fazhi.core.uploads.check_zip,
# docs/security.md "Uploads"): members, total unpacked size, compression ratio of members of 1 MiB or more.
FAZHI_ZIP_MAX_MEMBERS = int(os.environ.get("FAZHI_ZIP_MAX_MEMBERS", "10000"))
FAZHI_ZIP_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("FAZHI_ZIP_MAX_UNCOMPRESSED_BYTES", str(256 * 1024 * 1024)))
FAZHI_ZIP_MAX_RATIO = int(os.environ.get("FAZHI_ZIP_MAX_RATIO", "100"))
# Yearly training hours an enforcement officer must complete (set by provincial rules; docs/officers.md).
FAZHI_ANNUAL_TRAINING_HOURS = int(os.environ.get("FAZHI_ANNUAL_TRAINING_HOURS", "40"))
# 较大数额罚款 (行政处罚法第六十三条: hearing right; 第五十八条: legal review), set by each province, in yuan.
FAZHI_PENALTY_MAJOR_FINE_UNIT = int(os.environ.get("FAZHI_PENALTY_MAJOR_FINE_UNIT", "100000"))
FAZHI_PENALTY_MAJOR_FINE_INDIVIDUAL = int(os.environ.get("FAZHI_PENALTY_MAJOR_FINE_INDIVIDUAL", "10000"))
# Normative documents (docs/norms.md): filing period after publication (calendar days; provinces set 15 or 30),
# the legality review period (working days), the validity period (years), the 发文字号 code of the series.
FAZHI_NORM_FILING_DAYS = int(os.environ.get("FAZHI_NORM_FILING_DAYS", "30"))
FAZHI_NORM_REVIEW_DAYS = int(os.environ.get("FAZHI_NORM_REVIEW_DAYS", "15"))
FAZHI_NORM_VALIDITY_YEARS = int(os.environ.get("FAZHI_NORM_VALIDITY_YEARS", "5"))
FAZHI_NORM_NUMBER_CODE = os.environ.get("FAZHI_NORM_NUMBER_CODE", "规")
DATA_UPLOAD_MAX_MEMORY_SIZE = FAZHI_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Audit records are kept at least six months (网络安全法 第二十一条第（三）项; GB/T 22239-2019 §8.1.4.3 c)): the
# audit trail (core.AuditEvent) refuses deletion of younger records, in the database too (docs/security.md).
FAZHI_AUDIT_RETENTION_DAYS = int(os.environ.get("FAZHI_AUDIT_RETENTION_DAYS", "180"))
if FAZHI_AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("FAZHI_AUDIT_RETENTION_DAYS must be at least 180 (网络安全法 art. 21: logs kept ≥ 6 months).")

# --- logging ------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FAZHI_LOG_LEVEL", "WARNING")},
}

FAZHI_NAME = _("法治 · 依法行政综合平台")
