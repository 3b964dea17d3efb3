"""Return shipping (14 working days) and on-site visit deadlines, with real holidays."""

import datetime
from decimal import Decimal

import pytest

from contex_oscar.service_center import logistics
from tests.service_center.conftest import jakarta

D = datetime.date
OPENS, CLOSES = datetime.time(8, 30), datetime.time(17, 0)

# Delivered Thursday 20 March 2025. Working days after it skip Nyepi (leave Fri 28 Mar,
# Sat 29 Mar), Idul Fitri (Mon 31 Mar + Tue 1 Apr, collective leave 2-4 and 7 Apr) and
# Good Friday (18 Apr): the 14th is Mon 21 Apr, the 15th Tue 22 Apr.
RECEIVED = D(2025, 3, 20)


@pytest.mark.parametrize(
    ("claimed_on", "payer", "elapsed"),
    [
        (D(2025, 3, 20), logistics.STORE_PAYS, 0),
        (D(2025, 4, 9), logistics.STORE_PAYS, 7),  # 14 weekdays, half of them days off
        (D(2025, 4, 20), logistics.STORE_PAYS, 13),  # Sunday before the 14th
        (D(2025, 4, 21), logistics.STORE_PAYS, 14),
        (D(2025, 4, 22), logistics.SHOPPER_PAYS, 15),
    ],
)
def test_store_pays_return_shipping_within_14_working_days_across_idul_fitri(
    claimed_on, payer, elapsed
):
    answer = logistics.return_shipping(RECEIVED, claimed_on)
    assert (answer.payer, answer.working_days_since_receipt) == (payer, elapsed)
    assert answer.free_until == D(2025, 4, 21)


def test_without_collective_leave_the_14th_working_day_comes_sooner(settings):
    settings.CONTEX_COLLECTIVE_LEAVE = False
    assert logistics.return_shipping(RECEIVED, D(2025, 4, 11)).working_days_since_receipt == 14
    assert logistics.return_shipping(RECEIVED, D(2025, 4, 14)).payer == logistics.SHOPPER_PAYS


def test_goods_bought_elsewhere_or_not_delivered_ship_back_at_the_shoppers_cost():
    assert logistics.return_shipping(None, D(2025, 4, 1), bought_here=False).reason == (
        "bought-elsewhere"
    )
    answer = logistics.return_shipping(None, D(2025, 4, 1))
    assert (answer.payer, answer.reason) == (logistics.SHOPPER_PAYS, "not-delivered")


def test_return_shipping_limit_is_a_setting(settings):
    settings.CONTEX_SERVICE_FREE_RETURN_WORKING_DAYS = 1
    assert logistics.return_shipping(RECEIVED, D(2025, 3, 24)).payer == logistics.SHOPPER_PAYS


@pytest.mark.parametrize(
    ("requested_at", "counts_from", "due_on", "latest_on"),
    [
        # Friday 16:00 (office open) -> Monday; Tuesday at the latest
        (jakarta(2026, 11, 20, 16, 0), D(2026, 11, 20), D(2026, 11, 23), D(2026, 11, 24)),
        # Friday 16:00 before Independence Day Monday -> Tuesday
        (jakarta(2026, 8, 14, 16, 0), D(2026, 8, 14), D(2026, 8, 18), D(2026, 8, 19)),
        # Friday 16:59 is still office hours; 17:00 is evening: counted from Monday
        (jakarta(2026, 11, 20, 16, 59), D(2026, 11, 20), D(2026, 11, 23), D(2026, 11, 24)),
        (jakarta(2026, 11, 20, 17, 0), D(2026, 11, 23), D(2026, 11, 24), D(2026, 11, 25)),
        # Saturday and Sunday count from Monday
        (jakarta(2026, 11, 21, 10, 0), D(2026, 11, 23), D(2026, 11, 24), D(2026, 11, 25)),
        # before opening on a working day counts that day
        (jakarta(2026, 11, 23, 7, 0), D(2026, 11, 23), D(2026, 11, 24), D(2026, 11, 25)),
        # Christmas Friday 2026: Thursday evening counts from Monday 28
        (jakarta(2026, 12, 24, 18, 0), D(2026, 12, 28), D(2026, 12, 29), D(2026, 12, 30)),
    ],
)
def test_visit_is_due_the_next_working_day_and_never_later_than_two(
    requested_at, counts_from, due_on, latest_on
):
    deadline = logistics.visit_deadline(requested_at, OPENS, CLOSES)
    assert (deadline.counts_from, deadline.due_on, deadline.latest_on) == (
        counts_from,
        due_on,
        latest_on,
    )


def test_request_time_is_read_in_store_time():
    # 09:30 UTC on Friday is 16:30 in Jakarta: still office hours
    utc = datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.UTC)
    assert logistics.visit_deadline(utc, OPENS, CLOSES).due_on == D(2026, 11, 23)
    # 10:00 UTC is 17:00 in Jakarta: evening
    utc = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)
    assert logistics.visit_deadline(utc, OPENS, CLOSES).due_on == D(2026, 11, 24)


def test_after_hours_window_carries_the_surcharge():
    assert logistics.visit_surcharge(logistics.AFTER_HOURS, Decimal("250000")) == 250000
    assert logistics.visit_surcharge(logistics.MORNING, Decimal("250000")) == 0
    assert logistics.visit_surcharge(logistics.AFTER_HOURS, None) == 0


def test_windows_follow_office_hours():
    assert logistics.window_times(logistics.MORNING, OPENS, CLOSES) == (
        OPENS,
        datetime.time(12, 0),
    )
    assert logistics.window_times(logistics.AFTER_HOURS, OPENS, CLOSES) == (
        CLOSES,
        datetime.time(20, 0),
    )


def test_overdue_means_not_done_by_the_end_of_the_due_day():
    due = D(2026, 11, 23)
    assert logistics.is_overdue(due, None, D(2026, 11, 23)) is False
    assert logistics.is_overdue(due, None, D(2026, 11, 24)) is True
    assert logistics.is_overdue(due, jakarta(2026, 11, 23, 10, 0), D(2026, 11, 30)) is False
