"""Settings for the Vision 2025 platform, read top to bottom.

Every value comes from the environment (12-factor). With nothing set the platform runs
on the embedded default: a SQLite file, Celery tasks run eagerly in-process and a
local-memory cache. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY and
ALLOWED_HOSTS; a missing or malformed value stops start-up with one line naming it.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _fail(setting: str, problem: str) -> None:
    # SystemExit prints the message on one line and exits non-zero, whatever runs the
    # settings (manage.py, gunicorn, celery, pytest); a traceback would bury the cause.
    raise SystemExit(f"Configuration error: {setting} {problem}")


DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        _fail("SECRET_KEY", "must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# HTTPS (docs/operations.md#https): on by default in production. Plain-HTTP requests are
# redirected, browsers told to use HTTPS only (HSTS) and cookies sent over HTTPS only.
# HTTPS=false is for serving on loopback without TLS (the benchmark, local trials).
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
# Load balancers and monitors poll the health check on the machine's plain-HTTP port.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
# The CSRF cookie stays readable by scripts (Django's default): none of ours reads it, and
# hiding it protects nothing, as the token is in every form.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading is asked for by default; the site is in browsers' preload lists only once
# someone submits the domain at hstspreload.org. Switching it off is a choice, so its
# deployment warning is silenced then.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# The TLS-terminating proxy in front of gunicorn says the request came over HTTPS in this
# header (X-Forwarded-Proto: https). Trusted only because the proxy sets it on every
# request and gunicorn listens on loopback; set it empty when nothing proxies.
_proxy_header = env.str("SECURE_PROXY_SSL_HEADER", default="X-Forwarded-Proto").strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https") if _proxy_header else None
)

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before django.contrib.admin.
    "modeltranslation",
    "vision.apps.VisionAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "vision",
    "priorities",
    "organizations",
    "monitoring",
    "tools",
]

MIDDLEWARE = [
    # First: a body over REQUEST_BODY_MAX_BYTES is refused before anything reads it.
    "vision.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for slow connections (static files are pre-compressed by whitenoise).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After LocaleMiddleware: the remembered or browser language on a first visit.
    "vision.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether this session passed two-factor authentication (organizations/two_factor.py).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A database that is down answers 503, not a server error.
    "vision.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy: scripts, styles and everything else only from this site, no
# inline script or style at all (tests/vision/test_csp.py scans the templates), so that
# text a user managed to slip past the escaping still cannot run. Pages are never framed.
# The API docs relax it for their own view only (vision/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "vision.urls"
WSGI_APPLICATION = "vision.wsgi.application"

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
                "vision.context_processors.roles",
            ],
            "builtins": ["vision.templatetags.locale_formats"],
        },
    },
]

# Database: a SQLite file unless DATABASE_URL names another (PostgreSQL in production).
DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql", "psql"}
DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
_db = urlsplit(DATABASE_URL)
if not DATABASE_URL.strip():
    _fail("DATABASE_URL", "is set but empty; unset it for SQLite or give a database URL.")
elif _db.scheme not in DATABASE_SCHEMES:
    _fail(
        "DATABASE_URL",
        f"must start with postgres:// or sqlite:/// (got {DATABASE_URL.split(':')[0]!r}).",
    )
elif _db.scheme != "sqlite" and (not _db.hostname or not _db.path.strip("/")):
    _fail("DATABASE_URL", "needs a host and a database name, e.g. postgres://user@host:5432/name.")
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
# Reconnect transparently after the database restarts instead of failing every request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Connections are kept for a minute (checked before reuse): opening one costs more than
# most of the pages served on it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite builds an index without the columns it merely carries (INCLUDE), as the
    # reports-by-period index is meant to be on PostgreSQL: nothing to warn about at
    # every start.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
    # A transaction takes SQLite's write lock when it begins, waiting up to 20 s for it.
    # Begun deferred, it would read first and ask for the lock at its first write, and a
    # reader asking while another transaction writes fails at once ("database is
    # locked", a 503) instead of waiting its turn.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        **DATABASES["default"].get("OPTIONS", {}),
    }

# Redis: unset means eager Celery and a local-memory cache; set means Redis for both.
REDIS_URL = env.str("REDIS_URL", default="")
if "REDIS_URL" in env.ENVIRON and not REDIS_URL.strip():
    _fail("REDIS_URL", "is set but empty; unset it to run without Redis or give a redis:// URL.")
if REDIS_URL:
    _redis = urlsplit(REDIS_URL)
    if _redis.scheme not in {"redis", "rediss"} or not _redis.hostname:
        _fail("REDIS_URL", "must look like redis://host:6379/0.")
    try:
        _redis.port  # noqa: B018 - urlsplit only validates the port when it is read.
    except ValueError:
        _fail("REDIS_URL", "has an invalid port.")
    # Redis down is a cache miss, not an error: pages are rendered afresh (and the miss
    # logged) instead of failing; an unreachable host costs a second, not a minute.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "vision",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 2,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each process keeps the dashboard pages it served last in its own memory, in front of
# the shared cache (pages are keyed on the dashboard generation, so none goes stale).
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "dashboard-pages",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 300},
}

# Celery: settings below are read by vision/celery.py (namespace CELERY_).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_RESULT_EXPIRES = 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing to a broker that is down fails within a couple of seconds instead of retrying
# for tens of them: the request that queued the task must answer, and the work it asked
# for is recorded in the database (PendingRecompute) or caught up by a scheduled run.
# A task taken by a worker that dies is redelivered after VISIBILITY_TIMEOUT seconds; it
# must exceed the longest task (the full recompute's time limit).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
    "socket_connect_timeout": 2,
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "dashboards-nightly": {
        "task": "monitoring.dashboards.tasks.recompute_all_dashboards",
        "schedule": crontab(hour=2, minute=30),
    },
    # Recomputes asked for while the broker was down (or lost with a worker).
    "dashboards-pending": {
        "task": "monitoring.dashboards.tasks.drain_pending_recomputes",
        "schedule": env.float("PENDING_RECOMPUTE_DRAIN_SECONDS", default=60),
    },
    "deadline-reminders": {
        "task": "monitoring.reporting.tasks.send_deadline_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
}
# Seconds an approval's recompute waits, so that a burst of approvals makes one recompute.
DASHBOARD_DEBOUNCE_SECONDS = env.float("DASHBOARD_DEBOUNCE_SECONDS", default=0.5)
# /healthz fails when the newest dashboard generation is older than this (the nightly
# recompute runs every 24 hours), and keeps its broker and worker answers this long.
HEALTHZ_MAX_DASHBOARD_AGE = env.int("HEALTHZ_MAX_DASHBOARD_AGE", default=26 * 3600)
HEALTHZ_CACHE_SECONDS = env.float("HEALTHZ_CACHE_SECONDS", default=5)
HEALTHZ_WORKER_TIMEOUT = env.float("HEALTHZ_WORKER_TIMEOUT", default=0.5)
# Seconds a recorded recompute request may wait for its own task before the drain queues
# another (it normally runs within DASHBOARD_DEBOUNCE_SECONDS).
PENDING_RECOMPUTE_GRACE_SECONDS = env.int("PENDING_RECOMPUTE_GRACE_SECONDS", default=120)
# Seconds after a recompute before the open data downloads are rebuilt (a burst of
# recomputes makes one build).
OPEN_DATA_DELAY_SECONDS = env.int("OPEN_DATA_DELAY_SECONDS", default=30)
# How long a rendered dashboard page stays cached (a new generation replaces it anyway).
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=24 * 3600)
# Days before a reporting deadline when organisations with nothing submitted are reminded.
REPORT_REMINDER_DAYS = env.int("REPORT_REMINDER_DAYS", default=7)

# People: our own user model, and login attempts rate-limited per user and address.
AUTH_USER_MODEL = "organizations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "monitoring:todo"
LOGOUT_REDIRECT_URL = "home"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The name authenticator apps show next to the codes.
OTP_TOTP_ISSUER = "Vision 2025"

# The REST API (docs/api.md).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "organizations.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "vision.rest.StablePagination",
    "DEFAULT_FILTER_BACKENDS": [
        "vision.rest.StrictFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Values are JSON numbers (up to four decimals), as in the open-data JSON; input takes
    # numbers and numeric strings alike.
    "COERCE_DECIMAL_TO_STRING": False,
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="120/minute"),
        "user": env.str("API_USER_RATE", default="1200/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "vision.schema.VisionAutoSchema",
    "EXCEPTION_HANDLER": "vision.rest.handle_exception",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Vision 2025 platform API",
    "DESCRIPTION": (
        "Open data on the Vision's priorities, the SDG roadmaps of Central Asian civil "
        "society, their approved values and dashboards; and reporting for member "
        "organisations. See docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "StatusClassEnum": "monitoring.models.StatusClass",
        "ReportStatusEnum": "monitoring.models.ProgressReport.Status",
        "OrganizationStatusEnum": "organizations.models.Organization.Status",
        "ProjectStatusEnum": "monitoring.projects.codelists.ActivityStatus",
        "ParticipantRoleEnum": "monitoring.projects.codelists.Role",
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English is the default and unprefixed in URLs; every other language lives
# under its code (/ru/…). All ten are on unless LANGUAGES narrows them, e.g. "en,ru,kk";
# content columns exist for every language the platform knows, so switching one on or off
# needs no migration. Content not yet translated shows in CONTENT_FALLBACK's order.
KNOWN_LANGUAGES = {
    "en": _("English"),
    "ru": _("Russian"),
    "kk": _("Kazakh"),
    "ky": _("Kyrgyz"),
    "uz": _("Uzbek"),
    "tg": _("Tajik"),
    "tk": _("Turkmen"),
    "mn": _("Mongolian"),
    "prs": _("Dari"),
    "ps": _("Pashto"),
}
LANGUAGE_CODE = "en"
_enabled = env.list("LANGUAGES", default=list(KNOWN_LANGUAGES))
if "en" not in _enabled or not set(_enabled) <= set(KNOWN_LANGUAGES):
    _fail("LANGUAGES", f"must include en and name only these: {', '.join(KNOWN_LANGUAGES)}.")
LANGUAGES = [(code, KNOWN_LANGUAGES[code]) for code in KNOWN_LANGUAGES if code in _enabled]
# Dari and Pashto are written right to left (Django knows neither language).
LANGUAGES_BIDI = ["he", "ar", "ar-dz", "ckb", "fa", "ur", "prs", "ps"]
EXTRA_LANG_INFO = {
    "mn": {"bidi": False, "code": "mn", "name": "Mongolian", "name_local": "Монгол хэл"},
    "prs": {"bidi": True, "code": "prs", "name": "Dari", "name_local": "دری"},
    "ps": {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"},
}
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format per language (vision/formats/): the long one, also where a page asks short.
FORMAT_MODULE_PATH = ["vision.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True
# The language chosen in the menu is remembered for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(KNOWN_LANGUAGES)
# Content missing in a language shows in English, or else in Russian (content written by
# a Russian-speaking coordinator has no English until someone translates it). For the
# national languages the admin chooses: CONTENT_FALLBACK=ru shows Russian before English.
_content_fallback = env.list("CONTENT_FALLBACK", default=["en", "ru"])
if set(_content_fallback) != {"en", "ru"}:
    _fail("CONTENT_FALLBACK", 'must be "en,ru" or "ru,en".')
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": tuple(_content_fallback),
    "en": ("ru",),
    "ru": ("en",),
}

# Uploads (logos, evidence) are at most this size in memory before going to disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880
# The largest request body: the largest upload the platform accepts (an evidence file,
# 10 MB, monitoring/reporting/evidence.py; an import file is 5 MB,
# monitoring/reporting/forms.py; a logo 2 MB, organizations/forms.py), plus 1 MB for the
# other fields of its form. A larger one is answered 413 before it is read
# (vision/middleware.py); the proxy in front should refuse it first (docs/security.md).
# tests/vision/test_request_size.py keeps it above each.
REQUEST_BODY_MAX_BYTES = max(10, 5, 2) * 1024 * 1024 + 1024 * 1024

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static", ("samples", BASE_DIR / "docs" / "samples")]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Evidence of reports, drafts' included: never served by the web server, only through
# the evidence view, which checks who asks. So it lives outside the public folders.
EVIDENCE_ROOT = Path(env.str("EVIDENCE_ROOT", default=str(BASE_DIR / "private")))
for _public in (STATIC_ROOT, MEDIA_ROOT):
    if EVIDENCE_ROOT.resolve().is_relative_to(Path(_public).resolve()):
        _fail("EVIDENCE_ROOT", f"must lie outside {_public}, which is served to everyone.")
# Where the open data downloads are built (served at /data/).
OPEN_DATA_ROOT = env.path("OPEN_DATA_ROOT", default=BASE_DIR / "opendata")
# The organisation that publishes the IATI files: its IATI organisation identifier (every
# activity identifier begins with it), name and IATI OrganisationType code. The default is
# a placeholder that no registry knows ("XX-" is no registration agency): a real deployment
# sets its own registered identifier.
IATI_REPORTING_ORG_REF = env.str("IATI_REPORTING_ORG_REF", default="XX-UNREGISTERED-VISION2025")
IATI_REPORTING_ORG_NAME = env.str(
    "IATI_REPORTING_ORG_NAME", default="Vision 2025 network (unregistered placeholder)"
)
IATI_REPORTING_ORG_TYPE = env.str("IATI_REPORTING_ORG_TYPE", default="23")
_IATI_ORGANISATION_TYPES = {"10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70"}
_IATI_ORGANISATION_TYPES |= {"71", "72", "73", "80", "90"}
if IATI_REPORTING_ORG_TYPE not in _IATI_ORGANISATION_TYPES:
    _fail("IATI_REPORTING_ORG_TYPE", "must be an IATI OrganisationType code, e.g. 22 or 23.")
if not IATI_REPORTING_ORG_REF.strip() or any(c.isspace() for c in IATI_REPORTING_ORG_REF):
    _fail("IATI_REPORTING_ORG_REF", "must be an IATI organisation identifier, e.g. KZ-BIN-123.")
if not IATI_REPORTING_ORG_NAME.strip():
    _fail("IATI_REPORTING_ORG_NAME", "must name the reporting organisation.")
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

# Email: printed to the console unless EMAIL_URL names an SMTP server, e.g.
# smtp+tls://user:password@smtp.example.org:587
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Vision 2025 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people reach the site at, for links in emails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes logs every login at INFO; its warnings (lockouts) are what matter.
    "loggers": {"axes": {"level": "WARNING"}},
}
