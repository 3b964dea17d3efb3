"""Checkout re-checks stock under row locks: the last unit is sold once, nothing oversold."""

from unittest import mock

import pytest
from oscar.core.loading import get_model

from contex_oscar.order.stock import InsufficientStock, lock_and_check_stock
from tests import factories
from tests.checkout.conftest import checkout, fill_basket, set_stock, stock_of

Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")


def test_basket_for_two_when_one_is_left_is_refused_and_nothing_allocated(api_client, product):
    set_stock(product, 2)
    basket_url = fill_basket(api_client, (product, 2))
    set_stock(product, 2, num_allocated=1)  # someone else bought one meanwhile

    response = checkout(api_client, basket_url)

    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "insufficient_stock"
    assert body["errors"]["lines"] == [
        {"product": product.pk, "title": product.get_title(), "requested": 2, "available": 1}
    ]
    assert Order.objects.count() == 0
    assert stock_of(product).num_allocated == 1
    basket = Basket.objects.get()
    assert basket.status == Basket.OPEN  # the shopper can lower the quantity and retry


def test_after_lowering_the_quantity_the_checkout_succeeds(api_client, product):
    set_stock(product, 2)
    basket_url = fill_basket(api_client, (product, 2))
    set_stock(product, 2, num_allocated=1)
    assert checkout(api_client, basket_url).status_code == 409

    line_url = api_client.get(basket_url).json()["lines"]
    line = api_client.get(line_url).json()[0]
    changed = api_client.patch(line["url"], {"quantity": 1}, format="json")
    assert changed.status_code == 200, changed.content

    response = checkout(api_client, basket_url)
    assert response.status_code == 200, response.content
    assert stock_of(product).num_allocated == 2


def test_sold_out_product_is_refused(api_client, catalogue):
    first, second = catalogue[:2]
    set_stock(first, 3)
    set_stock(second, 3)
    basket_url = fill_basket(api_client, (first, 1), (second, 1))
    set_stock(second, 3, num_allocated=3)

    response = checkout(api_client, basket_url)

    assert response.status_code == 409
    assert [line["product"] for line in response.json()["errors"]["lines"]] == [second.pk]
    assert stock_of(first).num_allocated == 0  # the first line is not allocated either


def test_constraint_violation_is_insufficient_stock_not_a_server_error(api_client, product):
    """Should the locked re-check ever be bypassed, the database constraint answers 409."""
    set_stock(product, 1)
    basket_url = fill_basket(api_client, (product, 1))
    set_stock(product, 1, num_allocated=1)

    with mock.patch("contex_oscar.order.creator.lock_and_check_stock"):
        response = checkout(api_client, basket_url)

    assert response.status_code == 409, response.content
    assert response.json()["code"] == "insufficient_stock"
    assert Order.objects.count() == 0
    assert stock_of(product).num_allocated == 1


def test_service_passes_available_lines_and_lists_short_ones(catalogue):
    first, second = catalogue[:2]
    set_stock(first, 5)
    set_stock(second, 5)
    basket = factories.basket_with(first, 2)
    basket.add_product(second, 3)
    lock_and_check_stock(basket)  # enough of both: no error

    set_stock(second, 5, num_allocated=4)
    with pytest.raises(InsufficientStock) as raised:
        lock_and_check_stock(basket)
    assert raised.value.shortages == [
        {"product": second.pk, "title": second.get_title(), "requested": 3, "available": 1}
    ]


def test_product_class_without_stock_tracking_is_not_checked(catalogue):
    product = catalogue[0]
    set_stock(product, 5)
    basket = factories.basket_with(product, 2)
    set_stock(product, 0)
    product_class = product.get_product_class()
    product_class.track_stock = False
    product_class.save()
    lock_and_check_stock(basket)
