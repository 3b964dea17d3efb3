"""Exchange and manufacturer flows (issue 17, "Missing"): a dead-on-arrival claim is exchanged
for a unit reserved from stock; a lifetime claim after the store's year goes to the
manufacturer with its own statuses."""

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from contex_oscar.service_center import exchanges, kinds, statuses, tickets, warranty
from contex_oscar.service_center.exceptions import ServiceCenterError
from contex_oscar.service_center.models import Exchange
from contex_oscar.service_center.purchases import resolve_purchase
from tests import factories
from tests.service_center.conftest import deliver, guest, jakarta

StockRecord = get_model("partner", "StockRecord")

DELIVERED = jakarta(2025, 3, 20, 10, 0)  # Thursday


def claim(order, at, box_complete=True):
    """A walk-in warranty claim on ``order``'s first line, opened at ``at``."""
    line = order.lines.get()
    purchase = resolve_purchase(kinds.THIS_STORE, order.number, email=order.email, line_id=line.pk)
    data = {
        **guest(),
        "kind": kinds.WARRANTY_CLAIM,
        "channel": kinds.WALK_IN,
        "serial_number": "SN-DOA-1",
        "fault_description": "Tidak menyala",
        "hardware_defect": True,
        "box_complete": box_complete,
        "purchase": purchase,
    }
    with time_machine.travel(at, tick=False):
        ticket, _created = tickets.create_ticket(data)
    return ticket


def at_the_bench(ticket):
    for status in (statuses.RECEIVED, statuses.DIAGNOSING):
        tickets.change_ticket_status(ticket, status)
    return ticket


def stock_of(product):
    return StockRecord.objects.get(product=product)


def leave_in_stock(product, units):
    """``units`` free to sell (on top of what orders hold)."""
    record = stock_of(product)
    record.num_in_stock = (record.num_allocated or 0) + units
    record.save()
    return record


@pytest.fixture
def doa_ticket(catalogue, store):
    order = deliver(
        factories.place_order(catalogue[0], status="in-shipment", email="tamu@example.com"),
        DELIVERED,
    )
    return at_the_bench(claim(order, jakarta(2025, 3, 27, 9, 0)))  # day 7


# --- which tickets take which branch --------------------------------------------------


def test_a_claim_on_day_seven_is_an_exchange_and_on_day_eight_a_repair(catalogue, store):
    order = deliver(factories.place_order(catalogue[0], status="in-shipment"), DELIVERED)
    day_seven = at_the_bench(claim(order, jakarta(2025, 3, 27, 23, 59)))
    assert day_seven.warranty_outcome == warranty.DOA_EXCHANGE
    assert statuses.EXCHANGE_RESERVED in day_seven.next_statuses()
    tickets.change_ticket_status(day_seven, statuses.READY)
    tickets.change_ticket_status(day_seven, statuses.RETURNED)
    tickets.change_ticket_status(day_seven, statuses.CLOSED)
    day_eight = at_the_bench(claim(order, jakarta(2025, 3, 28, 0, 0)))
    assert day_eight.warranty_outcome == warranty.IN_WARRANTY
    assert statuses.EXCHANGE_RESERVED not in day_eight.next_statuses()
    assert statuses.SENT_TO_MANUFACTURER not in day_eight.next_statuses()
    with pytest.raises(ServiceCenterError) as error:
        exchanges.reserve_replacement(day_eight)
    assert error.value.code == "exchange_not_allowed"


def test_a_doa_claim_with_an_incomplete_box_is_repaired_not_exchanged(catalogue, store):
    order = deliver(factories.place_order(catalogue[0], status="in-shipment"), DELIVERED)
    ticket = at_the_bench(claim(order, jakarta(2025, 3, 21, 9, 0), box_complete=False))
    assert ticket.branch == ""
    with pytest.raises(ServiceCenterError) as error:
        exchanges.reserve_replacement(ticket)
    assert error.value.code == "exchange_not_allowed"


# --- the exchange -----------------------------------------------------------------------


def test_the_exchange_reserves_takes_back_and_sends(doa_ticket, django_capture_on_commit_callbacks):
    product = doa_ticket.order_line.product
    before = leave_in_stock(product, 1)
    in_stock, allocated = before.num_in_stock, before.num_allocated or 0
    staff = factories.staff_user()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        exchanges.reserve_replacement(doa_ticket, user=staff)
    assert doa_ticket.status == statuses.EXCHANGE_RESERVED
    record = stock_of(product)
    assert (record.num_in_stock, record.num_allocated) == (in_stock, allocated + 1)
    assert record.net_stock_level == 0  # the last unit is no longer for sale
    assert str(statuses.label_for(statuses.EXCHANGE_RESERVED)) in mail.outbox[-1].subject

    with django_capture_on_commit_callbacks(execute=True):
        exchanges.record_defective_return(doa_ticket, user=staff)
    exchange = Exchange.objects.get(ticket=doa_ticket)
    assert exchange.defective_serial_number == "SN-DOA-1"
    assert list(Exchange.objects.defective_in_store()) == [exchange]
    # held as defective: not one unit more to sell
    assert stock_of(product).num_in_stock == in_stock

    with django_capture_on_commit_callbacks(execute=True):
        exchanges.send_replacement(doa_ticket, user=staff, courier="JNE", tracking="JNE123")
    record = stock_of(product)
    assert (record.num_in_stock, record.num_allocated) == (in_stock - 1, allocated)
    assert doa_ticket.status == statuses.REPLACEMENT_SENT
    assert doa_ticket.outbound_tracking == "JNE123"
    assert "JNE123" in mail.outbox[-1].body
    assert len(mail.outbox) == 3
    tickets.change_ticket_status(doa_ticket, statuses.CLOSED)


