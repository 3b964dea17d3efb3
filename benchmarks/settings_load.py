"""The store (``sandbox.settings``) as ``load_benchmark.py`` serves it under gunicorn.

Three differences from the sandbox, all for the load run and all stated here:

- Order tracking's throttles (``CONTEX_TRACKING_RATE_PER_CLIENT`` and ``_PER_ORDER``,
  30 and 15 an hour as shipped) are raised far beyond what a run can send, so the
  run measures the tracking endpoint (its throttle bookkeeping included) and not
  the throttle's refusals. Every client of a loopback run shares one address.
- Database connections persist between requests (``CONN_MAX_AGE``), as a production
  site configures them; each sync gunicorn worker keeps one connection.
- ``django.request`` errors are logged with their traceback to stderr (the gunicorn
  log): with ``DEBUG`` off Django would only mail them to ``ADMINS``.
"""

from sandbox.settings import *  # noqa: F403
from sandbox.settings import DATABASES

CONTEX_TRACKING_RATE_PER_CLIENT = "1000000000/hour"
CONTEX_TRACKING_RATE_PER_ORDER = "1000000000/hour"

DATABASES = {alias: {**db, "CONN_MAX_AGE": 600} for alias, db in DATABASES.items()}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
    },
}
