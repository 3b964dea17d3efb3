"""The store's one throttle (``contex_oscar.throttles``) and every endpoint that uses it.

Fixed windows counted with the cache's atomic ``add``/``incr``; the client is the
peer address unless DRF's ``NUM_PROXIES`` says how many proxies append to
``X-Forwarded-For``; look-up throttles count the look-ups that found nothing; a
cache that raises never turns a request into a 500.
"""

import logging
import threading
from types import SimpleNamespace

import pytest
import time_machine
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from contex_oscar import throttles
from tests.payment.conftest import bank_order

NOW = "2026-03-02 03:00:00+00:00"
TRACK = "/api/orders/track/"
WARRANTY = "/api/service-center/warranty-check/"


class FailingCache(LocMemCache):
    """A cache whose server is down: every operation raises, as Redis's client does."""

    def _down(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")

    add = get = set = incr = decr = delete = touch = has_key = _down
    get_many = set_many = delete_many = clear = _down


FAILING_CACHES = {"default": {"BACKEND": "tests.core.test_throttles.FailingCache"}}


def warranty_guess(client, number, **extra):
    body = {
        "purchase": "this-store",
        "order_number": str(number),
        "email": "tebakan@example.com",
        "hardware_defect": True,
        "box_complete": True,
    }
    return client.post(WARRANTY, body, format="json", **extra)


# --- the client's identity --------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_warranty_check_ignores_a_spoofed_forwarded_for(api_client, catalogue, settings):
    settings.CONTEX_SERVICE_TRACK_RATE_PER_CLIENT = "30/hour"
    codes = [
        warranty_guess(api_client, 100000 + i, HTTP_X_FORWARDED_FOR=f"10.1.{i}.1").status_code
        for i in range(35)
    ]
    assert codes[:30] == [400] * 30
    assert set(codes[30:]) == {429}


@time_machine.travel(NOW, tick=False)
def test_behind_a_proxy_the_address_it_appended_is_the_client(api_client, catalogue, settings):
    settings.CONTEX_SERVICE_TRACK_RATE_PER_CLIENT = "2/hour"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # the proxy appends the peer it saw; what the client wrote before that is not trusted
    first = [
        warranty_guess(api_client, 100001, HTTP_X_FORWARDED_FOR=f"6.6.6.{i}, 192.0.2.1")
        for i in range(3)
    ]
    assert [r.status_code for r in first] == [400, 400, 429]
    other = warranty_guess(api_client, 100001, HTTP_X_FORWARDED_FOR="6.6.6.1, 192.0.2.2")
    assert other.status_code == 400  # another client behind the same proxy


def test_client_identity_follows_num_proxies(settings):
    factory = APIRequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2")
    assert throttles.client_ident(request) == "10.0.0.1"  # NUM_PROXIES unset: the peer
    for proxies, expected in ((0, "10.0.0.1"), (1, "2.2.2.2"), (2, "1.1.1.1"), (5, "1.1.1.1")):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
        assert throttles.client_ident(request) == expected
    without_header = factory.get("/", REMOTE_ADDR="10.0.0.9")
    assert throttles.client_ident(without_header) == "10.0.0.9"


# --- counting across clients and order numbers ------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_enumerating_order_numbers_from_one_client_is_throttled(api_client, product, settings):
    """Issue 21: failed look-ups are counted per client across order numbers."""
    settings.CONTEX_PAYMENT_CONFIRMATION_RATE = "20/hour"
    codes = [
        api_client.get(
            f"/api/orders/{number}/payment-confirmations/",
            {"email": "tebakan@example.com"},
            HTTP_X_FORWARDED_FOR=f"10.2.{number % 250}.1",
        ).status_code
        for number in range(100000, 100260)
    ]
    assert codes[:20] == [404] * 20
    assert set(codes[20:]) == {429}


@time_machine.travel(NOW, tick=False)
def test_successful_look_ups_are_not_counted(api_client, product, settings):
    """A shopper reading their own order again and again is never throttled."""
    settings.CONTEX_PAYMENT_CONFIRMATION_RATE = "3/hour"
    order = bank_order(product)
    url = f"/api/orders/{order.number}/payment-confirmations/"
    for _ in range(10):
        assert api_client.get(url, {"email": "tamu@example.com"}).status_code == 200
    guesses = [api_client.get(url, {"email": "x@example.com"}).status_code for _ in range(4)]
    assert guesses == [404, 404, 404, 429]


@time_machine.travel(NOW, tick=False)
def test_rates_are_read_on_every_request(api_client, catalogue, settings):
    settings.CONTEX_SERVICE_TRACK_RATE_PER_CLIENT = "1/hour"
    assert warranty_guess(api_client, 100001).status_code == 400
    assert warranty_guess(api_client, 100001).status_code == 429
    settings.CONTEX_SERVICE_TRACK_RATE_PER_CLIENT = "5/hour"
    assert warranty_guess(api_client, 100001).status_code == 400
    settings.CONTEX_SERVICE_TRACK_RATE_PER_CLIENT = None  # no limit
    assert all(warranty_guess(api_client, 100001).status_code == 400 for _ in range(10))


# --- a cache that raises ----------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_cache_that_raises_falls_back_to_a_counter_in_this_process(
    api_client, catalogue, settings, caplog
):
    settings.CONTEX_TRACKING_RATE_PER_CLIENT = "3/hour"
    throttles.forget_fallback_counts()
    with override_settings(CACHES=FAILING_CACHES), caplog.at_level(logging.WARNING):
        codes = [
            api_client.post(
                TRACK, {"number": "999999", "email": "a@example.com"}, format="json"
            ).status_code
            for _ in range(4)
        ]
    assert codes == [404, 404, 404, 429]  # no 500, and still a limit
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("counting in this process" in message for message in warnings)
    throttles.forget_fallback_counts()


