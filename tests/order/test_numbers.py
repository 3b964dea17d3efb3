"""The store's order numbers (issue 16, item 11): placing day, sequence, check digit."""

import datetime as dt

import pytest
import time_machine
from oscar.core.loading import get_class
from rest_framework.test import APIClient

from contex_oscar.order import numbers
from contex_oscar.workdays import store_timezone
from tests import factories

NOW = dt.datetime(2026, 12, 4, 10, 0, tzinfo=store_timezone())


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_the_class_loader_gives_the_stores_generator():
    assert get_class("order.utils", "OrderNumberGenerator") is numbers.OrderNumberGenerator


def test_a_number_is_the_placing_day_its_sequence_and_a_check_digit(product):
    order = factories.place_order(product)
    assert order.number == "2612040001" + numbers.check_digit("2612040001")
    assert numbers.is_store_number(order.number) and not numbers.is_mistyped(order.number)


def test_the_day_is_the_stores_day_not_utc(product, clock):
    clock.move_to(dt.datetime(2026, 12, 4, 23, 30, tzinfo=dt.UTC))  # 5 Dec, 06:30 in Jakarta
    assert factories.place_order(product).number.startswith("261205")


def test_numbers_increase_in_placing_order_whatever_the_basket(product, clock):
    first_basket = factories.basket_with(product)  # opened first, checked out last
    placed = [factories.place_order(product) for _ in range(2)]
    placed.append(factories.place_order(product, basket=first_basket))
    clock.move_to(NOW + dt.timedelta(days=1))
    placed.append(factories.place_order(product))
    assert [order.number[6:10] for order in placed] == ["0001", "0002", "0003", "0001"]
    as_numbers = [int(order.number) for order in placed]
    assert as_numbers == sorted(as_numbers) and len(set(as_numbers)) == 4


def test_the_check_digit_catches_a_mistyped_digit_and_swapped_neighbours():
    number = numbers.store_order_number(dt.date(2026, 12, 4), 7)
    assert number == "26120400077"
    for index in range(len(number)):
        for digit in "0123456789":
            if digit != number[index]:
                typo = number[:index] + digit + number[index + 1 :]
                assert numbers.is_mistyped(typo), typo
    for index in range(len(number) - 1):
        a, b = number[index], number[index + 1]
        if a != b and {a, b} != {"0", "9"}:  # Luhn's one blind spot
            swapped = number[:index] + b + a + number[index + 2 :]
            assert numbers.is_mistyped(swapped), swapped


def test_numbers_of_another_form_are_not_judged():
    assert not numbers.is_mistyped("100001")  # an order placed before the store's numbers


def test_a_mistyped_number_gets_the_same_not_found_as_an_unknown_one(product):
    order = factories.place_order(product, email="tamu@example.com")
    last = order.number[-1]
    typo = order.number[:-1] + ("0" if last != "0" else "1")
    client = APIClient()
    mistyped = client.post(
        "/api/orders/track/", {"number": typo, "email": "tamu@example.com"}, format="json"
    )
    unknown = client.post(
        "/api/orders/track/", {"number": "99999999999", "email": "tamu@example.com"}, format="json"
    )
    assert mistyped.status_code == unknown.status_code == 404
    assert mistyped.json() == unknown.json()
    right = client.post(
        "/api/orders/track/", {"number": order.number, "email": "tamu@example.com"}, format="json"
    )
    assert right.status_code == 200, right.content


def test_the_api_checkout_gives_a_store_number(api_client, product, zones, bank_accounts):
    from tests.payment.conftest import JAKARTA

    body = factories.checkout_body(
        factories.add_to_basket(api_client, product),
        guest_email="tamu@example.com",
        shipping_address=JAKARTA,
    )
    response = api_client.post("/api/checkout/", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["number"].startswith("2612040001")


def test_a_mistyped_number_is_refused_before_any_order_is_read(product, django_assert_num_queries):
    from contex_oscar.order import access

    order = factories.place_order(product, email="tamu@example.com")
    typo = order.number[:-1] + ("0" if order.number[-1] != "0" else "1")
    with django_assert_num_queries(0):
        assert access.find_order(typo, email="tamu@example.com") is None
