"""Paid work waits for the shopper's approval of a sent quote, or for their approval by
phone recorded by staff (issue 17, defect 1)."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from contex_oscar.service_center import exceptions, kinds, quotes, statuses, tickets
from contex_oscar.service_center.models import Quote, TicketEvent
from tests import factories
from tests.service_center.conftest import jakarta, open_ticket


def diagnosing(channel=kinds.WALK_IN, **extra):
    ticket = open_ticket(channel=channel, **extra)
    first = statuses.SCHEDULED if channel == kinds.ON_SITE else statuses.RECEIVED
    tickets.change_ticket_status(ticket, first)
    tickets.change_ticket_status(ticket, statuses.DIAGNOSING)
    return ticket


def with_draft_quote(ticket):
    quotes.add_quote_line(ticket, "part", "Modul CIS", 1, 4000000)
    return ticket


def action(ticket, name):
    return reverse("contex-dashboard:service-center-ticket-action", args=[ticket.number, name])


@pytest.mark.parametrize("work", [statuses.IN_REPAIR, statuses.AWAITING_PARTS])
def test_paid_work_does_not_start_on_an_unsent_draft_quote(store, work):
    ticket = with_draft_quote(diagnosing())
    with pytest.raises(exceptions.ServiceCenterError) as error:
        tickets.change_ticket_status(ticket, work)
    assert (error.value.code, error.value.status) == ("quote_approval_required", 409)
    ticket.refresh_from_db()
    assert ticket.status == statuses.DIAGNOSING


def test_paid_work_does_not_start_without_any_quote_on_site(store):
    ticket = diagnosing(
        channel=kinds.ON_SITE, address="Jl. A 1", city="Jakarta", visit_window="morning"
    )
    with pytest.raises(exceptions.ServiceCenterError) as error:
        tickets.change_ticket_status(ticket, statuses.IN_REPAIR)
    assert error.value.code == "quote_approval_required"


def test_the_refusal_reads_in_indonesian_and_in_english(store):
    ticket = with_draft_quote(diagnosing())
    with pytest.raises(exceptions.ServiceCenterError) as error:
        tickets.change_ticket_status(ticket, statuses.IN_REPAIR)
    with translation.override("id"):
        indonesian = str(error.value.message)
    with translation.override("en"):
        english = str(error.value.message)
    assert "approved" in english
    assert indonesian != english and "persetujuan" in indonesian.lower()


def test_work_follows_an_approved_sent_quote(store):
    ticket = with_draft_quote(diagnosing())
    quotes.send_quote(ticket)
    quotes.decide_quote(ticket, quotes.APPROVE)
    assert ticket.status == statuses.IN_REPAIR
    tickets.change_ticket_status(ticket, statuses.AWAITING_PARTS)
    tickets.change_ticket_status(ticket, statuses.IN_REPAIR)
    assert ticket.status == statuses.IN_REPAIR


def test_a_repair_free_under_warranty_needs_no_quote(store, delivered_order):
    with time_machine.travel(jakarta(2025, 6, 2, 10, 0), tick=False):
        ticket = diagnosing(
            kind=kinds.WARRANTY_CLAIM,
            serial_number="SN-1",
            hardware_defect=True,
            box_complete=True,
            purchase=_purchase(delivered_order),
        )
    assert ticket.warranty_outcome == "in-warranty"
    tickets.change_ticket_status(ticket, statuses.IN_REPAIR)
    assert ticket.status == statuses.IN_REPAIR


def _purchase(order):
    from contex_oscar.service_center.purchases import resolve_purchase

    return resolve_purchase(
        kinds.THIS_STORE, order_number=order.number, email=order.guest_email, writing=True
    )


def test_staff_record_an_approval_by_phone_with_who_when_and_channel(store):
    staff = factories.staff_user()
    ticket = with_draft_quote(diagnosing())
    with time_machine.travel(jakarta(2026, 12, 7, 10, 15), tick=False):
        quote = quotes.record_approval_by_phone(
            ticket, approved_by="Budi Santoso", channel=Quote.BY_PHONE, user=staff, note="pukul 10"
        )
    ticket.refresh_from_db()
    quote.refresh_from_db()
    assert ticket.status == statuses.IN_REPAIR
    assert quote.status == Quote.APPROVED
    assert (quote.decided_by_name, quote.decision_channel, quote.recorded_by) == (
        "Budi Santoso",
        Quote.BY_PHONE,
        staff,
    )
    assert quote.decided_at == jakarta(2026, 12, 7, 10, 15)
    event = ticket.events.get(kind=TicketEvent.QUOTE_APPROVED)
    assert (event.by, event.note) == (staff, "pukul 10")
    assert "Budi Santoso" in event.shopper_note


def test_staff_cannot_approve_for_the_shopper_without_naming_them(store):
    ticket = with_draft_quote(diagnosing())
    quotes.send_quote(ticket)
    with pytest.raises(exceptions.ServiceCenterError) as error:
        quotes.decide_quote(ticket, quotes.APPROVE, user=factories.staff_user())
    assert error.value.code == "approval_by_phone_required"
    assert ticket.status == statuses.AWAITING_APPROVAL


def test_an_approval_by_phone_of_a_sent_quote(store):
    ticket = with_draft_quote(diagnosing())
    quotes.send_quote(ticket)
    quote = quotes.record_approval_by_phone(
        ticket, approved_by="Budi", channel=Quote.BY_WHATSAPP, user=factories.staff_user()
    )
    assert (ticket.status, quote.status) == (statuses.IN_REPAIR, Quote.APPROVED)


@pytest.mark.parametrize(
    ("name", "channel", "code"),
    [("", Quote.BY_PHONE, "approver_required"), ("Budi", "telepati", "invalid_channel")],
)
def test_an_approval_by_phone_needs_a_name_and_a_channel(store, name, channel, code):
    ticket = with_draft_quote(diagnosing())
    with pytest.raises(exceptions.ServiceCenterError) as error:
        quotes.record_approval_by_phone(ticket, approved_by=name, channel=channel)
    assert error.value.code == code
    ticket.refresh_from_db()
    assert ticket.status == statuses.DIAGNOSING


def test_an_approval_by_phone_needs_a_quote_with_lines(store):
    ticket = diagnosing()
    with pytest.raises(exceptions.ServiceCenterError) as error:
        quotes.record_approval_by_phone(ticket, approved_by="Budi", channel=Quote.BY_PHONE)
    assert error.value.code == "quote_empty"


def test_the_desk_records_an_approval_by_phone(client, store, staff_user):
    client.force_login(staff_user)
    ticket = with_draft_quote(diagnosing())
    page = client.get(
        reverse("contex-dashboard:service-center-ticket-detail", args=[ticket.number])
    )
    assert action(ticket, "quote-phone-approval").encode() in page.content
    bad = client.post(action(ticket, "quote-phone-approval"), {"approved_by": ""}, follow=True)
    assert list(bad.context["messages"])
    ticket.refresh_from_db()
    assert ticket.status == statuses.DIAGNOSING
    client.post(
        action(ticket, "quote-phone-approval"),
        {"approved_by": "Budi Santoso", "channel": Quote.BY_PHONE, "note": ""},
    )
    ticket.refresh_from_db()
    assert ticket.status == statuses.IN_REPAIR
    quote = ticket.quotes.get()
    assert (quote.recorded_by, quote.decided_by_name) == (staff_user, "Budi Santoso")


def test_the_desk_refuses_to_skip_the_quote_with_a_message(client, store, staff_user):
    client.force_login(staff_user)
    ticket = with_draft_quote(diagnosing())
    response = client.post(action(ticket, "status"), {"status": statuses.IN_REPAIR}, follow=True)
    ticket.refresh_from_db()
    assert ticket.status == statuses.DIAGNOSING
    assert any(
        "approv" in str(m).lower() or "setuju" in str(m) for m in response.context["messages"]
    )
