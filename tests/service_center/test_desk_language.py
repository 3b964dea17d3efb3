"""The desk and the ticket e-mails in the store's languages (issue 17, defect 7): the
desk's words, the shopper's note kept apart from internal notes, bilingual ticket
e-mails, sent from the support e-mail staff edit in the store settings."""

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from contex_oscar.service_center import quotes, statuses, tickets
from contex_oscar.service_center.models import TicketEvent
from tests.service_center.conftest import jakarta, open_ticket

LIST = reverse("contex-dashboard:service-center-ticket-list")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def quoted():
    ticket = open_ticket()
    tickets.change_ticket_status(ticket, statuses.RECEIVED)
    tickets.change_ticket_status(ticket, statuses.DIAGNOSING)
    quotes.add_quote_line(ticket, "part", "Modul CIS", 1, 4000000)
    quotes.send_quote(ticket)
    return ticket


def test_the_desk_column_number_reads_nomor(staff_client, store):
    open_ticket()
    page = staff_client.get(LIST, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "<th>Nomor</th>" in page
    assert "Angka" not in page


def test_the_shoppers_decision_note_is_not_an_internal_note(api_client, staff_client, store):
    ticket = quoted()
    response = api_client.post(
        f"/api/service-center/requests/{ticket.number}/quote-decision/",
        {"email": ticket.email, "decision": "approve", "note": "Tolong dikerjakan minggu ini"},
    )
    assert response.status_code == 200
    event = ticket.events.get(kind=TicketEvent.QUOTE_APPROVED)
    assert (event.note, event.shopper_note) == ("", "Tolong dikerjakan minggu ini")
    page = staff_client.get(
        reverse("contex-dashboard:service-center-ticket-detail", args=[ticket.number]),
        HTTP_ACCEPT_LANGUAGE="id",
    ).content.decode()
    timeline = page[page.index('id="timeline"') :]
    row = next(row for row in timeline.split("<tr") if "Tolong dikerjakan" in row)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    # columns: when, what, status, by, shopper sees, internal note
    assert "Tolong dikerjakan" in cells[4]
    assert cells[5].strip() == ""


def test_a_note_staff_record_with_the_decision_stays_internal(staff_client, store):
    ticket = quoted()
    url = reverse(
        "contex-dashboard:service-center-ticket-action", args=[ticket.number, "quote-decision"]
    )
    staff_client.post(url, {"decision": "decline", "note": "lewat telepon pukul 10"})
    event = ticket.events.get(kind=TicketEvent.QUOTE_DECLINED)
    assert (event.note, event.shopper_note) == ("lewat telepon pukul 10", "")


@pytest.mark.parametrize("which", ["created", "status", "quote", "appointment"])
def test_ticket_emails_are_in_indonesian_and_in_english(
    store, django_capture_on_commit_callbacks, which
):
    with django_capture_on_commit_callbacks(execute=True):
        if which == "appointment":
            with time_machine.travel(jakarta(2026, 11, 20, 16, 0), tick=False):
                ticket = open_ticket(kind="on-site-visit", channel="on-site", address="Jl. A 1",
                                     city="Jakarta", visit_window="morning")  # fmt: skip
                tickets.schedule_appointment(ticket, jakarta(2026, 11, 23, 9, 0))
        elif which == "quote":
            ticket = quoted()
        else:
            ticket = open_ticket()
            if which == "status":
                tickets.change_ticket_status(ticket, statuses.RECEIVED)
    message = mail.outbox[-1]
    indonesian, english = {
        "created": ("Nomor tiket Anda", "Your ticket number"),
        "status": ("sekarang", "is now"),
        "quote": ("Biaya perbaikannya", "The repair costs"),
        "appointment": ("Senin, 23 November 2026", "Monday, 23 November 2026"),
    }[which]
    assert indonesian in message.body and english in message.body
    assert message.body.index(indonesian) < message.body.index("English")
    assert " / " in message.subject and ticket.number in message.subject


def test_ticket_emails_come_from_the_support_address_with_a_reply_to(
    store, django_capture_on_commit_callbacks
):
    store.support_email = "layanan@contex.example"
    store.save()
    with django_capture_on_commit_callbacks(execute=True):
        open_ticket()
    message = mail.outbox[-1]
    assert "layanan@contex.example" in message.from_email
    assert message.reply_to == ["layanan@contex.example"]
