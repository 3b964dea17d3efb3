"""Staff scheduling respects the calendar: no past date, no holiday or weekend, within the
booking's latest date, after hours only with the surcharge recomputed (issue 17, defect 2).

The clock is frozen on Friday 20 November 2026, 16:00 in Jakarta: an afternoon visit
booked then counts from that day, is due Monday 23 November and at the latest Tuesday 24.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from contex_oscar.service_center import exceptions, kinds, logistics, statuses, tickets
from tests.service_center.conftest import jakarta, open_ticket

BOOKED = jakarta(2026, 11, 20, 16, 0)


@pytest.fixture
def clock():
    with time_machine.travel(BOOKED, tick=False) as traveller:
        yield traveller


def visit(window=logistics.AFTERNOON):
    return open_ticket(
        kind=kinds.ON_SITE_VISIT,
        channel=kinds.ON_SITE,
        address="Jl. Kebon Sirih No. 10",
        city="Jakarta Pusat",
        visit_window=window,
    )


@pytest.mark.parametrize(
    ("moment", "code"),
    [
        (jakarta(2026, 11, 1, 10, 0), "schedule_in_past"),
        (jakarta(2026, 11, 20, 15, 0), "schedule_in_past"),  # an hour ago
        (jakarta(2026, 11, 22, 10, 0), "date_not_working_day"),  # a Sunday
        (jakarta(2026, 11, 25, 10, 0), "schedule_after_latest_date"),
        (jakarta(2026, 11, 23, 7, 0), "outside_visit_hours"),  # before the office opens
        (jakarta(2026, 11, 23, 23, 30), "outside_visit_hours"),  # after the after-hours window
    ],
)
def test_staff_cannot_schedule_a_visit_off_the_calendar(store, clock, moment, code):
    ticket = visit()
    with pytest.raises(exceptions.ServiceCenterError) as error:
        tickets.schedule_appointment(ticket, moment)
    assert (error.value.code, error.value.field) == (code, "scheduled_at")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.appointment.scheduled_at) == (statuses.SUBMITTED, None)
    assert not ticket.events.filter(kind="scheduled").exists()


def test_christmas_is_not_a_working_day(store):
    with time_machine.travel(jakarta(2026, 12, 22, 9, 0), tick=False):
        ticket = visit()
        with pytest.raises(exceptions.ServiceCenterError) as error:
            tickets.schedule_appointment(ticket, jakarta(2026, 12, 25, 10, 0))
    assert error.value.code == "date_not_working_day"


def test_a_visit_on_the_latest_date_in_office_hours_has_no_surcharge(
    store, clock, django_capture_on_commit_callbacks
):
    ticket = visit(window=logistics.AFTER_HOURS)
    assert ticket.appointment.surcharge == Decimal("250000")
    with django_capture_on_commit_callbacks(execute=True):
        tickets.schedule_appointment(ticket, jakarta(2026, 11, 24, 13, 30))
    ticket.refresh_from_db()
    assert ticket.status == statuses.SCHEDULED
    assert (ticket.appointment.window, ticket.appointment.surcharge) == (logistics.AFTERNOON, 0)
    body = mail.outbox[-1].body
    assert "24 November 2026 13:30" in body
    assert "250.000" not in body


def test_an_after_hours_visit_carries_the_surcharge_recomputed(
    store, clock, django_capture_on_commit_callbacks
):
    ticket = visit(window=logistics.AFTERNOON)
    assert ticket.appointment.surcharge == 0
    with django_capture_on_commit_callbacks(execute=True):
        tickets.schedule_appointment(ticket, jakarta(2026, 11, 23, 19, 30))
    ticket.refresh_from_db()
    appointment = ticket.appointment
    assert (appointment.window, appointment.surcharge) == (logistics.AFTER_HOURS, 250000)
    assert appointment.scheduled_at == jakarta(2026, 11, 23, 19, 30)
    body = mail.outbox[-1].body
    assert "Senin, 23 November 2026 19:30" in body
    assert "Rp 250.000" in body


def test_a_pickup_is_scheduled_in_office_hours_on_its_booked_day(store, clock):
    ticket = open_ticket(
        channel=kinds.PICKUP,
        address="Jl. A 1",
        city="Jakarta",
        preferred_date=datetime.date(2026, 11, 24),
    )
    with pytest.raises(exceptions.ServiceCenterError) as error:
        tickets.schedule_appointment(ticket, jakarta(2026, 11, 24, 19, 30))
    assert error.value.code == "outside_office_hours"
    with pytest.raises(exceptions.ServiceCenterError) as error:
        tickets.schedule_appointment(ticket, jakarta(2026, 11, 25, 10, 0))
    assert error.value.code == "schedule_after_latest_date"
    tickets.schedule_appointment(ticket, jakarta(2026, 11, 24, 10, 0))
    ticket.refresh_from_db()
    assert (ticket.appointment.surcharge, ticket.appointment.window) == (0, "")


def test_the_desk_form_refuses_a_past_date_with_a_message(client, staff_user, store, clock):
    client.force_login(staff_user)
    ticket = visit()
    url = reverse("contex-dashboard:service-center-ticket-action", args=[ticket.number, "schedule"])
    response = client.post(url, {"scheduled_at": "2026-11-01T10:00"}, follow=True)
    assert [str(m) for m in response.context["messages"]]
    ticket.refresh_from_db()
    assert ticket.appointment.scheduled_at is None
    client.post(url, {"scheduled_at": "2026-11-23T19:30"})
    ticket.refresh_from_db()
    assert ticket.appointment.surcharge == 250000
