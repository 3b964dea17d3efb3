"""Checkout races on PostgreSQL (real row locks). Skipped on SQLite.

Run with DATABASE_URL=postgres://user@host:port/name.
"""

import pytest
from oscar.core.loading import get_model
from rest_framework.test import APIClient

from tests.checkout.conftest import checkout, fill_basket, set_stock, stock_of, twin
from tests.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Order = get_model("order", "Order")


def outcome(result):
    """``"order"`` or the refusal's code, from a checkout's ``(kind, response)``."""
    kind, response = result
    assert kind == "ok", repr(response)
    if response.status_code == 200:
        return "order"
    return response.json()["code"]


def test_many_shoppers_racing_for_the_last_unit_one_order(product):
    set_stock(product, 1)
    shoppers = [APIClient() for _ in range(6)]
    baskets = [fill_basket(client, (product, 1)) for client in shoppers]

    results = run_concurrently(
        *[
            lambda client=client, url=url: checkout(client, url)
            for client, url in zip(shoppers, baskets, strict=True)
        ]
    )

    outcomes = sorted(outcome(result) for result in results)
    assert outcomes == ["insufficient_stock"] * 5 + ["order"]
    assert all(response.status_code in (200, 409) for _, response in results)
    assert Order.objects.count() == 1
    record = stock_of(product)
    assert (record.num_in_stock, record.num_allocated) == (1, 1)


def test_baskets_with_products_in_opposite_order_do_not_deadlock(catalogue):
    first, second = catalogue[:2]
    for _ in range(3):
        set_stock(first, 10)
        set_stock(second, 10)
        one, other = APIClient(), APIClient()
        url_one = fill_basket(one, (first, 1), (second, 1))
        url_other = fill_basket(other, (second, 1), (first, 1))

        results = run_concurrently(
            lambda one=one, url=url_one: checkout(one, url),
            lambda other=other, url=url_other: checkout(other, url),
        )

        assert [outcome(result) for result in results] == ["order", "order"]
        assert stock_of(first).num_allocated == stock_of(second).num_allocated == 2


def test_last_unit_in_opposite_order_one_wins_both_lines(catalogue):
    first, second = catalogue[:2]
    set_stock(first, 1)
    set_stock(second, 1)
    one, other = APIClient(), APIClient()
    url_one = fill_basket(one, (first, 1), (second, 1))
    url_other = fill_basket(other, (second, 1), (first, 1))

    results = run_concurrently(lambda: checkout(one, url_one), lambda: checkout(other, url_other))

    assert sorted(outcome(result) for result in results) == ["insufficient_stock", "order"]
    assert stock_of(first).num_allocated == stock_of(second).num_allocated == 1


def test_double_submit_of_one_basket_gives_one_order(product):
    set_stock(product, 5)
    client = APIClient()
    url = fill_basket(client, (product, 1))
    tabs = [twin(client) for _ in range(3)]

    results = run_concurrently(*[lambda tab=tab: checkout(tab, url) for tab in tabs])

    outcomes = sorted(outcome(result) for result in results)
    assert outcomes == ["basket_already_submitted"] * 2 + ["order"]
    assert Order.objects.count() == 1
    assert stock_of(product).num_allocated == 1


def test_double_submit_with_one_idempotency_key_returns_one_order_to_both(product):
    set_stock(product, 5)
    client = APIClient()
    url = fill_basket(client, (product, 1))
    tabs = [twin(client) for _ in range(3)]

    results = run_concurrently(
        *[lambda tab=tab: checkout(tab, url, key="bayar-0001") for tab in tabs]
    )

    assert [outcome(result) for result in results] == ["order"] * 3
    assert len({response.json()["number"] for _, response in results}) == 1
    assert Order.objects.count() == 1
    assert stock_of(product).num_allocated == 1
