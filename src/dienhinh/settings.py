"""Settings, read from the environment; `DIENHINH_ENV=production` switches on the production mode."""

import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from dienhinh.env import env_bool, env_choice, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(env_str("DIENHINH_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = env_choice("DIENHINH_ENV", ("development", "production")) == "production"
DEBUG = env_bool("DEBUG", default=False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY (or SECRET_KEY_FILE) must be set in production.")
    # Development: one random key per checkout, kept out of the repository.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
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
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "dienhinh.core",
    "dienhinh.orgs",
    "dienhinh.programs",
    "dienhinh.registrations",
    "dienhinh.honours",
    "dienhinh.documents",
    "dienhinh.portal",
    "dienhinh.notifications",
    "dienhinh.api",
    "dienhinh.help",
    "dienhinh.demo",
]

MIDDLEWARE = [
    "dienhinh.core.logs.RequestIdMiddleware",
    "dienhinh.core.metrics.MetricsMiddleware",
    "dienhinh.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "dienhinh.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dienhinh.core.locale.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dienhinh.core.middleware.TwoFactorSetupMiddleware",
    "dienhinh.core.middleware.PasswordChangeRequiredMiddleware",
    "dienhinh.core.dbrouter.ReplicaReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dienhinh.core.middleware.DomainRefusalMiddleware",
]

ROOT_URLCONF = "dienhinh.urls"
WSGI_APPLICATION = "dienhinh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dienhinh.context_processors.navigation",
            ],
        },
    }
]

# Database: SQLite (WAL) is the embedded default; PostgreSQL in production via DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
# A PostgreSQL connection lasts an hour (CONN_MAX_AGE, seconds): a new session reads the catalogue
# and the statistics of each table the first time it plans a query on it, which costs the request
# that opens it a few milliseconds a table; with a minute, each thread paid it every minute.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 3600, minimum=0)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("SQLITE_TEST_NAME") or None}
else:
    # A persistent connection is checked before each request reuses it: after the database
    # restarts, the first request reconnects instead of failing on a dead connection.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A streaming replica for the public pages' reads (core.dbrouter): these views' GET requests
# read from it; everything else, and every write, goes to the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
REPLICA_VIEWS = env_list(
    "REPLICA_VIEWS",
    [
        f"portal:{name}"
        for name in (
            "home",
            "province_home",
            "program_home",
            "exemplar_list",
            "exemplar_detail",
            "exemplar_sheet",
            "photo",
            "feed_program",
            "feed_field",
            "sitemap",
        )
    ],
)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("CONN_MAX_AGE", 3600, minimum=0)
    )
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["dienhinh.core.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "dienhinh_cache",
    }
}

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_USER_MODEL = "core.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Sign-in throttling (core.auth): this many failures for one (user name, address) pair, or
# the higher address limit for one address, within the window lock it for LOGIN_LOCK_SECONDS.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 100, minimum=1)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 15 * 60, minimum=1)
LOGIN_LOCK_SECONDS = env_int("LOGIN_LOCK_SECONDS", 15 * 60, minimum=1)
# Wrong second-factor codes for one account from all addresses together, within the window.
LOGIN_CODE_ACCOUNT_LIMIT = env_int("LOGIN_CODE_ACCOUNT_LIMIT", 20, minimum=1)
# Superusers must sign in with a second factor (organisations require it per role on their page).
TWO_FACTOR_SUPERUSERS = env_bool("TWO_FACTOR_SUPERUSERS", False)
# How long a right password waits for its second-factor code.
LOGIN_CODE_SECONDS = env_int("LOGIN_CODE_SECONDS", 5 * 60, minimum=30)
# Reverse proxies whose X-Forwarded-For names the client (their own address is REMOTE_ADDR).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# Key of the HMAC that signs exported audit anchors (SECRET_KEY when unset).
AUDIT_ANCHOR_KEY = env_str("AUDIT_ANCHOR_KEY")
# Keys that seal secrets the product reads back (second-factor keys, webhook secrets) in the
# database (core.sealing): Fernet keys, comma-separated, the first sealing and every one opening.
# Unset: one key derived from SECRET_KEY.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])

