"""Plain oscarapi (``settings_plain``) as ``load_benchmark.py`` serves it under gunicorn.

The same load-run differences as ``settings_load`` (persistent database connections,
request errors logged to stderr); plain oscarapi has no tracking endpoint to throttle.
"""

from benchmarks import settings_load
from benchmarks.settings_plain import *  # noqa: F403

DATABASES = settings_load.DATABASES
LOGGING = settings_load.LOGGING
