"""The store's caches: values dropped when the rows they come from change, and a cache
backend whose outage is never an error (``FailSafeCache``)."""

import logging

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def forget_on_change(receiver, models, name):
    """Call ``receiver`` whenever an instance of one of ``models`` is saved or deleted."""
    for model in models:
        for event, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(
                receiver,
                sender=model,
                dispatch_uid=f"contex_{name}_{model._meta.label_lower}_{event}",
            )


class CachedRows:
    """Rows every request reads and staff seldom change, cached until they change.

    ``load`` reads them (a list); connect ``forget`` to the changes (``forget_on_change``,
    Wagtail's page signals). It drops the cached rows at once and again once the change is
    committed: a reader in between may have cached the state before it. ``seconds`` is
    only a backstop.
    """

    def __init__(self, key, load, seconds=60 * 60):
        self.key, self.load, self.seconds = key, load, seconds

    def get(self):
        rows = cache.get(self.key)
        if rows is None:
            rows = list(self.load())
            cache.set(self.key, rows, self.seconds)
        return rows

    def forget(self, **kwargs):
        cache.delete(self.key)
        transaction.on_commit(lambda: cache.delete(self.key))


class FailSafeCache(BaseCache):
    """A cache backend that never lets its server's outage become an error.

    ``CACHES = {"default": {"BACKEND": "contex_oscar.caching.FailSafeCache",
    "OPTIONS": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://..."}}}``: every operation goes to the wrapped backend
    (``OPTIONS`` are its settings); when that raises (Redis unreachable, a timeout),
    a warning is logged and the operation answers as an empty cache would (``get``:
    the default, ``add``: False, ``incr``: ``ValueError``...). The store's own caches
    (catalogue list, store settings) and Oscar's and Wagtail's then work uncached: the
    cache is an optimisation, never a reason for a 500. Throttles read the wrapped
    backend itself (``wrapped_cache``) and count in the process while it is down.
    """

    def __init__(self, location, params):
        inner = dict(params.get("OPTIONS") or {})
        backend = inner.pop("BACKEND")
        super().__init__({})
        self.inner = import_string(backend)(inner.pop("LOCATION", location or ""), inner)

    def _safely(self, operation, answer, *args, **kwargs):
        try:
            return getattr(self.inner, operation)(*args, **kwargs)
        except Exception:  # noqa: BLE001 - any backend failure: answer without the cache
            logger.warning(
                "Cache %s failed (%s): answering without the cache.",
                type(self.inner).__name__,
                operation,
                exc_info=True,
            )
            if isinstance(answer, type) and issubclass(answer, Exception):
                raise answer(f"cache unavailable during {operation}")
            return answer(*args, **kwargs) if callable(answer) else answer

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("add", False, key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._safely("get", default, key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("set", None, key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("touch", False, key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._safely("delete", False, key, version=version)

    def get_many(self, keys, version=None):
        return self._safely("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._safely("has_key", False, key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._safely("incr", ValueError, key, delta, version=version)

    def decr(self, key, delta=1, version=None):
        return self._safely("decr", ValueError, key, delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(
            "set_many", lambda data, **kw: list(data), data, timeout=timeout, version=version
        )

    def delete_many(self, keys, version=None):
        return self._safely("delete_many", None, keys, version=version)

    def clear(self):
        return self._safely("clear", None)

    def close(self, **kwargs):
        return self._safely("close", None, **kwargs)


def wrapped_cache(cache):
    """The backend a ``FailSafeCache`` wraps (it raises when down), else ``cache`` itself."""
    return getattr(cache, "inner", cache) if isinstance(cache, FailSafeCache) else cache