# --- the throttle itself --------------------------------------------------------------


class NumberThrottle(throttles.Throttle):
    scope = "test_number"
    rate_setting = "CONTEX_TRACKING_RATE_PER_ORDER"
    key = (throttles.url_kwarg("number"),)


class CountedView(throttles.SettleThrottles):
    def __init__(self, **kwargs):
        self.kwargs = kwargs


def request(**extra):
    return Request(APIRequestFactory().get("/", **extra), parsers=[JSONParser()])


@time_machine.travel(NOW, tick=False)
def test_keys_are_hashed_so_any_value_is_a_valid_cache_key(settings, monkeypatch):
    settings.CONTEX_TRACKING_RATE_PER_ORDER = "2/hour"
    seen = []
    original = throttles.count

    def spy(key, timeout, alias="default"):
        seen.append(key)
        return original(key, timeout, alias)

    monkeypatch.setattr(throttles, "count", spy)
    throttle = NumberThrottle()
    odd = "100 001\x00\n" + "9" * 300 + "é/%:"
    assert throttle.allow_request(request(), CountedView(number=odd))
    assert throttle.allow_request(request(), CountedView(number="100002"))
    assert len(seen) == 2 and seen[0] != seen[1]
    assert all(key.isascii() and " " not in key and len(key) < 200 for key in seen)
    assert 0 < throttle.wait() <= 3600  # seconds until the window ends (Retry-After)


def test_a_fixed_window_opens_again_when_it_ends(settings, time_machine):
    time_machine.move_to(NOW, tick=False)
    settings.CONTEX_TRACKING_RATE_PER_ORDER = "2/minute"
    view = CountedView(number="100001")
    results = [NumberThrottle().allow_request(request(), view) for _ in range(3)]
    assert results == [True, True, False]
    time_machine.shift(60)
    assert NumberThrottle().allow_request(request(), view)


