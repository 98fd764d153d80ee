"""Settings, read from the environment through ``config.env``.

With nothing set: development mode, SQLite beside the code and the in-memory channel layer, so
a fresh clone runs with nothing else installed. Production sets ``DEBUG=0``, ``SECRET_KEY``,
``ALLOWED_HOSTS``, ``DATABASE_URL`` (PostgreSQL) and ``REDIS_URL`` (channels_redis), so several
Daphne processes can serve one hustings. See docs/operations.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from csp.constants import NONE, SELF

from config.env import ConfigError, database_from_url, env_bool, env_int, env_ints, env_list, env_str, redis_from_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production"
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY in {"", DEV_SECRET_KEY}:
    raise ConfigError("SECRET_KEY must be set to a long random value when DEBUG is off (the development key is public)")
if not DEBUG and len(SECRET_KEY) < 32:
    raise ConfigError("SECRET_KEY is too short for production: use at least 32 random characters")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ConfigError("ALLOWED_HOSTS must list the site's host names when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "elections",
    "hustings",
    "ballots",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
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
                "elections.context_processors.navigation",
            ],
        },
    },
]

_database_url = env_str("DATABASE_URL")
if _database_url:
    # Each Daphne (or worker) process holds at most DATABASE_POOL_MAX PostgreSQL connections; 0
    # turns the pool off (a connection per request). docs/operations.md sizes it.
    DATABASES = {"default": database_from_url(_database_url, pool_max=env_int("DATABASE_POOL_MAX", 20, minimum=0))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis_url = env_str("REDIS_URL")
if _redis_url:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # channels_redis blocks on BZPOPMIN for 5 s; redis-py's default socket timeout is also
            # 5 s, so an idle receive times out mid-read and can drop the message it was popping.
            "CONFIG": {
                "hosts": [{"address": redis_from_url(_redis_url), "socket_timeout": 30}],
                "capacity": 5000,
                "expiry": 30,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
REDIS_URL = _redis_url

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a paused account or address before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling (django-axes; elections/signin.py): failures are counted per account and per
# address separately; either reaching the limit pauses sign-in for it. A success does not reset the
# counts (it would let someone with an account reset their address's count between guesses).
AXES_ENABLED = env_bool("SIGNIN_THROTTLE", True)
AXES_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("SIGNIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "elections.signin.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False  # no start-up banner (start-up prints one line, and only on error); lockouts are still logged

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "elections:home"
LOGOUT_REDIRECT_URL = "elections:home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
SERVE_STATIC = env_bool("SERVE_STATIC", DEBUG)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# HTTPS (docs/operations.md, "Security settings"). In production every http:// request is
# redirected to https:// and browsers are told to use HTTPS only (HSTS). Behind a proxy that
# terminates TLS, BEHIND_TLS_PROXY=1 trusts the proxy's header saying the request came in over
# HTTPS (the proxy must set it and strip it from clients); or the proxy redirects and
# HTTPS_REDIRECT=0 turns Django's redirect off.
SECURE_SSL_REDIRECT = env_bool("HTTPS_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
_proxy_header = env_str("TLS_PROXY_HEADER", "X-Forwarded-Proto")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
SECURE_REFERRER_POLICY = "same-origin"
# Preloading HSTS is a commitment made for the whole domain (a submission to browsers' lists), so
# it is the operator's choice (HSTS_PRELOAD=1), not a default; check --deploy is told so.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Content-Security-Policy (django-csp), in development and tests too, so the pages are built to
# it: scripts and styles only from our own static files (no inline script, inline handlers or
# style attributes), live updates over our own websocket, nothing framed, forms posting only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "elections.api_schema.ApiSchema",
    # The API answers JSON only (no browsable HTML pages), errors included: see elections/api_errors.py.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "elections.uploads.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "elections.api_errors.api_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "elections.bounds.Pages",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "NEC elections platform API",
    "DESCRIPTION": "Candidates, statements, nominations, hustings and results.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # The task queue logs every task at INFO; the count worker turns that back on for itself.
    "loggers": {"django.db.backends": {"level": "INFO"}, "django_tasks": {"level": "WARNING"}},
}

# Results: the largest ballot file the web page accepts (larger files: manage.py load_ballots).
RESULTS_UPLOAD_MAX_BYTES = env_int("RESULTS_UPLOAD_MAX_BYTES", 50 * 1024 * 1024, minimum=1024)
# A running count writes a heartbeat every few seconds; one silent for this long was lost with its
# worker process, and the next worker queues it again (docs/results.md, "Counts").
RESULTS_COUNT_STALE_SECONDS = env_int("RESULTS_COUNT_STALE_SECONDS", 60, minimum=1)

# Background work (counts) goes through Django's tasks framework (the django-tasks backport). In
# production the database backend queues it and a worker runs it (``manage.py count_worker``);
# TASKS_BACKEND=immediate runs it in the caller instead (the tests). "inline" always runs in the
# caller: the command line (``manage.py count_ballots``) and the demo loader use it.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ConfigError(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}")
TASKS = {
    "default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default", "counts"]},
    "inline": {"BACKEND": _TASK_BACKENDS["immediate"], "QUEUES": ["default", "counts"]},
}

# Nominations CSV import (the page): the largest file, and the most nominations one file may hold.
NOMINATIONS_IMPORT_MAX_BYTES = env_int("NOMINATIONS_IMPORT_MAX_BYTES", 2 * 1024 * 1024, minimum=1024)
NOMINATIONS_IMPORT_MAX_LINES = env_int("NOMINATIONS_IMPORT_MAX_LINES", 20_000, minimum=1)

# Live pages (elections/live; docs/live-protocol.md, limits in docs/operations.md). Per connection:
# the largest frame a client may send and how many frames (of any kind) per 10 seconds (over it:
# an error reply; over twice it: the socket is closed), and how many resyncs a minute.
WEBSOCKET_MAX_MESSAGE_BYTES = env_int("WEBSOCKET_MAX_MESSAGE_BYTES", 8192, minimum=256)
WEBSOCKET_MESSAGES_PER_10_SECONDS = env_int(
    "WEBSOCKET_MESSAGES_PER_10_SECONDS", env_int("HUSTINGS_MESSAGES_PER_10_SECONDS", 60, minimum=5), minimum=5
)
LIVE_RESYNCS_PER_MINUTE = env_int("LIVE_RESYNCS_PER_MINUTE", 6, minimum=1)
# Per process: sockets waiting for their access to be checked before new ones are told to retry,
# how often every socket's access is checked again (role, membership, session), how long an early
# event waits for its predecessor before the store is asked, how often streams are compared with
# the store, and how many recent events per stream are kept in memory for joins and resyncs.
LIVE_JOIN_QUEUE_LIMIT = env_int("LIVE_JOIN_QUEUE_LIMIT", 5000, minimum=10)
LIVE_RECHECK_SECONDS = env_int("LIVE_RECHECK_SECONDS", 5, minimum=1)
LIVE_GAP_WAIT_MS = env_int("LIVE_GAP_WAIT_MS", 150, minimum=10)
LIVE_TAIL_SECONDS = env_int("LIVE_TAIL_SECONDS", 2, minimum=1)
LIVE_MEMORY_EVENTS = env_int("LIVE_MEMORY_EVENTS", 200, minimum=10)
LIVE_REPLAY_EVENTS = env_int("LIVE_REPLAY_EVENTS", 100, minimum=1)
# Presence: written once a second per process, renewed every 5 s, forgotten 20 s after a process dies.
LIVE_PRESENCE_SECONDS = env_int("LIVE_PRESENCE_SECONDS", 1, minimum=1)
LIVE_PRESENCE_HEARTBEAT_SECONDS = env_int("LIVE_PRESENCE_HEARTBEAT_SECONDS", 5, minimum=1)
LIVE_PRESENCE_TTL_SECONDS = env_int("LIVE_PRESENCE_TTL_SECONDS", 20, minimum=2)
# Stored events: kept for catching up only (snapshots are the truth); pruned hourly by each live
# process and by ``manage.py prune_live_events``.
LIVE_HISTORY_EVENTS = env_int("LIVE_HISTORY_EVENTS", 1000, minimum=10)
LIVE_HISTORY_DAYS = env_int("LIVE_HISTORY_DAYS", 7, minimum=1)
LIVE_PRUNE_SECONDS = env_int("LIVE_PRUNE_SECONDS", 3600, minimum=60)
# The cyclic garbage collector's thresholds in each ASGI (Daphne) process, set at start-up
# (gc.set_threshold: new objects before a young collection, young collections before a middle
# one, middle ones before a full one is considered). The default is Python's own. With it a
# process holding 2,500 sockets ran a full collection every few seconds while a crowd connected,
# each stopping it for 0.2-1.0 s; 20000,50,20 ran none then, but over a 3-minute run its memory
# kept growing where Python's stayed flat (benchmarks/hustings/README.md), so it is an option
# for a large audience's processes, not the default.
LIVE_GC_THRESHOLDS = env_ints("LIVE_GC_THRESHOLDS", (700, 10, 10))

# Hustings: the longest question a member may submit, and per-member allowances per minute
# (held in the database, so they apply across every Daphne process).
HUSTINGS_QUESTION_MAX_CHARS = env_int("HUSTINGS_QUESTION_MAX_CHARS", 500, minimum=20)
HUSTINGS_QUESTIONS_PER_MINUTE = env_int("HUSTINGS_QUESTIONS_PER_MINUTE", 3, minimum=1)
HUSTINGS_VOTES_PER_MINUTE = env_int("HUSTINGS_VOTES_PER_MINUTE", 30, minimum=1)
# Hosts a hustings page may embed its live video from (hustings/video.py); a PeerTube instance is
# added by its host name. Each page's frame-src allows only the one host it embeds.
HUSTINGS_VIDEO_HOSTS = env_list(
    "HUSTINGS_VIDEO_HOSTS", ["www.youtube-nocookie.com", "www.youtube.com", "player.vimeo.com"]
)
