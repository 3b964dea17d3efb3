"""The production settings (``sandbox.settings_production``) as ``scale_out.py`` runs them.

One difference, for the run: the shared cache's keys start with the run's own prefix
(``SCALE_OUT_CACHE_PREFIX``), so a run's throttle counters start at zero whatever an earlier
run (or another program on the same Redis database) counted, and the run deletes its own
keys at the end. Everything else (database, Redis, S3 buckets, mail server) comes from the
environment exactly as ``deploy/env.example`` gives it to a real store.
"""

import os

from sandbox.settings_production import *  # noqa: F403
from sandbox.settings_production import CACHES

_shared = CACHES["default"]  # REDIS_URL is set: the store's FailSafeCache around Redis
CACHES = {
    **CACHES,
    "default": {
        **_shared,
        "OPTIONS": {**_shared["OPTIONS"], "KEY_PREFIX": os.environ["SCALE_OUT_CACHE_PREFIX"]},
    },
}