def test_parts_that_are_missing_count_nothing(settings):
    settings.CONTEX_TRACKING_RATE_PER_ORDER = "1/hour"
    throttle = NumberThrottle()
    assert all(throttle.allow_request(request(), CountedView()) for _ in range(5))
    assert all(throttle.allow_request(request(), CountedView(number=" ")) for _ in range(5))


def test_a_failure_counting_throttle_needs_a_view_that_settles(settings):
    class Failures(NumberThrottle):
        failures_only = True

    with pytest.raises(ImproperlyConfigured):
        Failures().allow_request(request(), SimpleNamespace(kwargs={"number": "1"}))


def test_bad_rates_are_a_configuration_error():
    assert throttles.parse_rate("15/hour") == (15, 3600)
    assert throttles.parse_rate("3/m") == (3, 60)
    assert throttles.parse_rate(None) is None and throttles.parse_rate("") is None
    for bad in ("fifteen/hour", "15", "15/year"):
        with pytest.raises(ImproperlyConfigured):
            throttles.parse_rate(bad)


def test_no_other_throttle_implementation_is_left():
    """Every throttle of the package is a declaration of ``contex_oscar.throttles.Throttle``."""
    import pathlib

    import contex_oscar

    package = pathlib.Path(contex_oscar.__file__).parent
    the_one = package / "throttles.py"
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path != the_one
        and ("SimpleRateThrottle" in path.read_text() or "throttling." in path.read_text())
    ]
    assert offenders == []


# --- one counter for every process (Redis) ---------------------------------------------


def redis_cache_or_skip(settings):
    if "redis" not in str(settings.CACHES["default"]).lower():
        pytest.skip("needs Redis as the default cache (set REDIS_URL)")


@time_machine.travel(NOW, tick=False)
def test_parallel_requests_get_exactly_the_limit_through_redis(settings):
    redis_cache_or_skip(settings)
    settings.CONTEX_TRACKING_RATE_PER_ORDER = "15/hour"
    view = CountedView(number="100777")
    barrier = threading.Barrier(40)
    results = []

    def attempt():
        barrier.wait()
        results.append(NumberThrottle().allow_request(request(), view))

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert (results.count(True), results.count(False)) == (15, 25)


def test_a_redis_counter_lives_for_its_window_and_a_give_back_never_outlives_it(settings):
    redis_cache_or_skip(settings)
    from django.core.cache import caches

    backend = throttles.wrapped_cache(caches["default"])
    key = "contex:throttle:test:redis-window"
    stored, client = throttles._redis_key_and_client(backend, key)
    client.delete(stored)
    assert [throttles.count(key, 60)[0] for _ in range(3)] == [1, 2, 3]
    assert 0 < client.ttl(stored) <= 60  # made with the window's expiry
    throttles.give_back(backend, key)
    assert backend.get(key) == 2  # Django's cache reads the same counter
    client.delete(stored)  # the window ended
    throttles.give_back(backend, key)
    assert not client.exists(stored)  # no counter without expiry left behind


def test_a_request_s_give_backs_reach_every_counter_and_revive_none(settings):
    redis_cache_or_skip(settings)
    from django.core.cache import caches

    backend = throttles.wrapped_cache(caches["default"])
    keys = [f"contex:throttle:test:settle-{name}" for name in ("client", "order", "gone")]
    stored = {key: throttles._redis_key_and_client(backend, key) for key in keys}
    for name, client in stored.values():
        client.delete(name)
    pending = [(throttles.count(key, 60)[1], key) for key in keys for _ in range(2)]
    name, client = stored[keys[2]]
    client.delete(name)  # this window ended before the answer
    counted = Request(APIRequestFactory().post("/"))
    counted._contex_throttle_counts = pending
    throttles.settle(counted, succeeded=True)
    assert [backend.get(key) for key in keys[:2]] == [0, 0]  # both counts given back
    assert not client.exists(name)  # no counter without expiry left behind
    for name, client in stored.values():
        client.delete(name)
