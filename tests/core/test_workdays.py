import datetime

import pytest

from contex_oscar import workdays

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 11, 23), 1, D(2026, 11, 24)),  # Monday → Tuesday
        (D(2026, 11, 27), 1, D(2026, 11, 30)),  # Friday → Monday
        (D(2026, 8, 14), 1, D(2026, 8, 18)),  # Friday; Monday 17 Aug is Independence Day
        (D(2026, 12, 24), 2, D(2026, 12, 29)),  # Christmas Friday skipped
        (D(2026, 11, 23), 0, D(2026, 11, 23)),
    ],
)
def test_add_working_days_skips_weekends_and_holidays(start, days, expected):
    assert workdays.add_working_days(start, days) == expected


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError):
        workdays.add_working_days(D(2026, 11, 23), -1)


def test_working_days_between_counts_after_start_up_to_end():
    assert workdays.working_days_between(D(2026, 8, 14), D(2026, 8, 18)) == 1
    assert workdays.working_days_between(D(2026, 8, 18), D(2026, 8, 14)) == 0


def test_extra_holidays_setting_is_honoured(settings):
    settings.CONTEX_EXTRA_HOLIDAYS = ["2026-11-24"]
    assert workdays.next_working_day(D(2026, 11, 23)) == D(2026, 11, 25)


def test_store_today_is_jakarta_date():
    utc_evening = datetime.datetime(2026, 11, 25, 18, 0, tzinfo=datetime.UTC)
    assert workdays.store_today(utc_evening) == D(2026, 11, 26)


# --- collective leave (cuti bersama) -------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Lebaran 2026: Nyepi 19 Mar, leave 18, 20, 23, 24 Mar; Eid 21-22 Mar (weekend)
        (D(2026, 3, 18), 2, D(2026, 3, 26)),
        (D(2026, 3, 17), 1, D(2026, 3, 25)),
        # Lebaran 2027: Nyepi 8 Mar, leave 9, 12, 15 Mar, Eid 10-11 Mar
        (D(2027, 3, 5), 2, D(2027, 3, 17)),
        # Christmas 2026: leave on Thursday 24 Dec, Christmas on Friday 25 Dec
        (D(2026, 12, 23), 1, D(2026, 12, 28)),
    ],
)
def test_collective_leave_days_are_not_working_days(start, days, expected):
    assert workdays.add_working_days(start, days) == expected


def test_24_december_2026_is_a_day_off():
    assert not workdays.is_working_day(D(2026, 12, 24))


def test_collective_leave_can_be_switched_off(settings):
    settings.CONTEX_COLLECTIVE_LEAVE = False
    assert workdays.is_working_day(D(2026, 12, 24))
    assert workdays.add_working_days(D(2026, 3, 18), 2) == D(2026, 3, 23)


def test_extra_holidays_add_to_the_calendar(settings):
    settings.CONTEX_EXTRA_HOLIDAYS = ["2026-03-25"]  # a leave day decreed late
    assert workdays.add_working_days(D(2026, 3, 18), 2) == D(2026, 3, 27)