def test_no_stock_refuses_the_exchange_and_changes_nothing(doa_ticket):
    product = doa_ticket.order_line.product
    record = leave_in_stock(product, 0)
    events = doa_ticket.events.count()
    with pytest.raises(ServiceCenterError) as error:
        exchanges.reserve_replacement(doa_ticket)
    assert (error.value.code, error.value.status) == ("replacement_out_of_stock", 409)
    doa_ticket.refresh_from_db()
    assert doa_ticket.status == statuses.DIAGNOSING
    assert stock_of(product).num_allocated == record.num_allocated
    assert not Exchange.objects.exists()
    assert doa_ticket.events.count() == events


def test_the_exchange_statuses_are_only_reached_through_the_exchange(doa_ticket):
    leave_in_stock(doa_ticket.order_line.product, 1)
    with pytest.raises(ServiceCenterError) as error:
        tickets.change_ticket_status(doa_ticket, statuses.EXCHANGE_RESERVED)
    assert error.value.code == "exchange_action_required"
    exchanges.reserve_replacement(doa_ticket)
    with pytest.raises(ServiceCenterError) as error:
        tickets.change_ticket_status(doa_ticket, statuses.DEFECTIVE_RETURNED)
    assert error.value.code == "exchange_action_required"


def test_the_replacement_leaves_only_after_the_defective_unit_is_back(doa_ticket):
    record = leave_in_stock(doa_ticket.order_line.product, 1)
    with pytest.raises(ServiceCenterError) as error:
        exchanges.record_defective_return(doa_ticket)
    assert error.value.code == "illegal_status_transition"
    exchanges.reserve_replacement(doa_ticket)
    with pytest.raises(ServiceCenterError) as error:
        exchanges.send_replacement(doa_ticket)
    assert error.value.code == "illegal_status_transition"
    assert stock_of(record.product).num_in_stock == record.num_in_stock


def test_a_second_reservation_for_one_ticket_is_refused(doa_ticket):
    record = leave_in_stock(doa_ticket.order_line.product, 2)
    exchanges.reserve_replacement(doa_ticket)
    with pytest.raises(ServiceCenterError) as error:
        exchanges.reserve_replacement(doa_ticket)
    assert error.value.code == "illegal_status_transition"
    assert stock_of(record.product).num_allocated == (record.num_allocated or 0) + 1


def test_calling_the_exchange_off_puts_the_unit_back_and_the_ticket_on_the_bench(doa_ticket):
    record = leave_in_stock(doa_ticket.order_line.product, 1)
    exchanges.reserve_replacement(doa_ticket)
    exchanges.release_replacement(doa_ticket)
    assert doa_ticket.status == statuses.DIAGNOSING
    assert stock_of(record.product).num_allocated == (record.num_allocated or 0)
    assert not Exchange.objects.exists()
    exchanges.reserve_replacement(doa_ticket)  # the claim qualifies after all: reserve anew
    assert stock_of(record.product).num_allocated == (record.num_allocated or 0) + 1


def test_a_reserved_unit_is_never_left_allocated_by_a_plain_status_change(doa_ticket):
    record = leave_in_stock(doa_ticket.order_line.product, 1)
    exchanges.reserve_replacement(doa_ticket)
    assert statuses.DIAGNOSING in doa_ticket.next_statuses()
    with pytest.raises(ServiceCenterError) as error:
        tickets.change_ticket_status(doa_ticket, statuses.DIAGNOSING)
    assert error.value.code == "exchange_action_required"
    assert stock_of(record.product).num_allocated == (record.num_allocated or 0) + 1


def test_once_the_defective_unit_is_back_the_exchange_is_not_called_off(doa_ticket):
    leave_in_stock(doa_ticket.order_line.product, 1)
    exchanges.reserve_replacement(doa_ticket)
    exchanges.record_defective_return(doa_ticket)
    with pytest.raises(ServiceCenterError) as error:
        exchanges.release_replacement(doa_ticket)
    assert error.value.code == "illegal_status_transition"
    assert Exchange.objects.filter(ticket=doa_ticket).exists()


# --- the manufacturer ----------------------------------------------------------------------


