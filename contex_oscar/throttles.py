"""The store's one throttle: every rate limit of the API is a small declaration of it.

A ``Throttle`` counts requests in fixed windows (``"count/period"``, DRF's format,
with an optional multiple: ``"10/15m"`` is ten per quarter hour; read from a
``CONTEX_*`` setting on every request) with the cache's atomic
``add``/``incr`` (on Redis one atomic script per count): with a shared cache (Redis) every
process counts into the same counter, and a burst of parallel requests lets exactly
``count`` through. What a
request is counted under is its ``key``, a tuple of key parts (below); the parts'
values are hashed, so they may hold any character whatever the cache backend.

Key parts, each a function ``(request, view) -> str | None`` (``None``: this request
is not counted by this throttle):

- ``client``: the client's address. The peer (``REMOTE_ADDR``) unless DRF's
  ``NUM_PROXIES`` is set, then the address that many proxies from the right of
  ``X-Forwarded-For`` (what a client writes into the header itself is ignored);
- ``posted(field)``: a value of the request body (an order number, an e-mail address);
- ``url_kwarg(name)``: a value from the URL (``/api/orders/<number>/...``);
- ``number_in(name)``: from the URL if it has it, else from the body.

``exempt`` predicates (``(request, view) -> bool``) let a request through uncounted,
e.g. ``signed_in_without("email")``: a signed-in user whose only credential is the
session cannot guess anything.

``failures_only``: look-up throttles count the look-ups that found nothing. The count
is taken before the view runs (so parallel guesses are bounded exactly) and given
back when the answer was a success (2xx, 3xx) or a refusal by another throttle
(429): a shopper reading their own order again and again never reaches the limit,
a client guessing order numbers or e-mail addresses does. Such a view mixes in
``SettleThrottles``.

When the cache raises (Redis down; behind ``contex_oscar.caching.FailSafeCache`` the
wrapped backend is used, so the outage is seen), the counter moves to a per-process
in-memory one and a warning is logged: requests are still limited (per process) and never a 500.
"""

import contextlib
import hashlib
import logging
import re
import time

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from contex_oscar.api.request_body import posted_field
from contex_oscar.caching import wrapped_cache
from contex_oscar.conf import contex_settings

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
KEY_PREFIX = "contex:throttle"

# Where counters go while the shared cache is unreachable (one per process).
_fallback = LocMemCache("contex-throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 20000}})


RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])[a-z]*\s*$", re.IGNORECASE)


def parse_rate(rate):
    """``"15/hour"`` -> ``(15, 3600)``, ``"10/15m"`` -> ``(10, 900)``; ``None`` or ``""`` ->
    ``None`` (no limit)."""
    if not rate:
        return None
    match = RATE.match(str(rate))
    if match is None or match.group(2) == "0":
        raise ImproperlyConfigured(f"Throttle rate {rate!r}: expected 'count/period'.")
    count, multiple, period = match.groups()
    return int(count), int(multiple or 1) * PERIODS[period.lower()]


def client_ident(request):
    """The client's address, trusting ``X-Forwarded-For`` only as far as ``NUM_PROXIES``."""
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = api_settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote
    addresses = [address.strip() for address in forwarded.split(",")]
    return addresses[-min(proxies, len(addresses))] or remote


# --- key parts and exemptions ----------------------------------------------------------


