"""Delivery estimates in working days, as dates: weekends and Indonesian holidays skipped."""

import datetime as dt

import pytest
import time_machine

from contex_oscar.shipping.methods import Estimate
from contex_oscar.shipping.repository import Repository
from contex_oscar.workdays import store_timezone
from tests import factories

JAKARTA = {"postcode": "10110", "country": "ID"}
MEDAN = {"postcode": "20112", "country": "ID"}


def at(*args):
    return dt.datetime(*args, tzinfo=store_timezone())


def first_method(product, address):
    basket = factories.basket_with(product)
    return Repository().get_shipping_methods(basket, shipping_addr=address)[0]


@time_machine.travel(at(2026, 11, 27, 10, 0), tick=False)  # Friday
def test_jabodetabek_across_a_weekend(zones, scanner):
    estimate = first_method(scanner, JAKARTA).estimate()
    assert (estimate.min_days, estimate.max_days) == (1, 2)
    assert estimate.earliest_date == dt.date(2026, 11, 30)  # Monday
    assert estimate.latest_date == dt.date(2026, 12, 1)  # Tuesday


@time_machine.travel(at(2026, 8, 14, 16, 0), tick=False)  # Friday before Independence Day
def test_jabodetabek_across_a_public_holiday(zones, scanner):
    estimate = first_method(scanner, JAKARTA).estimate()
    # Sat 15, Sun 16 and Mon 17 August (Hari Kemerdekaan) are not working days
    assert estimate.earliest_date == dt.date(2026, 8, 18)
    assert estimate.latest_date == dt.date(2026, 8, 19)


@time_machine.travel(dt.datetime(2026, 11, 27, 17, 30, tzinfo=dt.UTC), tick=False)
def test_estimates_count_from_the_store_date_not_utc(zones, scanner):
    # 17:30 UTC on Friday is already Saturday 00:30 in Jakarta
    estimate = first_method(scanner, JAKARTA).estimate()
    assert estimate.earliest_date == dt.date(2026, 11, 30)
    assert estimate.latest_date == dt.date(2026, 12, 1)


@time_machine.travel(at(2026, 12, 23, 9, 0), tick=False)  # Wednesday before Christmas
def test_zone_estimate_across_christmas_and_a_weekend(zones, scanner):
    estimate = first_method(scanner, MEDAN).estimate()
    assert (estimate.min_days, estimate.max_days) == (3, 6)
    # Thu 24 collective leave, Fri 25 Christmas, weekend, Mon 28 (1), Tue 29 (2), Wed 30 (3),
    # Thu 31 (4), Fri 1 Jan New Year's Day, Mon 4 (5), Tue 5 Isra Mi'raj, Wed 6 January (6).
    assert estimate.earliest_date == dt.date(2026, 12, 30)
    assert estimate.latest_date == dt.date(2027, 1, 6)


def test_explicit_today_and_extra_holidays(settings):
    settings.CONTEX_EXTRA_HOLIDAYS = ("2026-11-30",)  # e.g. cuti bersama
    estimate = Estimate.working_days(1, 2, today=dt.date(2026, 11, 27))
    assert estimate.earliest_date == dt.date(2026, 12, 1)
    assert estimate.latest_date == dt.date(2026, 12, 2)


@pytest.mark.parametrize("address", [None, JAKARTA])
def test_showroom_pickup_has_no_estimate(zones, scanner, address):
    basket = factories.basket_with(scanner)
    pickup = Repository().get_shipping_methods(basket, shipping_addr=address)[-1]
    assert pickup.code == "showroom-pickup"
    assert pickup.estimate() is None
