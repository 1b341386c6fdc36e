"""All settings, read from the environment, with embedded defaults that need no server.

Environments differ only by environment variables:
- DATABASE_URL        PostgreSQL (or any dj-database-url URL); default SQLite under var/.
- REDIS_URL           Redis for the Celery broker and the cache; CELERY_BROKER_URL overrides the broker alone.
                      Default: kombu's filesystem transport under var/, so a real worker runs with no server.
- S3_BUCKET           turns on S3 storage (with S3_ENDPOINT_URL, S3_REGION, AWS_ACCESS_KEY_ID, ...).
- DJANGO_DEBUG, DJANGO_SECRET_KEY (required when DEBUG is off), DJANGO_ALLOWED_HOSTS, CURATION_VAR_DIR,
  CURATION_MAX_UPLOAD_MB.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CURATION_VAR_DIR", BASE_DIR / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    # Signed image URLs, review links and sessions rest on this key: a process serving anyone must have its own.
    # The development key below is public (it is in the source), so only DEBUG (`make run`) may fall back to it.
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (generate one: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'); `make run` runs with DEBUG on."
        )
    SECRET_KEY = "dev-insecure-" + str(BASE_DIR)  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin, so that its forms and lists know the per-language columns.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "curation",
    "exhibitions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside the CSP middleware: names the page's inline styles by hash before the policy is written.
    "curation.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached public pages are answered here, before the session, CSRF and authentication work they never need.
    "exhibitions.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, but an address without a language that answers 404 stays a 404 (a taken-down show says it is gone).
    "exhibitions.languages.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it turns a login that django-axes refused into curation.accounts.lockout_response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "curation.urls"
WSGI_APPLICATION = "curation.wsgi.application"
ASGI_APPLICATION = "curation.asgi.application"

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
                "curation.roles.nav_roles",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(os.environ.get("CURATION_SQLITE_PATH", VAR_DIR / "db.sqlite3")),
            # The web server and the worker write to one file: WAL lets readers proceed during a write,
            # and IMMEDIATE transactions queue writers instead of failing with "database is locked".
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # A file, not :memory:, so that a real worker process in the tests shares the test database.
            # Per process, so that two test runs on one machine never share a database.
            "TEST": {"NAME": VAR_DIR / f"test-db-{os.getpid()}.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Answers as if empty while Redis is unreachable, and empties itself once it is back (curation.cache).
            "BACKEND": "curation.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # Our keys only: the repair after an outage deletes these, never the broker's queues.
            "KEY_PREFIX": "curation",
            # A lost Redis must cost a request milliseconds, not the operating system's connect timeout.
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("CURATION_CACHE_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("CURATION_CACHE_TIMEOUT", "1")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        }
    }

# --- Storage --------------------------------------------------------------------------------------
# Two storages: "default" holds originals and private files (never served directly to a visitor);
# "renditions" holds the re-encoded, metadata-free images that pages show. On S3 both are private prefixes
# read through signed URLs. With S3_RENDITIONS_DOMAIN (public-bucket mode) a third, "public_renditions", is the
# bucket's public prefix: exhibitions.public_bucket keeps in it copies of exactly the renditions visitors may see
# now, and public pages name those. How long anything taken down can still be seen: README, "Privacy".
MEDIA_ROOT = Path(os.environ.get("CURATION_MEDIA_ROOT", VAR_DIR / "media")).resolve()
MEDIA_URL = "/media/"
S3_BUCKET = os.environ.get("S3_BUCKET", "")
# Signed rendition URLs work this long; cached public pages are rebuilt after half of it (exhibitions.cache).
S3_RENDITIONS_URL_SECONDS = int(os.environ.get("S3_RENDITIONS_URL_SECONDS", "1800"))
# Browsers and shared caches keep an image this long before they ask again: the bound on how long a photo taken
# down can still be seen from a cache, on S3 and on local disk (exhibitions.public.rendition_serve).
RENDITIONS_CACHE_SECONDS = 300
# A dotted path to `purge(*, keys, urls)`, called with the objects the public-bucket sync deleted, for a CDN in
# front of the public prefix to drop its copies at once rather than after RENDITIONS_CACHE_SECONDS.
CURATION_CDN_PURGE = os.environ.get("CURATION_CDN_PURGE", "")
if S3_BUCKET:
    from botocore.config import Config as BotoConfig

    _s3 = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION", "us-east-1"),
        "access_key": os.environ.get("AWS_ACCESS_KEY_ID"),
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY"),
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 3600,
        # Fail fast when the store hangs, so a request answers and a task retries instead of waiting minutes.
        "client_config": BotoConfig(
            connect_timeout=float(os.environ.get("S3_CONNECT_TIMEOUT", "5")),
            read_timeout=float(os.environ.get("S3_READ_TIMEOUT", "30")),
            retries={"max_attempts": int(os.environ.get("S3_MAX_ATTEMPTS", "3")), "mode": "standard"},
        ),
    }
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3, "location": "private", "file_overwrite": False},
        },
        "renditions": {
            # Signed URLs at the address browsers reach the store at (S3_BROWSER_ENDPOINT_URL, when it differs).
            "BACKEND": "curation.storage_s3.BrowserSignedS3Storage",
            "OPTIONS": {
                **_s3,
                "location": "renditions",
                "file_overwrite": False,
                "querystring_expire": S3_RENDITIONS_URL_SECONDS,
                "browser_endpoint_url": os.environ.get("S3_BROWSER_ENDPOINT_URL") or None,
                # Private: a signed URL handed to someone allowed must not be kept by a shared cache, nor for
                # longer than a public image would be.
                "object_parameters": {"CacheControl": f"private, max-age={RENDITIONS_CACHE_SECONDS}"},
            },
        },
    }
    if os.environ.get("S3_RENDITIONS_DOMAIN"):
        STORAGES["public_renditions"] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_s3,
                "location": "public",
                "custom_domain": os.environ["S3_RENDITIONS_DOMAIN"],
                "url_protocol": os.environ.get("S3_URL_PROTOCOL", "https:"),
                "querystring_auth": False,
                # Objects are written by the sync's server-side copies, which set these parameters.
                "object_parameters": {"CacheControl": f"public, max-age={RENDITIONS_CACHE_SECONDS}"},
            },
        }
else:
    STORAGES = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": MEDIA_ROOT / "private", "base_url": None},
        },
        "renditions": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": MEDIA_ROOT / "renditions", "base_url": MEDIA_URL + "renditions/"},
        },
    }
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- Uploads --------------------------------------------------------------------------------------
CURATION_MAX_UPLOAD_BYTES = int(float(os.environ.get("CURATION_MAX_UPLOAD_MB", "100")) * 1024 * 1024)
CURATION_MAX_PIXELS = int(os.environ.get("CURATION_MAX_PIXELS", "120000000"))
# Uploads stream to a temporary file past this size instead of being held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Every field but files (a JSON reorder, a wall text) fits in this; larger bodies are refused with a 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
# The library posts one field per selected photo: after scrolling ten pages, "select all" sends over a thousand.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# Beside the local originals, so that a file spooled there is renamed into place rather than copied.
FILE_UPLOAD_TEMP_DIR = os.environ.get("CURATION_UPLOAD_TEMP_DIR") or str(MEDIA_ROOT / "uploading")
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)

# --- Auth -----------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses, before any password is hashed, an account or address that failed too often; authenticates nobody.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins, counted by django-axes in the database (AccessAttempt): CURATION_LOGIN_FAILURES_ALLOWED failures
# for one account, or from one address, lock it for CURATION_LOGIN_LOCKOUT_SECONDS after the last of them, on the
# login page and the admin's alike. curation.accounts runs each account's and address's attempts one at a time, so
# parallel guesses never pass the limit. Unlock: `manage.py axes_reset_username NAME`, or delete its access
# attempts in the admin.
AXES_FAILURE_LIMIT = int(os.environ.get("CURATION_LOGIN_FAILURES_ALLOWED", "5"))
AXES_COOLOFF_TIME = timedelta(seconds=int(os.environ.get("CURATION_LOGIN_LOCKOUT_SECONDS", "900")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Attempts refused during a lockout are not counted: it ends on time, and a flood of them writes nothing.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A success forgets that account's failures only (curation.accounts): axes's reset would also forget every failure
# from the address, so one's own account would wipe the guesses made at someone else's.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "curation.accounts.client_address"
AXES_LOCKOUT_CALLABLE = "curation.accounts.lockout_response"
# No record of every successful login (who, from which address, with which browser) kept for ever.
AXES_DISABLE_ACCESS_LOG = True
CURATION_TRUST_X_FORWARDED_FOR = env_bool("CURATION_TRUST_X_FORWARDED_FOR", False)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "curation:library"
LOGOUT_REDIRECT_URL = "exhibitions:home"

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "en"
# In the order labels hang in Almaty: Kazakh, Russian, English (switchers, writing columns, "any" fallback).
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content in every language of the site (curation/translation.py, exhibitions/translation.py). Outside the public
# pages a text missing in the active language is read in another one rather than shown empty.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "ru", "kk")
# Kazakh number and date formats (Django ships none): curation/formats/kk/formats.py.
FORMAT_MODULE_PATH = ["curation.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("CURATION_TIME_ZONE", "Asia/Almaty")

# --- Celery ---------------------------------------------------------------------------------------
CELERY_FILESYSTEM_DIR = Path(os.environ.get("CURATION_BROKER_DIR", VAR_DIR / "celery-broker"))
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "filesystem://localhost/"
if CELERY_BROKER_URL.startswith("filesystem"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_DIR / "queue"),
        "processed_folder": str(CELERY_FILESYSTEM_DIR / "processed"),
        # kombu's exchange tables; its default is a "control" folder in whatever directory the process started in.
        "control_folder": str(CELERY_FILESYSTEM_DIR / "control"),
        "store_processed": False,
        # A worker process that finishes a task waits for the next poll: kombu's default of one second would add up
        # to a second to every thumbnail (110 ms of CPU for 24 MP). At 50 ms an idle worker polls for 0.5 % of a core.
        "polling_interval": 0.05,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Must exceed the hard time limit, or Redis redelivers a task that is still running.
        "visibility_timeout": 3600,
        # Queues are read in the order the worker lists them: thumbnails before full rendition sets.
        "queue_order_strategy": "priority",
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request waits at most about a second for a broker that is down; the pending sweep does the rest.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A worker holds one message per process beyond those running. On the filesystem broker a process that finishes
# a task otherwise waits for the next poll (50 ms) before it gets another: 50 ms lost per thumbnail, a third of
# the 105 ms of CPU one takes (bench/ingest.py). Redis hands the next message over at once, so its workers hold
# nothing back and take queues strictly in order.
CELERY_WORKER_PREFETCH_MULTIPLIER = 2 if CELERY_BROKER_URL.startswith("filesystem") else 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(os.environ.get("CURATION_WORKER_MAX_MEMORY_KB", "600000"))
# Every task is routed on purpose (tests/curation/test_queues.py checks it), to one of four queues, which a worker
# reads in this order (Redis: "priority" above; "filesystem://": curation/broker.py): time-critical work
# first, then what a photographer waits for, then bulk processing, then clean-up. A scheduled opening or a takedown
# never waits behind a backlog of renditions; in production a second worker reads `urgent` alone
# (docker-compose.yml), so it does not even wait for a rendition that is running.
CURATION_QUEUES = ("urgent", "thumbnails", "renditions", "housekeeping")
CELERY_WORKER_QUEUES = ",".join(CURATION_QUEUES)
CELERY_TASK_DEFAULT_QUEUE = "urgent"
CELERY_TASK_ROUTES = {
    "curation.tasks.photo_thumbnail_make": {"queue": "thumbnails"},
    "curation.tasks.photo_renditions_make": {"queue": "renditions"},
    # Finds photos whose task was lost: behind a backlog it would wait for the very queue it checks.
    "curation.tasks.photos_pending_sweep": {"queue": "urgent"},
    "curation.tasks.cache_repair": {"queue": "urgent"},
    "curation.tasks.renditions_orphaned_delete": {"queue": "housekeeping"},
    # An opening-night publish happens within the minute, whatever else is queued.
    "exhibitions.tasks.exhibitions_scheduled_publish": {"queue": "urgent"},
    "exhibitions.tasks.consents_expired_take_down": {"queue": "urgent"},
    # A takedown's public copies must go at once, not after the renditions of a 500-photo upload.
    "exhibitions.tasks.public_renditions_sync": {"queue": "urgent"},
}
CELERY_BEAT_SCHEDULE = {
    "photos-pending-sweep": {"task": "curation.tasks.photos_pending_sweep", "schedule": 30.0},
    "cache-repair": {"task": "curation.tasks.cache_repair", "schedule": 30.0},
    "renditions-orphaned-delete": {"task": "curation.tasks.renditions_orphaned_delete", "schedule": 6 * 3600.0},
    # Every 15 s (one indexed query): a scheduled opening goes up within 15 s of its time.
    "exhibitions-scheduled-publish": {"task": "exhibitions.tasks.exhibitions_scheduled_publish", "schedule": 15.0},
    # Daily, a few minutes after midnight where consent dates are written (TIME_ZONE): the day after the expiry
    # date the photos go. Beat keeps its last run in its schedule file, so a night it was down is run on start.
    "consents-expired-take-down": {
        "task": "exhibitions.tasks.consents_expired_take_down",
        "schedule": crontab(minute=5, hour=0),
    },
    # Public-bucket mode: the sync is queued on commit by every publication and people change; this catches what
    # that missed (a lost message, a write that skipped signals, a rendition made after publishing). Elsewhere a
    # no-op.
    "public-renditions-sync": {"task": "exhibitions.tasks.public_renditions_sync", "schedule": 60.0},
}
# Crontab entries above read in the project's time zone, not UTC (Celery's default).
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# A photo unchanged this long whose task waits in no queue has lost it, and is queued again (the sweep runs every
# 30 s: a lost task is found within about two minutes). A task a worker has taken is trusted for longer: a rendition
# set takes seconds, but a worker killed outright keeps its message taken for the visibility timeout (an hour).
CURATION_PENDING_SWEEP_AFTER_SECONDS = int(os.environ.get("CURATION_PENDING_SWEEP_AFTER_SECONDS", "90"))
CURATION_DELIVERED_TASK_SECONDS = int(os.environ.get("CURATION_DELIVERED_TASK_SECONDS", "180"))
# An upload's full rendition sets wait for all its thumbnails while files arrive; a sender that vanished (a closed tab)
# stops holding them this long after its last file (curation/services.py, "the batch hold").
CURATION_BATCH_HOLD_SECONDS = int(os.environ.get("CURATION_BATCH_HOLD_SECONDS", "120"))

# --- Security -------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions are read from the cache and written through to the database: every signed-in page reads its session,
# and the cache answers without a query (a lost cache costs a query, not a log-out).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Not HttpOnly: the library's script reads the CSRF token from its cookie.
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the language cookie.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Image hosts besides our own (an S3 endpoint or CDN serving renditions), for the Content-Security-Policy.
CSP_EXTRA_IMG_SRC = env_list("CURATION_CSP_IMG_SRC")
if S3_BUCKET:
    if not os.environ.get("S3_ENDPOINT_URL"):
        CSP_EXTRA_IMG_SRC.append("https://*.amazonaws.com")
    for _endpoint in (
        os.environ.get("S3_ENDPOINT_URL"),
        os.environ.get("S3_BROWSER_ENDPOINT_URL"),
        os.environ.get("S3_RENDITIONS_DOMAIN"),
    ):
        if _endpoint:
            _scheme = os.environ.get("S3_URL_PROTOCOL", "https:")
            CSP_EXTRA_IMG_SRC.append(_endpoint if "://" in _endpoint else f"{_scheme}//{_endpoint.split('/')[0]}")
# The Content-Security-Policy (django-csp): nothing inline runs or styles the page unless the policy names it.
# A page that needs an inline block reads `request.csp_nonce`, and only then does its policy carry a nonce. Public
# pages never do, because they are cached and served to every visitor alike: their inline <style> blocks are named
# by hash instead (curation.middleware), and the hashes are kept with the cached page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *CSP_EXTRA_IMG_SRC],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if not DEBUG and env_bool("DJANGO_SECURE", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CURATION_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-axes's warnings (a repeated failure, a lockout) without its news of every attempt and start-up.
        "axes": {"level": "WARNING"},
        # WeasyPrint tells every step of every PDF at INFO ("Step 2 - Fetching and parsing CSS"): its problems only.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
