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