LANGUAGE_CODE = "vi"
# Each language is named in its own language in the switch.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
FORMAT_MODULE_PATH = ["dienhinh.formats"]
USE_TZ = True
LANGUAGE_COOKIE_NAME = "dienhinh_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico, /apple-touch-icon.png).
WHITENOISE_ROOT = PACKAGE_DIR / "static_root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "dienhinh <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. The Content-Security-Policy is set by core.middleware.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=1)
CSRF_COOKIE_HTTPONLY = True

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Logs: one JSON object a line (LOG_FORMAT=text for reading in a terminal), each carrying the
# request id that the error page shows.
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "dienhinh.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "dienhinh.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT if LOG_FORMAT in ("json", "text") else "json",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
# /metrics answers the bearer of this token; without one, only requests made on this machine.
METRICS_TOKEN = env_str("METRICS_TOKEN")

DIENHINH: dict[str, Any] = {
    # Background jobs above this many rows run in the worker, below it inline.
    "BACKGROUND_ROW_THRESHOLD": env_int("BACKGROUND_ROW_THRESHOLD", 300, minimum=0),
    # PDFs whose tables hold more rows than this are typeset by Typst, the others by WeasyPrint
    # (documents.render.typeset; bench/pdf.py).
    "TYPESET_ROW_THRESHOLD": env_int("TYPESET_ROW_THRESHOLD", 300, minimum=0),
    "SITE_NAME": env_str("SITE_NAME", "Điển hình tiên tiến"),
    # Quota reminders go out this many days before a registration deadline.
    "REMINDER_DAYS": env_int("REMINDER_DAYS", 14, minimum=0),
    # Council members who have not voted are reminded this many days before the sitting.
    "VOTE_REMINDER_DAYS": env_int("VOTE_REMINDER_DAYS", 1, minimum=0),
    # A living exemplar with no follow-up for this many days: its unit's officers are reminded.
    "FOLLOW_UP_DAYS": env_int("FOLLOW_UP_DAYS", 183, minimum=1),
    # Notification e-mails: attempts before one is listed as failed, and the first retry's delay
    # (each next one waits four times longer).
    "MAIL_MAX_ATTEMPTS": env_int("MAIL_MAX_ATTEMPTS", 5, minimum=1),
    "MAIL_RETRY_SECONDS": env_int("MAIL_RETRY_SECONDS", 60, minimum=1),
    # How long an invitation's link works (orgs.invitations).
    "INVITATION_DAYS": env_int("INVITATION_DAYS", 7, minimum=1),
    "EVIDENCE_MAX_BYTES": env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024, minimum=1),
    # A request body larger than this is refused (413) before any of it is read: the largest
    # upload (evidence) plus room for the form around it.
    "MAX_REQUEST_BYTES": env_int("MAX_REQUEST_BYTES", 11 * 1024 * 1024, minimum=1),
    # An uploaded form is read in a child process with these operating-system limits.
    "IMPORT_MEMORY_MB": env_int("IMPORT_MEMORY_MB", 512, minimum=1),
    "IMPORT_CPU_SECONDS": env_int("IMPORT_CPU_SECONDS", 30, minimum=1),
    "IMPORT_WALL_SECONDS": env_int("IMPORT_WALL_SECONDS", 60, minimum=1),
    # A running job whose worker wrote no heartbeat for this long lost it (documents.jobs).
    "JOB_LEASE_SECONDS": env_int("JOB_LEASE_SECONDS", 30, minimum=1),
    "JOB_MAX_ATTEMPTS": env_int("JOB_MAX_ATTEMPTS", 2, minimum=1),
    # Finished jobs and their files are deleted after this many days.
    "JOB_RETENTION_DAYS": env_int("JOB_RETENTION_DAYS", 7, minimum=1),
    # Candidates never accepted, every registration returned or withdrawn this many years ago,
    # are anonymised by `manage.py apply_retention` (the daily task; Law 91/2025/QH15).
    "RETENTION_UNACCEPTED_YEARS": env_int("RETENTION_UNACCEPTED_YEARS", 5, minimum=1),
    # Shown on the privacy notice: how to reach the controller (an address, an e-mail).
    "PRIVACY_CONTACT": env_str("PRIVACY_CONTACT", ""),
    # Signed PDFs: a PKCS#12 file per signing organisation (KEYS_DIR/<code>.p12), or a PKCS#11
    # token for all (PKCS11_MODULE set). Verification trusts TRUST_ROOTS (PEM/DER files; the VGCA
    # roots in production); without them, the demo CA that make_demo_keys writes to KEYS_DIR.
    "SIGNING": {
        "KEYS_DIR": env_str("SIGNING_KEYS_DIR", str(VAR_DIR / "keys")),
        "P12_PASSPHRASE": env_str("SIGNING_P12_PASSPHRASE", ""),
        "PKCS11_MODULE": env_str("SIGNING_PKCS11_MODULE", ""),
        "PKCS11_TOKEN": env_str("SIGNING_PKCS11_TOKEN", ""),
        "PKCS11_PIN": env_str("SIGNING_PKCS11_PIN", ""),
        "PKCS11_KEY_LABEL": env_str("SIGNING_PKCS11_KEY_LABEL", ""),
        "PKCS11_CERT_LABEL": env_str("SIGNING_PKCS11_CERT_LABEL", ""),
        "TRUST_ROOTS": env_list("SIGNING_TRUST_ROOTS", []),
        # Revocation (OCSP, CRL) is fetched only when allowed: never in tests.
        "FETCH_REVOCATION": env_bool("SIGNING_FETCH_REVOCATION", PRODUCTION),
        "MAX_UPLOAD_BYTES": env_int("SIGNED_PDF_MAX_BYTES", 10 * 1024 * 1024, minimum=1),
    },
    # The public address of the portal, printed in the certificates' QR codes.
    "SITE_URL": env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/"),
    # Print-on-blank positions per honour form: a JSON file overriding certificates.BLANK_POSITIONS.
    "CERTIFICATE_POSITIONS_FILE": env_str("CERTIFICATE_POSITIONS_FILE", ""),
    # The key of the certificates' short codes (an HMAC): a forged code does not verify.
    "CERTIFICATE_CODE_KEY": env_str("CERTIFICATE_CODE_KEY", ""),
    # The public verification page: at most this many look-ups per address per minute.
    "VERIFY_RATE_LIMIT": env_int("VERIFY_RATE_LIMIT", 30, minimum=1),
    # Council votes: totals are shown only with at least this many voters on a candidate and
    # this share of all members present (a session may set its own quorum).
    "VOTE_MIN_VOTERS": env_int("VOTE_MIN_VOTERS", 3, minimum=1),
    "VOTE_QUORUM_PERCENT": env_int("VOTE_QUORUM_PERCENT", 50, minimum=1),
    # Private keys of the open vote sessions: outside the database, destroyed at closing.
    "BALLOT_KEY_DIR": env_str("BALLOT_KEY_DIR", str(VAR_DIR / "ballot-keys")),
}

# The REST API (dienhinh.api): tokens or the signed-in session, scoped as the web pages are.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "dienhinh.api.auth.TokenAuthentication",
        "dienhinh.api.auth.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["dienhinh.api.auth.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["dienhinh.api.auth.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env_str("API_RATE_LIMIT", "1200/hour")},
    "DEFAULT_PAGINATION_CLASS": "dienhinh.api.pagination.Pagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "dienhinh.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "dienhinh API",
    "DESCRIPTION": (
        "Programs, candidates, registrations, exemplars and honours, read and written with the "
        "same rules as the web pages. Authenticate with `Authorization: Bearer <token>` (create "
        "a token on the Access tokens page). Another unit's record answers 404. Errors are "
        '`{"errors": [{"field": ..., "message": ...}]}` in the language of `Accept-Language` '
        "(vi or en)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "RegistrationStatusEnum": "dienhinh.registrations.enums.RegistrationStatus",
        "EntryStatusEnum": "dienhinh.registrations.enums.EntryStatus",
        "ProgramStatusEnum": "dienhinh.programs.enums.ProgramStatus",
        "OrganisationStatusEnum": "dienhinh.orgs.enums.OrgStatus",
    },
}
