"""The staff desk in Oscar's dashboard: access, filters, fixed queries, every action."""

import pytest
import time_machine
from django.urls import reverse

from contex_oscar.service_center import attachments, kinds, quotes, statuses, tickets
from contex_oscar.service_center.models import Quote, TicketEvent
from tests import factories
from tests.service_center.conftest import jakarta, open_ticket, png_bytes, png_upload

LIST = reverse("contex-dashboard:service-center-ticket-list")


def detail(ticket):
    return reverse("contex-dashboard:service-center-ticket-detail", args=[ticket.number])


def action(ticket, name):
    return reverse("contex-dashboard:service-center-ticket-action", args=[ticket.number, name])


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_only_staff_reach_the_desk(client, store):
    ticket = open_ticket()
    for url in (LIST, detail(ticket), action(ticket, "note")):
        response = client.post(url) if url.endswith("note/") else client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(factories.user())
    assert client.get(LIST).status_code == 302


def test_menu_links_to_the_desk(staff_client, store):
    response = staff_client.get(reverse("dashboard:index"))
    assert LIST.encode() in response.content


def test_list_filters_by_kind_status_technician_and_overdue(staff_client, store):
    technician = factories.user(email="teknisi@contex.example", is_staff=True)
    repair = open_ticket()
    tickets.assign_technician(repair, technician)
    with time_machine.travel(jakarta(2026, 11, 20, 16, 0), tick=False):
        visit = open_ticket(
            kind=kinds.ON_SITE_VISIT, channel=kinds.ON_SITE, address="Jl. A 1",
            city="Jakarta", visit_window="morning",
        )  # fmt: skip
    consultation = open_ticket(kind=kinds.CONSULTATION, channel=kinds.REMOTE,
                               consultation_via="email")  # fmt: skip
    tickets.change_ticket_status(consultation, statuses.CLOSED)

    def numbers(**query):
        with time_machine.travel(jakarta(2026, 11, 25, 9, 0), tick=False):
            response = staff_client.get(LIST, query)
        assert response.status_code == 200
        return {ticket.number for ticket, _overdue in response.context["rows"]}

    assert numbers() == {repair.number, visit.number, consultation.number}
    assert numbers(kind="on-site-visit") == {visit.number}
    assert numbers(status="closed") == {consultation.number}
    assert numbers(status="open") == {repair.number, visit.number}
    assert numbers(technician=technician.pk) == {repair.number}
    assert numbers(overdue="on") == {visit.number}
    assert numbers(q=repair.number.lower()) == {repair.number}
    assert numbers(status="nonsense") == {repair.number, visit.number, consultation.number}


def test_the_desk_finds_tickets_by_order_number_and_serial_number(
    staff_client, delivered_order, catalogue
):
    from contex_oscar.order.serials import record_serials
    from contex_oscar.service_center.purchases import resolve_purchase

    record_serials(delivered_order, {delivered_order.lines.get().pk: ["IQX-24-0042"]})
    by_serial = open_ticket(
        kind=kinds.WARRANTY_CLAIM,
        purchase=resolve_purchase(
            kinds.THIS_STORE, serial_number="IQX-24-0042", email="tamu@example.com"
        ),
        hardware_defect=True,
        box_complete=True,
    )
    typed = open_ticket(serial_number="SHOPPER-TYPED-9")
    unrelated = open_ticket()

    def numbers(q):
        response = staff_client.get(LIST, {"q": q})
        assert response.status_code == 200
        return {ticket.number for ticket, _overdue in response.context["rows"]}

    assert numbers(delivered_order.number) == {by_serial.number}
    assert numbers("iqx-24-0042") == {by_serial.number}  # the unit's recorded serial
    assert numbers("shopper-typed") == {typed.number}
    assert unrelated.number not in numbers(delivered_order.number) | numbers("IQX-24")


def test_list_runs_a_fixed_number_of_queries(staff_client, store, django_assert_max_num_queries):
    technician = factories.user(email="teknisi@contex.example", is_staff=True)
    for _ in range(2):
        tickets.assign_technician(open_ticket(), technician)
    with django_assert_max_num_queries(40) as few:
        staff_client.get(LIST)
    for _ in range(20):
        ticket = open_ticket(kind=kinds.PICKUP_DELIVERY, channel=kinds.PICKUP,
                             address="Jl. A", city="Depok")  # fmt: skip
        tickets.assign_technician(ticket, technician)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(LIST)
    assert len(response.context["rows"]) == 22


def test_detail_runs_a_fixed_number_of_queries(staff_client, store, django_assert_max_num_queries):
    ticket = open_ticket()
    tickets.change_ticket_status(ticket, statuses.RECEIVED)
    tickets.change_ticket_status(ticket, statuses.DIAGNOSING)

    def add_one_of_each(index):
        tickets.add_note(ticket, f"catatan {index}")
        attachments.add_attachment(ticket, "photo", png_upload(), "image/png")
        quotes.add_quote_line(ticket, "part", f"Part {index}", 1, 1000)

    add_one_of_each(0)
    with django_assert_max_num_queries(20) as few:
        staff_client.get(detail(ticket))
    for index in range(1, 6):
        add_one_of_each(index)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(detail(ticket))
    assert response.status_code == 200
    assert response.content.count(b"Part ") == 6


