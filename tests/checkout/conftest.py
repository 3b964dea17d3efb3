import pytest
from django.core.cache import cache
from oscar.core.loading import get_model
from rest_framework.test import APIClient

from tests.factories import JAKARTA_ADDRESS

StockRecord = get_model("partner", "StockRecord")


@pytest.fixture(autouse=True)
def _no_throttle_leftovers():
    cache.clear()


def set_stock(product, num_in_stock, num_allocated=0):
    StockRecord.objects.filter(product=product).update(
        num_in_stock=num_in_stock, num_allocated=num_allocated
    )


def stock_of(product):
    return StockRecord.objects.get(product=product)


def fill_basket(client, *items):
    """Add ``(product, quantity)`` items to the client's guest basket; returns its URL."""
    client.get("/api/basket/")
    for product, quantity in items:
        added = client.post(
            "/api/basket/add-product/",
            {"url": f"http://testserver/api/products/{product.pk}/", "quantity": quantity},
            format="json",
        )
        assert added.status_code == 200, added.content
    return client.get("/api/basket/").json()["url"]


def checkout_payload(basket_url):
    return {
        "basket": basket_url,
        "accept_terms": True,
        "guest_email": "tamu@example.com",
        "shipping_address": {**JAKARTA_ADDRESS, "country": "http://testserver/api/countries/ID/"},
    }


def checkout(client, basket_url, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post("/api/checkout/", checkout_payload(basket_url), format="json", **headers)


def twin(client):
    """A second client with the same session cookie (the same shopper, another tab)."""
    other = APIClient()
    other.cookies = client.cookies
    return other
