"""The staff desk in a real browser: open a ticket, change its status, add and send a quote."""

import pytest

from contex_oscar.service_center import statuses, tickets
from contex_oscar.service_center.models import Quote, ServiceTicket
from tests.service_center.conftest import open_ticket

pytestmark = [pytest.mark.slow]


@pytest.fixture
def received_ticket(transactional_db, store):
    ticket = open_ticket(name="Dewi Lestari")

    tickets.change_ticket_status(ticket, statuses.RECEIVED)
    return ticket


def test_staff_open_a_ticket_change_status_and_send_a_quote(
    transactional_db, received_ticket, staff_page
):
    page = staff_page
    page.goto("/dashboard/store/service-center/")
    page.click(f"text={received_ticket.number}")
    page.wait_for_selector("#ticket-status")
    assert "Dewi Lestari" in page.content()

    page.select_option("#status-form select[name=status]", statuses.DIAGNOSING)
    page.fill("#status-form textarea[name=shopper_note]", "Teknisi sedang memeriksa")
    page.click("#status-form button[type=submit]")
    page.wait_for_load_state()
    status = page.get_attribute("#ticket-status", "data-status")
    assert status == statuses.DIAGNOSING

    form = "#quote-line-form"
    page.select_option(f"{form} select[name=kind]", "part")
    page.fill(f"{form} input[name=description]", "Modul kamera CIS")
    page.fill(f"{form} input[name=quantity]", "1")
    page.fill(f"{form} input[name=unit_price]", "4500000")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("#quote-lines")
    assert "Rp 4.500.000" in page.inner_text("#quote-total")

    page.click("#send-quote")
    page.wait_for_load_state()
    assert "4.500.000" in page.inner_text("#timeline")  # the quote total, shown to the shopper

    ticket = ServiceTicket.objects.get(pk=received_ticket.pk)
    assert ticket.status == statuses.AWAITING_APPROVAL
    assert Quote.objects.get(ticket=ticket).status == Quote.SENT
    assert page.get_attribute("#ticket-status", "data-status") == statuses.AWAITING_APPROVAL
