"""The ticket pipeline, timeline, e-mails, appointments, quotes and ticket numbers."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from contex_oscar.models import SentEmail
from contex_oscar.service_center import (
    exceptions,
    kinds,
    notifications,
    numbers,
    quotes,
    statuses,
    tickets,
)
from contex_oscar.service_center.models import Appointment, ServiceTicket, TicketEvent
from contex_oscar.workdays import store_today
from tests import factories
from tests.service_center.conftest import jakarta, open_ticket

D = datetime.date


# --- the tables -------------------------------------------------------------------


def test_every_flow_is_closed_and_ends_in_final_statuses():
    for flow, table in statuses.FLOWS.items():
        for status, nexts in table.items():
            assert status in statuses.STATUSES, (flow, status)
            for new in nexts:
                assert new in table, (flow, status, new)  # every target has its own row
        for final in statuses.FINAL_STATUSES:
            assert table[final] == ()


def test_quote_decisions_are_legal_moves_of_their_flow():
    for flow, decisions in statuses.QUOTE_DECISION_NEXT.items():
        for target in decisions.values():
            assert statuses.is_allowed(flow, statuses.AWAITING_APPROVAL, target)


def test_every_kind_has_a_flow_and_channels():
    for kind in kinds.KINDS.values():
        assert kind.flow in statuses.FLOWS
        assert set(kind.channels) <= set(kinds.CHANNELS)
    assert kinds.flow_for(kinds.WARRANTY_CLAIM, kinds.ON_SITE) == statuses.ON_SITE


# --- ticket numbers ---------------------------------------------------------------


def test_ticket_numbers_are_readable_and_random():
    drawn = {numbers.new_ticket_number() for _ in range(500)}
    assert len(drawn) == 500
    assert all(re.match(r"^SC-[2-9A-Z]{4}-[2-9A-Z]{4}$", n) for n in drawn)
    assert not any(set("01IOL") & set(n[3:]) for n in drawn)


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("SC-7KQ4-M2XD", "SC-7KQ4-M2XD"),
        (" sc 7kq4 m2xd ", "SC-7KQ4-M2XD"),
        ("7KQ4M2XD", "SC-7KQ4-M2XD"),
        ("SC-7KQ4-M2X0", ""),  # 0 is never used
        ("SC-7KQ4", ""),
        (None, ""),
        (12345678, ""),
    ],
)
def test_typed_numbers_are_normalized(typed, normalized):
    assert numbers.normalize_ticket_number(typed) == normalized


def test_a_clashing_number_is_drawn_again(store, monkeypatch):
    first = open_ticket()
    drawn = iter([first.number, first.number, "SC-2345-6789"])
    monkeypatch.setattr(tickets, "new_ticket_number", lambda: next(drawn))
    second = open_ticket()
    assert second.number == "SC-2345-6789"
    assert ServiceTicket.objects.count() == 2


# --- pipeline, timeline, e-mails ----------------------------------------------------


def test_status_changes_follow_the_flow_and_each_mails_once(
    store, django_capture_on_commit_callbacks
):
    staff = factories.staff_user()
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket()
        for new in (statuses.RECEIVED, statuses.DIAGNOSING, statuses.READY, statuses.RETURNED):
            tickets.change_ticket_status(ticket, new, user=staff, shopper_note="ok")
    assert ticket.status == statuses.RETURNED
    events = list(ticket.events.order_by("id"))
    assert [e.new_status for e in events] == [
        statuses.SUBMITTED,
        statuses.RECEIVED,
        statuses.DIAGNOSING,
        statuses.READY,
        statuses.RETURNED,
    ]
    assert events[-1].by == staff
    assert len(mail.outbox) == 5
    assert SentEmail.objects.filter(event_code=notifications.EMAIL_TICKET_STATUS).count() == 4
    assert str(statuses.label_for(statuses.RETURNED)) in mail.outbox[-1].subject


@pytest.mark.parametrize(
    ("path", "illegal"),
    [
        ((), statuses.IN_REPAIR),
        ((statuses.RECEIVED,), statuses.CANCELLED),  # a unit taken in is returned, not cancelled
        ((statuses.CANCELLED,), statuses.RECEIVED),
        ((), "no-such-status"),
    ],
)
def test_illegal_moves_are_refused(store, path, illegal):
    ticket = open_ticket()
    for new in path:
        tickets.change_ticket_status(ticket, new)
    before = ticket.events.count()
    with pytest.raises(exceptions.ServiceCenterError) as error:
        tickets.change_ticket_status(ticket, illegal)
    assert error.value.code == "illegal_status_transition"
    assert ticket.events.count() == before


def test_awaiting_approval_is_reached_and_left_only_through_the_quote(store):
    ticket = open_ticket()
    tickets.change_ticket_status(ticket, statuses.RECEIVED)
    tickets.change_ticket_status(ticket, statuses.DIAGNOSING)
    with pytest.raises(exceptions.ServiceCenterError) as error:
        tickets.change_ticket_status(ticket, statuses.AWAITING_APPROVAL)
    assert error.value.code == "quote_required"
    with pytest.raises(exceptions.ServiceCenterError) as error:
        quotes.send_quote(ticket)
    assert error.value.code == "quote_empty"
    quotes.add_quote_line(ticket, "labour", "Servis", 1, Decimal("350000"))
    quotes.send_quote(ticket)
    assert ticket.status == statuses.AWAITING_APPROVAL
    with pytest.raises(exceptions.ServiceCenterError) as error:
        tickets.change_ticket_status(ticket, statuses.IN_REPAIR)
    assert error.value.code == "quote_decision_required"
    with pytest.raises(exceptions.ServiceCenterError) as error:
        quotes.add_quote_line(ticket, "part", "Lagi", 1, 1)
    assert error.value.code == "quote_locked"
    quotes.decide_quote(ticket, quotes.APPROVE)
    assert ticket.status == statuses.IN_REPAIR


@pytest.mark.parametrize(
    ("kind", "quantity", "price", "description"),
    [("gift", 1, 1, "x"), ("part", 0, 1, "x"), ("part", 1, -5, "x"), ("part", 1, "1.5", "x"),
     ("part", 1, "abc", "x"), ("part", 1, "NaN", "x"), ("part", 1, 1, ""),
     ("part", 1, 10**13, "x")],
)  # fmt: skip
def test_quote_lines_are_whole_rupiah_with_a_description(store, kind, quantity, price, description):
    ticket = open_ticket()
    with pytest.raises(exceptions.ServiceCenterError) as error:
        quotes.add_quote_line(ticket, kind, description, quantity, price)
    assert error.value.code == "invalid_quote_line"


def test_consultations_have_no_quote(store):
    ticket = open_ticket(kind=kinds.CONSULTATION, channel=kinds.REMOTE, consultation_via="phone")
    with pytest.raises(exceptions.ServiceCenterError) as error:
        quotes.add_quote_line(ticket, "labour", "x", 1, 1)
    assert error.value.code == "quote_not_allowed"
    tickets.change_ticket_status(ticket, statuses.CLOSED)


def test_staff_notes_stay_internal(store):
    ticket = open_ticket()
    tickets.add_note(ticket, "Pelanggan sulit dihubungi")
    note = ticket.events.get(kind=TicketEvent.NOTE)
    assert note.public is False


# --- appointments -------------------------------------------------------------------


def open_visit(moment, **extra):
    with time_machine.travel(moment, tick=False):
        return open_ticket(
            kind=kinds.ON_SITE_VISIT,
            channel=kinds.ON_SITE,
            address="Jl. Kebon Sirih 10",
            city="Jakarta Pusat",
            visit_window="morning",
            **extra,
        )


def test_scheduling_a_visit_tells_the_shopper_and_moves_to_scheduled(
    store, django_capture_on_commit_callbacks
):
    ticket = open_visit(jakarta(2026, 11, 20, 16, 0))
    technician = factories.staff_user()
    with (
        time_machine.travel(jakarta(2026, 11, 20, 16, 30), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tickets.schedule_appointment(ticket, jakarta(2026, 11, 23, 9, 0), technician=technician)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.technician) == (statuses.SCHEDULED, technician)
    assert ticket.appointment.scheduled_at == jakarta(2026, 11, 23, 9, 0)
    assert len(mail.outbox) == 1  # the schedule e-mail only, not a second status e-mail
    assert ticket.number in mail.outbox[0].subject
    assert "09:00" in mail.outbox[0].body


def test_the_visit_is_done_when_the_technician_starts(store):
    ticket = open_visit(jakarta(2026, 11, 20, 16, 0))
    with time_machine.travel(jakarta(2026, 11, 20, 16, 30), tick=False):
        tickets.schedule_appointment(ticket, jakarta(2026, 11, 23, 9, 0))
    with time_machine.travel(jakarta(2026, 11, 23, 9, 30), tick=False):
        tickets.change_ticket_status(ticket, statuses.DIAGNOSING)
    appointment = Appointment.objects.get(ticket=ticket)
    assert appointment.done_at == jakarta(2026, 11, 23, 9, 30)
    with pytest.raises(exceptions.ServiceCenterError) as error:
        tickets.schedule_appointment(ticket, jakarta(2026, 11, 24, 9, 0))
    assert error.value.code == "appointment_done"


def test_overdue_visits_are_flagged(store):
    late = open_visit(jakarta(2026, 11, 20, 16, 0))  # due Monday 23
    done = open_visit(jakarta(2026, 11, 20, 16, 0))
    later = open_visit(jakarta(2026, 11, 23, 10, 0))  # due Tuesday 24
    tickets.change_ticket_status(done, statuses.SCHEDULED)
    tickets.change_ticket_status(done, statuses.DIAGNOSING)
    tuesday = D(2026, 11, 24)
    assert list(ServiceTicket.objects.overdue(tuesday)) == [late]
    assert late.is_overdue(tuesday) and not later.is_overdue(tuesday)
    assert not late.is_overdue(D(2026, 11, 23))
    tickets.change_ticket_status(late, statuses.CANCELLED)
    assert not ServiceTicket.objects.overdue(tuesday).exists()


def test_walk_in_ticket_has_no_appointment_to_schedule(store):
    ticket = open_ticket()
    with pytest.raises(exceptions.ServiceCenterError) as error:
        tickets.schedule_appointment(ticket, jakarta(2026, 11, 23, 9, 0))
    assert error.value.code == "no_appointment"


def test_couriers_are_kept_and_put_on_the_timeline(store):
    ticket = open_ticket(channel=kinds.SHIP_IN)
    changed = tickets.update_logistics(
        ticket, inbound_courier="JNE", inbound_tracking=" JNE1 ", outbound_courier=None
    )
    assert changed == ["inbound_courier", "inbound_tracking"]
    assert tickets.update_logistics(ticket, inbound_courier="JNE") == []
    ticket.refresh_from_db()
    assert ticket.inbound_tracking == "JNE1"
    assert "JNE1" in ticket.events.get(kind=TicketEvent.LOGISTICS).shopper_note


def test_store_today_is_used_for_the_ship_in_clock(store):
    with time_machine.travel(jakarta(2026, 11, 20, 23, 30), tick=False):
        assert store_today() == D(2026, 11, 20)


def test_idempotent_creation_in_the_service(store):
    data = {
        "kind": kinds.PAID_REPAIR,
        "channel": kinds.WALK_IN,
        "name": "A",
        "email": "a@example.com",
        "phone": "0812",
        "brand": "Contex",
        "model_name": "X",
    }
    first, created = tickets.create_ticket(data, idempotency_key="key-12345678")
    again, created_again = tickets.create_ticket(data, idempotency_key="key-12345678")
    assert (created, created_again, again.pk) == (True, False, first.pk)
