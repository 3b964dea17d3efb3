"""When a visit, a walk-in or a pickup requested now is due: the plan a ticket keeps
(working days, office hours, the after-hours surcharge)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contex_oscar import workdays
from contex_oscar.conf import contex_settings
from contex_oscar.service_center import (
    kinds,
    logistics,
)
from contex_oscar.service_center.exceptions import ServiceCenterError
from contex_oscar.service_center.models import (
    Appointment,
)
from contex_oscar.store_values import store_settings


@dataclass(frozen=True)
class AppointmentPlan:
    purpose: str
    requested_at: datetime.datetime
    counts_from: datetime.date
    preferred_date: datetime.date | None
    window: str
    due_on: datetime.date
    latest_on: datetime.date
    surcharge: object


def plan_appointment(purpose, requested_at, preferred_date=None, window="", settings=None):
    """Due dates and surcharge for a visit, pickup or consultation visit requested now.

    A visit is due the next working day and at the latest 2 working days after
    the request (``logistics.visit_deadline``); the shopper may prefer any
    working day in that range. Pickups and consultations take the shopper's
    preferred working day from the next working day up to
    ``CONTEX_SERVICE_BOOKING_HORIZON_DAYS`` ahead.
    """
    settings = settings or store_settings()
    deadline = logistics.visit_deadline(
        requested_at, settings.office_opens_at, settings.office_closes_at
    )
    if preferred_date is not None and not workdays.is_working_day(preferred_date):
        raise _not_a_working_day("preferred_date")
    if purpose == Appointment.VISIT:
        due_on, latest_on = deadline.due_on, deadline.latest_on
        if preferred_date is not None:
            if not deadline.due_on <= preferred_date <= deadline.latest_on:
                raise ServiceCenterError(
                    "visit_date_out_of_range",
                    _("A visit can be booked from %(first)s to %(last)s.")
                    % {
                        "first": deadline.due_on.isoformat(),
                        "last": deadline.latest_on.isoformat(),
                    },
                    "preferred_date",
                )
            due_on = preferred_date
        surcharge = logistics.visit_surcharge(window, settings.after_hours_visit_surcharge)
    else:
        horizon = deadline.counts_from + datetime.timedelta(
            days=contex_settings.CONTEX_SERVICE_BOOKING_HORIZON_DAYS
        )
        due_on = preferred_date or deadline.due_on
        if not deadline.due_on <= due_on <= horizon:
            raise ServiceCenterError(
                "date_out_of_range",
                _("Choose a date from %(first)s to %(last)s.")
                % {"first": deadline.due_on.isoformat(), "last": horizon.isoformat()},
                "preferred_date",
            )
        latest_on = due_on
        surcharge = 0
    return AppointmentPlan(
        purpose=purpose,
        requested_at=requested_at,
        counts_from=deadline.counts_from,
        preferred_date=preferred_date,
        window=window or "",
        due_on=due_on,
        latest_on=latest_on,
        surcharge=surcharge,
    )


def _not_a_working_day(field):
    return ServiceCenterError(
        "date_not_working_day",
        _("Choose a working day (Monday to Friday, not a public holiday)."),
        field,
    )


@dataclass(frozen=True)
class ScheduledSlot:
    window: str
    surcharge: object


def check_schedule(appointment, scheduled_at, now=None, settings=None):
    """The window and surcharge of the time staff fix for a booked appointment.

    Refused: a moment already past, a day that is not a working day, a day after the
    booking's latest date, and a time outside office hours, except a visit in the
    after-hours window, whose surcharge follows the time fixed (not the one booked).
    """
    settings = settings or store_settings()
    if scheduled_at <= (now or timezone.now()):
        raise ServiceCenterError(
            "schedule_in_past", _("Choose a date and time in the future."), "scheduled_at"
        )
    local = timezone.localtime(scheduled_at, workdays.store_timezone())
    if not workdays.is_working_day(local.date()):
        raise _not_a_working_day("scheduled_at")
    if local.date() > appointment.latest_on:
        raise ServiceCenterError(
            "schedule_after_latest_date",
            _("This booking must be served by %(last)s at the latest.")
            % {"last": appointment.latest_on.isoformat()},
            "scheduled_at",
        )
    opens_at, closes_at = settings.office_opens_at, settings.office_closes_at
    window = logistics.window_at(local.time(), opens_at, closes_at)
    if appointment.purpose != Appointment.VISIT:
        if window is None or logistics.VISIT_WINDOWS[window].after_hours:
            raise ServiceCenterError(
                "outside_office_hours",
                _("Choose a time within office hours (%(opens)s to %(closes)s).")
                % {"opens": opens_at.strftime("%H:%M"), "closes": closes_at.strftime("%H:%M")},
                "scheduled_at",
            )
        return ScheduledSlot(window="", surcharge=Decimal("0"))
    if window is None:
        _start, until = logistics.window_times(logistics.AFTER_HOURS, opens_at, closes_at)
        raise ServiceCenterError(
            "outside_visit_hours",
            _(
                "Choose a time from %(opens)s to %(until)s; a visit after %(closes)s carries "
                "the after-hours surcharge."
            )
            % {
                "opens": opens_at.strftime("%H:%M"),
                "until": until.strftime("%H:%M"),
                "closes": closes_at.strftime("%H:%M"),
            },
            "scheduled_at",
        )
    return ScheduledSlot(
        window=window,
        surcharge=logistics.visit_surcharge(window, settings.after_hours_visit_surcharge),
    )


def appointment_purpose(kind, channel, consultation_via=""):
    if channel == kinds.ON_SITE:
        return Appointment.VISIT
    if channel == kinds.PICKUP:
        return Appointment.PICKUP
    if kind == kinds.CONSULTATION and consultation_via == kinds.CONSULT_BY_VISIT:
        return Appointment.CONSULTATION
    return None