def normalize(value):
    """Counted values ignore case and surrounding spaces; empty means "not counted"."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip().lower() or None


def given(request, field):
    """``field`` from the body, else the query string (None when absent)."""
    value = posted_field(request, field)
    if value in (None, ""):
        value = request.query_params.get(field)
    return value if value not in (None, "") else None


def client(request, view):
    return client_ident(request)


def posted(field, clean=normalize):
    def part(request, view):
        return clean(posted_field(request, field))

    return part


def url_kwarg(name, clean=normalize):
    def part(request, view):
        return clean((getattr(view, "kwargs", None) or {}).get(name))

    return part


def number_in(name, clean=normalize):
    """The URL's ``name`` if the route has one, else the body's."""

    def part(request, view):
        kwargs = getattr(view, "kwargs", None) or {}
        return clean(kwargs[name]) if name in kwargs else clean(posted_field(request, name))

    return part


def signed_in(request, view):
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def signed_in_without(*fields):
    """Exempt: signed in and naming none of ``fields`` (the session is the credential)."""

    def exempt(request, view):
        return signed_in(request, view) and all(given(request, f) is None for f in fields)

    return exempt


def carries(field, is_valid):
    """Exempt: the request carries ``field`` and ``is_valid(value)`` holds (a signed link)."""

    def exempt(request, view):
        value = given(request, field)
        return value is not None and bool(is_valid(value))

    return exempt


# --- counting ----------------------------------------------------------------------------


# Django's RedisCache answers add + incr in three round trips (SET NX, EXISTS, INCR) and
# decr in two; a throttled request (tracking: two throttles, both given back) made ten.
# On Redis a count is one script (the window's key made with its expiry, then INCR; a
# script runs atomically, as MULTI/EXEC did, with one reply to read instead of four) and
# a request's give-backs one script for all its keys (DECR only while a key lives: never
# a key without expiry). Tracking: three round trips a request.
_HIT = "redis.call('set', KEYS[1], 0, 'ex', ARGV[1], 'nx') return redis.call('incr', KEYS[1])"
_DECR_IF_PRESENT = (
    "for _, key in ipairs(KEYS) do "
    "if redis.call('exists', key) == 1 then redis.call('decr', key) end end"
)


def _redis_key_and_client(cache, key):
    """The key as ``cache`` (a Django ``RedisCache``) stores it, and its redis-py client
    (the one every write goes to, whatever the key)."""
    stored = cache.make_and_validate_key(key)
    return stored, cache._cache.get_client(stored, write=True)


def _hit(cache, key, timeout):
    """Add one to ``key`` atomically; the new count."""
    if isinstance(cache, RedisCache):
        stored, client = _redis_key_and_client(cache, key)
        # 0 then INCR: Django's serializer stores ints as digits, so its get reads the count
        return client.eval(_HIT, 1, stored, int(timeout))
    for _ in range(3):
        if cache.add(key, 1, timeout=timeout):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr: add again
            continue
    return cache.incr(key)


def count(key, timeout, alias="default"):
    """Count one request under ``key``; ``(count, the cache that holds it)``."""
    try:
        cache = wrapped_cache(caches[alias])  # its outage must be seen, not hidden
        return _hit(cache, key, timeout), cache
    except Exception:  # noqa: BLE001 - any backend error: count in this process instead
        logger.warning(
            "Throttle cache %r unavailable: counting in this process only.", alias, exc_info=True
        )
        return _hit(_fallback, key, timeout), _fallback


def give_back(cache, *keys):
    """Take one off each of ``keys`` (on Redis in one round trip)."""
    # expired, or the cache went away: nothing to return
    if isinstance(cache, RedisCache):
        with contextlib.suppress(Exception):
            stored = [cache.make_and_validate_key(key) for key in keys]
            client = _redis_key_and_client(cache, keys[0])[1]
            client.eval(_DECR_IF_PRESENT, len(stored), *stored)
        return
    for key in keys:
        with contextlib.suppress(Exception):
            cache.decr(key)


def forget_fallback_counts():
    """Empty the in-process fallback counters (tests)."""
    _fallback.clear()


class Throttle(BaseThrottle):
    """Declare ``scope``, ``rate_setting`` and ``key``; see the module's docstring."""

    scope = None
    rate_setting = None
    key = (client,)
    exempt = ()
    methods = None  # only these HTTP methods are counted (None: all)
    failures_only = False
    cache_alias = "default"

    def __init__(self):
        self.seconds_left = None

    def allow_request(self, request, view):
        rate = parse_rate(getattr(contex_settings, self.rate_setting))
        if rate is None:
            return True
        if self.methods is not None and request.method not in self.methods:
            return True
        if any(exempt(request, view) for exempt in self.exempt):
            return True
        parts = [part(request, view) for part in self.key]
        if any(part is None for part in parts):
            return True
        if self.failures_only and not isinstance(view, SettleThrottles):
            raise ImproperlyConfigured(
                f"{type(self).__name__} counts failures: {type(view).__name__} must mix in "
                "contex_oscar.throttles.SettleThrottles."
            )
        limit, duration = rate
        now = time.time()
        window = int(now // duration)
        self.seconds_left = (window + 1) * duration - now
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
        key = f"{KEY_PREFIX}:{self.scope}:{digest}:{duration}:{window}"
        hits, cache = count(key, duration + 1, self.cache_alias)
        allowed = hits <= limit
        if allowed and self.failures_only:
            pending = getattr(request, "_contex_throttle_counts", None)
            if pending is None:
                pending = request._contex_throttle_counts = []
            pending.append((cache, key))
        return allowed

    def wait(self):
        return self.seconds_left


def settle(request, succeeded):
    """Give back what ``failures_only`` throttles counted for ``request`` if it succeeded."""
    pending = getattr(request, "_contex_throttle_counts", None) or ()
    if succeeded:
        by_cache = {}  # the shared cache and, during an outage, this process's
        for cache, key in pending:
            by_cache.setdefault(id(cache), (cache, []))[1].append(key)
        for cache, keys in by_cache.values():
            give_back(cache, *keys)
    request._contex_throttle_counts = []


class SettleThrottles:
    """View mixin: gives back what ``failures_only`` throttles counted for a success."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        settle(request, response.status_code < 400 or response.status_code == 429)
        return response
