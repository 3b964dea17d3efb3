"""Working days in store time: Monday–Friday that is neither an Indonesian public holiday
nor a collective-leave day (*cuti bersama*).

"2×24 jam kerja" is two working days; "1×24 jam" is 24 clock hours (use a
timedelta for that). The calendar comes from the ``holidays`` package
(``CONTEX_HOLIDAY_COUNTRY``): its public holidays and, unless
``CONTEX_COLLECTIVE_LEAVE`` is off, the government's collective-leave days (its
``government`` category), plus any dates in ``CONTEX_EXTRA_HOLIDAYS`` (what the calendar
lacks, e.g. a leave day decreed late).
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
def _days_off(country, year, collective_leave):
    categories = ("public", "government") if collective_leave else ("public",)
    supported = holidays.country_holidays(country).supported_categories
    categories = tuple(category for category in categories if category in supported)
    return frozenset(holidays.country_holidays(country, years=year, categories=categories))


def is_holiday(day):
    extra = {datetime.date.fromisoformat(d) for d in contex_settings.CONTEX_EXTRA_HOLIDAYS}
    days_off = _days_off(
        contex_settings.CONTEX_HOLIDAY_COUNTRY,
        day.year,
        bool(contex_settings.CONTEX_COLLECTIVE_LEAVE),
    )
    return day in extra or day in days_off


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