def test_staff_change_status_with_notes(staff_client, store, staff_user):
    ticket = open_ticket()
    response = staff_client.post(
        action(ticket, "status"),
        {"status": statuses.RECEIVED, "note": "rak B2", "shopper_note": "Unit diterima"},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == statuses.RECEIVED
    event = ticket.events.order_by("-id").first()
    assert (event.by, event.note, event.shopper_note) == (staff_user, "rak B2", "Unit diterima")
    # an illegal move is refused with a message, nothing recorded
    response = staff_client.post(action(ticket, "status"), {"status": statuses.CLOSED}, follow=True)
    ticket.refresh_from_db()
    assert ticket.status == statuses.RECEIVED
    assert list(response.context["messages"])


def test_staff_build_and_send_a_quote_then_record_the_answer(staff_client, store):
    ticket = open_ticket()
    tickets.change_ticket_status(ticket, statuses.RECEIVED)
    tickets.change_ticket_status(ticket, statuses.DIAGNOSING)
    line_url = action(ticket, "quote-line")
    staff_client.post(line_url, {"kind": "part", "description": "CIS", "quantity": 1,
                                 "unit_price": "4500000"})  # fmt: skip
    staff_client.post(line_url, {"kind": "labour", "description": "Jasa", "quantity": 2,
                                 "unit_price": "100000"})  # fmt: skip
    bad = staff_client.post(action(ticket, "quote-line"), {"kind": "part", "description": "x",
                                                           "quantity": 1, "unit_price": "-1"},
                            follow=True)  # fmt: skip
    assert list(bad.context["messages"])
    quote = Quote.objects.get(ticket=ticket)
    assert quote.total == 4700000
    line = quote.lines.get(kind="labour")
    staff_client.post(action(ticket, "quote-line-delete"), {"line": line.pk})
    assert quote.total == 4500000
    staff_client.post(action(ticket, "quote-send"))
    ticket.refresh_from_db()
    assert ticket.status == statuses.AWAITING_APPROVAL
    page = staff_client.get(detail(ticket))
    assert action(ticket, "quote-decision").encode() in page.content
    staff_client.post(action(ticket, "quote-decision"), {"decision": "approve", "note": "x"})
    ticket.refresh_from_db()
    assert ticket.status == statuses.AWAITING_APPROVAL  # approvals name the shopper
    staff_client.post(
        action(ticket, "quote-phone-approval"),
        {"approved_by": "Budi Santoso", "channel": "phone", "note": "telepon"},
    )
    ticket.refresh_from_db()
    assert ticket.status == statuses.IN_REPAIR


def test_staff_schedule_a_visit_and_assign_a_technician(staff_client, store):
    technician = factories.user(email="teknisi@contex.example", is_staff=True)
    with time_machine.travel(jakarta(2026, 11, 20, 16, 0), tick=False):
        ticket = open_ticket(
            kind=kinds.ON_SITE_VISIT, channel=kinds.ON_SITE, address="Jl. A 1",
            city="Jakarta", visit_window="morning",
        )  # fmt: skip
    with time_machine.travel(jakarta(2026, 11, 20, 16, 30), tick=False):
        staff_client.post(
            action(ticket, "schedule"),
            {"scheduled_at": "2026-11-23T09:00", "technician": technician.pk},
        )
    ticket.refresh_from_db()
    assert (ticket.status, ticket.technician) == (statuses.SCHEDULED, technician)
    assert ticket.appointment.scheduled_at == jakarta(2026, 11, 23, 9, 0)
    staff_client.post(action(ticket, "technician"), {"technician": ""})
    ticket.refresh_from_db()
    assert ticket.technician is None


def test_staff_keep_couriers_and_notes(staff_client, store):
    ticket = open_ticket(channel=kinds.SHIP_IN)
    staff_client.post(
        action(ticket, "logistics"),
        {"inbound_courier": "JNE", "inbound_tracking": "JNE9", "outbound_courier": "",
         "outbound_tracking": ""},
    )  # fmt: skip
    staff_client.post(action(ticket, "note"), {"note": "cek ulang"})
    ticket.refresh_from_db()
    assert ticket.inbound_tracking == "JNE9"
    assert ticket.events.filter(kind=TicketEvent.NOTE, note="cek ulang", public=False).exists()
    assert staff_client.post(action(ticket, "nonsense")).status_code == 404
    assert staff_client.get(action(ticket, "note")).status_code == 405


def test_attachments_are_served_to_staff_only(client, staff_client, store):
    ticket = open_ticket()
    attachment = attachments.add_attachment(ticket, "photo", png_upload(), "image/png")
    url = reverse("contex-dashboard:service-center-attachment", args=[ticket.number, attachment.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["Cache-Control"] == "private, no-store"
    other = open_ticket()
    wrong_ticket = reverse(
        "contex-dashboard:service-center-attachment", args=[other.number, attachment.pk]
    )
    assert staff_client.get(wrong_ticket).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
