"""Issue 21, defect 6: a cache outage never stops sales.

The cache is an optimisation: with its server down, checkout, the product list, the
basket and tracking answer as usual (no cache, a warning logged) and throttles count in
the process. Sites configure the default cache through ``contex_oscar.caching.FailSafeCache``
(the sandbox does), which wraps the real backend.
"""

import logging

import pytest
from django.test import override_settings
from oscar.core.loading import get_model

from contex_oscar import throttles
from tests.api.test_checkout import guest_checkout

Order = get_model("order", "Order")


def fail_safe(inner):
    return {"default": {"BACKEND": "contex_oscar.caching.FailSafeCache", "OPTIONS": inner}}


DOWN = {
    # a cache whose server is down: every operation raises, as Redis's client does
    "failing backend": fail_safe({"BACKEND": "tests.core.test_throttles.FailingCache"}),
    # Redis on a port where nothing listens
    "closed redis port": fail_safe(
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    ),
}


@pytest.fixture(params=list(DOWN), ids=list(DOWN))
def cache_down(request, caplog):
    throttles.forget_fallback_counts()
    with override_settings(CACHES=DOWN[request.param]), caplog.at_level(logging.WARNING):
        yield caplog
    throttles.forget_fallback_counts()


def test_checkout_places_the_order_while_the_cache_is_down(api_client, product, cache_down):
    response = guest_checkout(api_client, product)
    assert response.status_code == 200, response.content
    assert Order.objects.filter(number=response.json()["number"]).exists()
    assert any("cache" in record.getMessage().lower() for record in cache_down.records)


def test_the_product_list_and_basket_answer_while_the_cache_is_down(
    api_client, product, cache_down
):
    listed = api_client.get("/api/products/")
    assert listed.status_code == 200
    assert any(item["id"] == product.pk for item in listed.json()["results"])
    added = api_client.post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{product.pk}/", "quantity": 1},
        format="json",
    )
    assert added.status_code == 200, added.content
    assert api_client.get("/api/basket/").json()["lines"]


def test_tracking_answers_while_the_cache_is_down(api_client, order, cache_down):
    body = {"number": order.number, "email": "tamu@example.com"}
    response = api_client.post("/api/orders/track/", body, format="json")
    assert response.status_code == 200, response.content


def test_a_cache_that_is_up_is_used_through_the_wrapper(settings):
    from django.core.cache import cache

    with override_settings(
        CACHES=fail_safe({"BACKEND": "django.core.cache.backends.locmem.LocMemCache"})
    ):
        cache.set("contex:test", 41)
        assert cache.incr("contex:test") == 42
        assert cache.get_or_set("contex:other", lambda: "x") == "x"
        assert cache.get("contex:other") == "x"
