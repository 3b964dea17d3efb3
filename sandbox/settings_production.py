"""The sandbox as a production deployment runs it: DEBUG off, HTTPS only, secure cookies.

    DJANGO_SETTINGS_MODULE=sandbox.settings_production \\
    DJANGO_SECRET_KEY=... DJANGO_ALLOWED_HOSTS=toko.example.co.id gunicorn sandbox.wsgi

Read from the environment: ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS`` (comma
separated; both required), ``DJANGO_CSRF_TRUSTED_ORIGINS`` (comma separated, optional),
``DJANGO_ADMINS`` (``Name <address>, ...``: server errors are also mailed there),
``DJANGO_HSTS_PRELOAD=1`` once the domain is submitted to the browsers' preload list.
TLS ends at the proxy in front (which also buffers slow clients, see the README's
security notes); it must set ``X-Forwarded-Proto: https``.
"""

import os
from email.utils import getaddresses

from django.core.exceptions import ImproperlyConfigured

from sandbox.settings import *  # noqa: F403
from sandbox.settings import DATABASES, MIDDLEWARE, STORAGES


def _required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set {name} in the environment for production.")
    return value


def _listed(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = False
SECRET_KEY = _required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = _listed("DJANGO_ALLOWED_HOSTS") or [_required("DJANGO_ALLOWED_HOSTS")]
CSRF_TRUSTED_ORIGINS = _listed("DJANGO_CSRF_TRUSTED_ORIGINS")
ADMINS = (
    getaddresses([os.environ.get("DJANGO_ADMINS", "")]) if os.environ.get("DJANGO_ADMINS") else []
)

# HTTPS only: the proxy terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# the load balancer probes the app servers over plain HTTP (contex_oscar.health)
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = os.environ.get("DJANGO_HSTS_PRELOAD") == "1"
# preloading is a commitment a site takes by choice (DJANGO_HSTS_PRELOAD=1), so check
# --deploy's reminder of it (W021) is not an issue of this profile
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# One connection per worker thread kept across requests (checked before reuse), unless
# DJANGO_CONN_MAX_AGE says otherwise (0: one per request, e.g. behind PgBouncer).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# WhiteNoise serves ``collectstatic``'s files, compressed (gzip), cached by the browser.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# The mail server the worker delivers the outbox to (DJANGO_EMAIL_BACKEND picks the backend).
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("DJANGO_EMAIL_USE_TLS", "1") == "1"
EMAIL_TIMEOUT = 30

# Background work in the database: each e-mail is queued after its commit and sent by the
# worker, which also runs the store's schedule (deploy/worker.sh: contex_schedule, db_worker).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

if "contex_oscar.api.middleware.ContentSecurityPolicyMiddleware" not in MIDDLEWARE:
    raise ImproperlyConfigured("sandbox.settings lost the CSP middleware")

# One line per record on stderr: a JSON object (DJANGO_LOG_FORMAT=json, the default: time,
# level, logger, message, request id, method, path, status, an event's fields, the
# traceback) or text (DJANGO_LOG_FORMAT=text). Each request is one line (contex_oscar.request)
# and each store event one more (contex_oscar.events). ERRORs of django.request (every 500)
# are mailed to ADMINS when there are any. 4xx answers are not errors of the server.
_ERROR_HANDLERS = ["console", "mail_admins"] if ADMINS else ["console"]
_LOG_FORMAT = "text" if os.environ.get("DJANGO_LOG_FORMAT", "json") == "text" else "json"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "contex_oscar.log.RequestContextFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(method)s %(path)s "
            "%(status_code)s %(message)s",
        },
        "json": {"()": "contex_oscar.log.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_context"],
            "formatter": _LOG_FORMAT,
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {"handlers": _ERROR_HANDLERS, "level": "ERROR", "propagate": False},
        "django.security": {"handlers": _ERROR_HANDLERS, "level": "WARNING", "propagate": False},
        "contex_oscar": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
