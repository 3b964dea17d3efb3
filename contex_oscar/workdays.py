"""Working days in store time: Monday–Friday that is not an Indonesian public holiday.

"2×24 jam kerja" is two working days; "1×24 jam" is 24 clock hours (use a
timedelta for that). The holiday calendar comes from the ``holidays`` package
(``CONTEX_HOLIDAY_COUNTRY``) plus any extra dates in ``CONTEX_EXTRA_HOLIDAYS``
(e.g. the government's collective leave days).
"""

import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone

from contex_oscar.conf import contex_settings


def store_timezone():
    return ZoneInfo(contex_settings.CONTEX_STORE_TIMEZONE)


def store_today(now=None):
    """Today's date in Jakarta (the clock may be frozen in tests)."""
    return (now or timezone.now()).astimezone(store_timezone()).date()


@lru_cache(maxsize=64)
def _public_holidays(country, year):
    return frozenset(holidays.country_holidays(country, years=year).keys())


def is_holiday(day):
    extra = {datetime.date.fromisoformat(d) for d in contex_settings.CONTEX_EXTRA_HOLIDAYS}
    country = contex_settings.CONTEX_HOLIDAY_COUNTRY
    return day in extra or day in _public_holidays(country, day.year)


def is_working_day(day):
    return day.weekday() < 5 and not is_holiday(day)


def add_working_days(start, days):
    """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def next_working_day(start):
    return add_working_days(start, 1)


def working_days_between(start, end):
    """Working days after ``start`` up to and including ``end`` (0 if ``end <= start``)."""
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