@pytest.fixture
def lifetime_order(catalogue, store):
    lifetime = next(p for p in catalogue if p.upc == "CTX-IQQX-44")
    return deliver(factories.place_order(lifetime, status="in-shipment"), DELIVERED)


def test_a_lifetime_claim_on_the_anniversary_stays_with_the_store(lifetime_order):
    ticket = at_the_bench(claim(lifetime_order, jakarta(2026, 3, 20, 23, 59)))
    assert ticket.warranty_outcome == warranty.IN_WARRANTY
    with pytest.raises(ServiceCenterError) as error:
        tickets.change_ticket_status(ticket, statuses.SENT_TO_MANUFACTURER)
    assert error.value.code == "illegal_status_transition"


def test_a_lifetime_claim_after_the_year_goes_to_the_manufacturer_and_back(
    lifetime_order, django_capture_on_commit_callbacks
):
    ticket = at_the_bench(claim(lifetime_order, jakarta(2026, 3, 21, 0, 0)))
    assert ticket.warranty_outcome == warranty.MANUFACTURER_WARRANTY
    assert statuses.EXCHANGE_RESERVED not in ticket.next_statuses()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tickets.change_ticket_status(ticket, statuses.SENT_TO_MANUFACTURER)
        with pytest.raises(ServiceCenterError):
            tickets.change_ticket_status(ticket, statuses.READY)  # not before it is back
        tickets.change_ticket_status(ticket, statuses.BACK_FROM_MANUFACTURER)
        tickets.change_ticket_status(ticket, statuses.READY)
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 3
    assert str(statuses.label_for(statuses.SENT_TO_MANUFACTURER)) in subjects[0]
    assert str(statuses.label_for(statuses.BACK_FROM_MANUFACTURER)) in subjects[1]


# --- the desk and the shopper's view -------------------------------------------------------


def action(ticket, name):
    return reverse("contex-dashboard:service-center-ticket-action", args=[ticket.number, name])


def test_the_desk_runs_the_exchange(client, staff_user, doa_ticket):
    record = leave_in_stock(doa_ticket.order_line.product, 1)
    client.force_login(staff_user)
    detail = reverse("contex-dashboard:service-center-ticket-detail", args=[doa_ticket.number])
    page = client.get(detail)
    assert b'id="exchange-reserve-form"' in page.content
    choices = dict(page.context["status_form"].fields["status"].choices)
    assert statuses.EXCHANGE_RESERVED not in choices
    client.post(action(doa_ticket, "exchange-reserve"))
    client.post(action(doa_ticket, "exchange-defective"), {"serial_number": "SN-REAL"})
    assert b'id="exchange-send-form"' in client.get(detail).content
    client.post(action(doa_ticket, "exchange-send"), {"courier": "", "tracking": ""})
    doa_ticket.refresh_from_db()
    assert doa_ticket.status == statuses.REPLACEMENT_SENT
    assert doa_ticket.exchange.defective_serial_number == "SN-REAL"
    assert stock_of(record.product).num_in_stock == record.num_in_stock - 1


def test_the_desk_calls_the_exchange_off(client, staff_user, doa_ticket):
    record = leave_in_stock(doa_ticket.order_line.product, 1)
    client.force_login(staff_user)
    client.post(action(doa_ticket, "exchange-reserve"))
    detail = reverse("contex-dashboard:service-center-ticket-detail", args=[doa_ticket.number])
    page = client.get(detail)
    assert b'id="exchange-release-form"' in page.content
    assert statuses.DIAGNOSING not in dict(page.context["status_form"].fields["status"].choices)
    client.post(action(doa_ticket, "exchange-release"))
    doa_ticket.refresh_from_db()
    assert doa_ticket.status == statuses.DIAGNOSING
    assert stock_of(record.product).num_allocated == (record.num_allocated or 0)


def test_the_desk_says_why_no_exchange(client, staff_user, doa_ticket):
    leave_in_stock(doa_ticket.order_line.product, 0)
    client.force_login(staff_user)
    response = client.post(action(doa_ticket, "exchange-reserve"), follow=True)
    assert "Stok produk ini sudah habis" in response.content.decode()
    doa_ticket.refresh_from_db()
    assert doa_ticket.status == statuses.DIAGNOSING


@pytest.mark.parametrize(
    ("language", "label"),
    [("id", "Unit pengganti disiapkan"), ("en", "Replacement reserved")],
)
def test_tracking_shows_the_exchange_status_and_what_to_do(api_client, doa_ticket, language, label):
    leave_in_stock(doa_ticket.order_line.product, 1)
    exchanges.reserve_replacement(doa_ticket)
    api_client.credentials(HTTP_ACCEPT_LANGUAGE=language)
    body = api_client.post(
        "/api/service-center/track/",
        {"number": doa_ticket.number, "email": doa_ticket.email},
        format="json",
    ).json()
    assert body["status"] == {"code": statuses.EXCHANGE_RESERVED, "label": label}
    assert body["next_step"]
