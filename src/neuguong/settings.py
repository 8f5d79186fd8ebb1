"""Settings for Nêu Gương.

Every value comes from the environment with a safe default for the embedded setup (SQLite under
``var/``, one machine). Production (``NEUGUONG_ENV=production``) refuses to start without a
secret key, the field key and the audit key.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("NEUGUONG_PROJECT_DIR", BASE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("NEUGUONG_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("NEUGUONG_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("NEUGUONG_DEBUG", not PRODUCTION)

SECRET_KEY = os.environ.get("NEUGUONG_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("NEUGUONG_SECRET_KEY must be set when NEUGUONG_ENV=production.")
    SECRET_KEY = "development-only-key-do-not-use-in-production"  # noqa: S105

# Key for encrypting sensitive fields (citizen ID numbers) and for their keyed search hashes.
FIELD_ENCRYPTION_KEY = os.environ.get("NEUGUONG_FIELD_KEY", "")
if not FIELD_ENCRYPTION_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("NEUGUONG_FIELD_KEY must be set when NEUGUONG_ENV=production.")
    FIELD_ENCRYPTION_KEY = SECRET_KEY

# Key of the audit chain's HMAC: without it nobody can recompute the hashes of rewritten events.
# It lives in the environment only, never in the database. After a rotation the previous keys
# (newest first) still verify the events written with them.
AUDIT_KEY = os.environ.get("NEUGUONG_AUDIT_KEY", "")
if not AUDIT_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("NEUGUONG_AUDIT_KEY must be set when NEUGUONG_ENV=production.")
    AUDIT_KEY = "development-only-audit-key"  # noqa: S105
AUDIT_PREVIOUS_KEYS = env_list("NEUGUONG_AUDIT_PREVIOUS_KEYS", "")

ALLOWED_HOSTS = env_list("NEUGUONG_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("NEUGUONG_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "ninja",  # serves the API documentation's Swagger UI from its own static files, not a CDN
    "django_htmx",
    "django_prose_editor",  # the portal's rich-text editor (ProseMirror), from its own static files
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "neuguong.core",
    "neuguong.audit",
    "neuguong.catalogues",
    "neuguong.orgs",
    "neuguong.accounts",
    "neuguong.ballots",
    "neuguong.reception",
    "neuguong.study",
    "neuguong.inspection",
    "neuguong.portal",
    "neuguong.evaluation",
    "neuguong.honours",
    "neuguong.jobs",
    "neuguong.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "neuguong.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A visitor's cached news page, before sessions, locale, CSRF and authentication (portal.middleware).
    "neuguong.portal.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "neuguong.core.middleware.InputGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "neuguong.accounts.middleware.SessionExpiryMiddleware",
    "neuguong.accounts.middleware.TwoFactorMiddleware",
    # After authentication (it keys on the user) and before the routes (it wraps their transaction).
    "neuguong.core.middleware.IdempotencyKeyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "neuguong.web.middleware.ThrottledMiddleware",
]

ROOT_URLCONF = "neuguong.urls"
WSGI_APPLICATION = "neuguong.wsgi.application"

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
                "neuguong.web.context.shell",
            ],
        },
    }
]

# Database: SQLite under var/ unless NEUGUONG_DATABASE_URL (or DATABASE_URL) says otherwise.
DATABASE_URL = os.environ.get("NEUGUONG_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
if DATABASE_URL:
    _db = dj_database_url.parse(DATABASE_URL)
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database lives here
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "neuguong.sqlite3")}
if _db["ENGINE"] == "django.db.backends.postgresql":
    _db.setdefault("OPTIONS", {})
    # With the pool, Django passes check=ConnectionPool.check_connection to psycopg_pool: every
    # checkout first pings the connection, so one whose backend was terminated (a restart, a
    # failover, pg_terminate_backend) is replaced instead of failing the request.
    _db["CONN_HEALTH_CHECKS"] = True
    if env_bool("NEUGUONG_DB_POOL", True):
        _db["OPTIONS"]["pool"] = {
            "min_size": int(os.environ.get("NEUGUONG_DB_POOL_MIN", "2")),
            "max_size": int(os.environ.get("NEUGUONG_DB_POOL_MAX", "10")),
            "timeout": 10,
        }
        _db["CONN_MAX_AGE"] = 0
elif _db["ENGINE"] == "django.db.backends.sqlite3":
    _db.setdefault("OPTIONS", {})
    _db["OPTIONS"].update({"transaction_mode": "IMMEDIATE", "timeout": 20,
                           "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"})
_db.setdefault("TEST", {})
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "neuguong.core.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The public site: the issuing body and contact shown in every public page's footer (empty: the root
# unit's name, and the petition form as the way to reach it), and how long a news page stays cached.
PUBLIC_ISSUER = os.environ.get("NEUGUONG_PUBLIC_ISSUER", "").strip()
PUBLIC_CONTACT = os.environ.get("NEUGUONG_PUBLIC_CONTACT", "").strip()
PORTAL_CACHE_SECONDS = int(os.environ.get("NEUGUONG_PORTAL_CACHE_SECONDS", "60") or 60)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("NEUGUONG_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login lockout: this many failures in a row locks the account for LOCKOUT_MINUTES.
LOGIN_MAX_FAILURES = int(os.environ.get("NEUGUONG_LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("NEUGUONG_LOGIN_LOCKOUT_MINUTES", "15"))
# Failed logins from one client address per hour, whatever the usernames, before it is refused.
LOGIN_ADDRESS_MAX_FAILURES = int(os.environ.get("NEUGUONG_LOGIN_ADDRESS_MAX_FAILURES", "30"))
# Sessions: idle expiry (started over while the session is used) and an absolute limit from login.
SESSION_COOKIE_AGE = int(os.environ.get("NEUGUONG_SESSION_IDLE_MINUTES", "30")) * 60
# An active session is stored again at most once a minute (accounts.middleware.SessionExpiryMiddleware),
# which starts its idle time over; a changed session is stored at once.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("NEUGUONG_SESSION_ABSOLUTE_HOURS", "12")) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("NEUGUONG_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Roles that must use two-factor authentication even before the user enrolled a device.
TWO_FACTOR_REQUIRED_ROLES = env_list("NEUGUONG_2FA_REQUIRED_ROLES", "system_admin" if PRODUCTION else "")
OTP_TOTP_ISSUER = "Nêu Gương"
API_TOKEN_DAYS = int(os.environ.get("NEUGUONG_API_TOKEN_DAYS", "90"))
# A candidate's online and paper counts are shown apart only when each channel holds at least this
# many ballots: the split of a handful of ballots publishes those voters' choices.
BALLOTS_MIN_CHANNEL_BALLOTS = int(os.environ.get("NEUGUONG_BALLOTS_MIN_CHANNEL_BALLOTS", "10"))
# Cell meetings: invitees see a meeting among their work this many days ahead; minutes not approved
# this many days after the meeting show among the work of those who approve them (docs/study.md).
STUDY_MEETING_NOTICE_DAYS = int(os.environ.get("NEUGUONG_STUDY_MEETING_NOTICE_DAYS", "7") or 7)
STUDY_MINUTES_DUE_DAYS = int(os.environ.get("NEUGUONG_STUDY_MINUTES_DUE_DAYS", "10") or 10)
# Exact citizen-ID lookups in the people search, per user and hour.
CITIZEN_ID_LOOKUPS_PER_HOUR = int(os.environ.get("NEUGUONG_CITIZEN_ID_LOOKUPS_PER_HOUR", "20"))
# A list download of more rows than this is prepared as a background job the user follows and
# downloads from /jobs/; a smaller one downloads at once.
EXPORT_INLINE_ROWS = int(os.environ.get("NEUGUONG_EXPORT_INLINE_ROWS", "5000"))
# How long an API write's Idempotency-Key replays its response (manage.py purge_idempotency_keys).
IDEMPOTENCY_KEY_HOURS = int(os.environ.get("NEUGUONG_IDEMPOTENCY_KEY_HOURS", "24"))

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Scripts, styles, images and fonts only from the site itself: nothing inline, nothing evaluated.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    # No page uses <base>: 'none' stops an injected one from redirecting relative script URLs.
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
# The rich-text editor (django-prose-editor's Tiptap) inserts one <style> of its base CSS. The pages
# that render the editor (and only they: see web.middleware) allow that exact text by its hash;
# web/tests/test_content_security_policy.py recomputes it from the installed package.
CONTENT_SECURITY_POLICY_EDITOR_STYLES = ["'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"]
# Reverse proxies in front of the application, each appending to X-Forwarded-For; the client
# address is read that many hops from the right (neuguong.core.net). 0: the header is ignored.
TRUSTED_PROXIES = int(os.environ.get("NEUGUONG_TRUSTED_PROXIES", "0"))
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("NEUGUONG_TRUSTED_PROXIES must be 0 or more.")
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # HTTPS only: browsers remember it for a year (lower it while trying a new domain), and plain
    # HTTP is redirected unless the reverse proxy already does it (NEUGUONG_SSL_REDIRECT=0).
    SECURE_HSTS_SECONDS = int(os.environ.get("NEUGUONG_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("NEUGUONG_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_SSL_REDIRECT = env_bool("NEUGUONG_SSL_REDIRECT", True)
    # API clients are not redirected: a silent redirect would send a token over HTTP first and
    # hide the client's mistake; over HTTP the API answers nothing useful (secure cookies, HSTS).
    SECURE_REDIRECT_EXEMPT = [r"^api/"]
    # Browser preload lists cover a whole domain and its subdomains and take months to leave: the
    # domain's owner decides (NEUGUONG_HSTS_PRELOAD=1), so the check asking for it is silenced.
    SECURE_HSTS_PRELOAD = env_bool("NEUGUONG_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PROJECT_DIR / "locale", BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("NEUGUONG_TIME_ZONE", "Asia/Ho_Chi_Minh")
FORMAT_MODULE_PATH = ["neuguong.formats"]

STATIC_URL = "/static/"
# Production serves collected files from STATIC_ROOT; development serves them from the apps.
STATIC_ROOT = Path(os.environ.get("NEUGUONG_STATIC_ROOT", VAR_DIR / "static")) if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(os.environ.get("NEUGUONG_MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded files live outside the web root (no MEDIA_URL): views that check access serve them.

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Request bodies: larger ones answer 413 before they are read (core.middleware). Uploads (the
# multipart bodies of forms with files) have their own, larger limit; each file its own below.
MAX_BODY_BYTES = int(os.environ.get("NEUGUONG_MAX_BODY_BYTES", str(1024 * 1024)))
UPLOAD_MAX_BYTES = int(os.environ.get("NEUGUONG_UPLOAD_MAX_BYTES", str(51 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_BODY_BYTES  # the form fields of a multipart body, without its files
PHOTO_MAX_BYTES = 2 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("NEUGUONG_LOG_LEVEL", "WARNING")},
}
