"""One basket, one order: repeated checkouts answer 409 or, with the same key, the same order."""

import pytest
from oscar.core.loading import get_model

from contex_oscar.order.models import CheckoutIdempotencyKey
from tests.checkout.conftest import checkout, fill_basket, set_stock, stock_of, twin

Order = get_model("order", "Order")


def test_second_identical_checkout_is_basket_already_submitted(api_client, product):
    set_stock(product, 5)
    basket_url = fill_basket(api_client, (product, 1))

    first = checkout(api_client, basket_url)
    second = checkout(api_client, basket_url)

    assert first.status_code == 200, first.content
    assert second.status_code == 409, second.content
    assert second.json()["code"] == "basket_already_submitted"
    assert Order.objects.count() == 1
    assert stock_of(product).num_allocated == 1


def test_retry_with_the_same_idempotency_key_returns_the_same_order(api_client, product):
    set_stock(product, 5)
    basket_url = fill_basket(api_client, (product, 1))

    first = checkout(api_client, basket_url, key="klik-0001")
    again = checkout(twin(api_client), basket_url, key="klik-0001")

    assert first.status_code == again.status_code == 200, again.content
    assert again.json()["number"] == first.json()["number"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert Order.objects.count() == 1
    assert stock_of(product).num_allocated == 1
    assert CheckoutIdempotencyKey.objects.get().order.number == first.json()["number"]


def test_another_key_for_a_submitted_basket_is_refused(api_client, product):
    set_stock(product, 5)
    basket_url = fill_basket(api_client, (product, 1))
    assert checkout(api_client, basket_url, key="klik-0001").status_code == 200

    response = checkout(api_client, basket_url, key="klik-0002")

    assert response.status_code == 409
    assert response.json()["code"] == "basket_already_submitted"


def test_the_key_of_another_basket_does_not_replay_its_order(api_client, product):
    set_stock(product, 5)
    basket_url = fill_basket(api_client, (product, 1))
    assert checkout(api_client, basket_url, key="sama-sama").status_code == 200
    next_basket = fill_basket(api_client, (product, 1))
    assert next_basket != basket_url

    response = checkout(api_client, next_basket, key="sama-sama")

    assert response.status_code == 200, response.content
    assert Order.objects.count() == 2


def test_someone_elses_submitted_basket_is_not_theirs(api_client, product):
    set_stock(product, 5)
    basket_url = fill_basket(api_client, (product, 1))
    assert checkout(api_client, basket_url, key="kunci-001").status_code == 200

    from rest_framework.test import APIClient

    stranger = APIClient()
    response = checkout(stranger, basket_url, key="kunci-001")
    assert response.status_code == 401
    assert response.json()["code"] == "basket_not_yours"


@pytest.mark.parametrize("key", ["x" * 101, "pendek", "kunci dengan spasi"])
def test_malformed_idempotency_key_is_refused(api_client, product, key):
    basket_url = fill_basket(api_client, (product, 1))
    response = checkout(api_client, basket_url, key=key)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_idempotency_key"
    assert Order.objects.count() == 0
