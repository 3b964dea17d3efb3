"""Ship-in, pickup and on-site visit rules, as pure functions of dates and settings.

Return shipping (ship-in): the store pays the courier back to the shopper when
the claim is made within ``CONTEX_SERVICE_FREE_RETURN_WORKING_DAYS`` working
days (14) of the shopper receiving the goods from this store; otherwise, and
for goods bought elsewhere, the shopper pays. Working days are counted after
the delivery day: a claim on the 14th working day, or on the weekend or
holiday right after it, is still in time; one on the 15th is not.

On-site visits: a request made on a working day during office hours (or before
the office opens) counts from that day; one made after closing time, or on a
weekend or holiday, counts from the next working day. The visit is due the
next working day after that (the standard) and never later than
``CONTEX_SERVICE_VISIT_MAX_WORKING_DAYS`` (2) working days after it. A visit
in the after-hours window carries the after-hours surcharge from the store
settings.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from contex_oscar import workdays
from contex_oscar.conf import contex_settings

STORE_PAYS = "store"
SHOPPER_PAYS = "shopper"
RETURN_SHIPPING_PAYERS = {STORE_PAYS: _("The store"), SHOPPER_PAYS: _("The shopper")}

RETURN_SHIPPING_REASONS = {
    "claimed-in-time": _(
        "The claim was made within 14 working days of receiving the goods: "
        "the store pays the return shipping."
    ),
    "claimed-late": _(
        "The claim was made more than 14 working days after receiving the goods: "
        "the shopper pays the return shipping."
    ),
    "bought-elsewhere": _("Not bought from this store: the shopper pays the return shipping."),
    "purchase-unknown": _(
        "No purchase from this store was given for this unit: the shopper pays the return shipping."
    ),
    "not-delivered": _(
        "The store has no delivery date for this purchase: the shopper pays the return shipping."
    ),
}

# What goes into the parcel for a ship-in.
SHIP_IN_INCLUDE = {
    "unit": _("The unit, well packed"),
    "warranty-card": _("The warranty card (or sticker photo)"),
    "invoice": _("The invoice"),
    "fault-description": _("A written description of the fault, with your name and phone"),
}


@dataclass(frozen=True)
class ReturnShipping:
    payer: str
    reason: str
    free_until: datetime.date | None  # last claim day the store pays
    working_days_since_receipt: int | None


def return_shipping(received_on, claimed_on, bought_here=True):
    """Who pays for sending the repaired unit back (see module docstring).

    ``bought_here`` is None when the shopper did not say where the unit was bought.
    """
    if bought_here is None:
        return ReturnShipping(SHOPPER_PAYS, "purchase-unknown", None, None)
    if not bought_here:
        return ReturnShipping(SHOPPER_PAYS, "bought-elsewhere", None, None)
    if received_on is None:
        return ReturnShipping(SHOPPER_PAYS, "not-delivered", None, None)
    limit = contex_settings.CONTEX_SERVICE_FREE_RETURN_WORKING_DAYS
    # the last calendar day before the (limit + 1)th working day: a weekend right
    # after the 14th working day still counts as "within 14 working days"
    free_until = workdays.add_working_days(received_on, limit + 1) - datetime.timedelta(days=1)
    elapsed = workdays.working_days_between(received_on, claimed_on)
    if elapsed <= limit:
        return ReturnShipping(STORE_PAYS, "claimed-in-time", free_until, elapsed)
    return ReturnShipping(SHOPPER_PAYS, "claimed-late", free_until, elapsed)


# --- on-site visits ----------------------------------------------------------

MORNING = "morning"
AFTERNOON = "afternoon"
AFTER_HOURS = "after-hours"


@dataclass(frozen=True)
class VisitWindow:
    code: str
    label: str
    after_hours: bool


VISIT_WINDOWS = {
    w.code: w
    for w in (
        VisitWindow(MORNING, _("Morning (office hours)"), False),
        VisitWindow(AFTERNOON, _("Afternoon (office hours)"), False),
        VisitWindow(AFTER_HOURS, _("After office hours (surcharge)"), True),
    )
}


def _parse_time(value):
    return value if isinstance(value, datetime.time) else datetime.time.fromisoformat(value)


def window_times(code, opens_at, closes_at):
    """(start, end) clock times of a window, from the office hours."""
    midday = _parse_time(contex_settings.CONTEX_SERVICE_VISIT_MIDDAY)
    until = _parse_time(contex_settings.CONTEX_SERVICE_AFTER_HOURS_VISIT_UNTIL)
    return {
        MORNING: (opens_at, midday),
        AFTERNOON: (midday, closes_at),
        AFTER_HOURS: (closes_at, until),
    }[code]


def window_at(moment, opens_at, closes_at):
    """The code of the window a clock time falls in (start included, end not), or None."""
    for code in VISIT_WINDOWS:
        starts, ends = window_times(code, opens_at, closes_at)
        if starts <= moment < ends:
            return code
    return None


@dataclass(frozen=True)
class VisitDeadline:
    counts_from: datetime.date  # the working day the request is counted from
    due_on: datetime.date  # the standard: next working day
    latest_on: datetime.date  # never later than this


def visit_deadline(requested_at, opens_at, closes_at):
    """When a visit requested at ``requested_at`` (aware datetime) is due."""
    local = requested_at.astimezone(workdays.store_timezone())
    day = local.date()
    if not workdays.is_working_day(day) or local.time() >= closes_at:
        day = workdays.next_working_day(day)
    max_days = contex_settings.CONTEX_SERVICE_VISIT_MAX_WORKING_DAYS
    return VisitDeadline(
        counts_from=day,
        due_on=workdays.next_working_day(day),
        latest_on=workdays.add_working_days(day, max(max_days, 1)),
    )


def visit_surcharge(window_code, after_hours_surcharge):
    """The surcharge for a visit in ``window_code`` (IDR, whole rupiah)."""
    if VISIT_WINDOWS[window_code].after_hours:
        return Decimal(after_hours_surcharge or 0).quantize(Decimal("1"))
    return Decimal("0")


def is_overdue(due_on, done_at, today):
    """A visit or pickup not done by the end of its due day."""
    return due_on is not None and done_at is None and today > due_on
