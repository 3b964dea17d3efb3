"""Every path that moves an order takes the store's one route (issue 13, defects 1-4).

Oscar's own dashboard pages (order detail, order list, line actions) go through
``contex_oscar.order.processing.EventHandler``, which calls the same
``change_order_status`` as the store's pages, the API and the commands.
"""

from decimal import Decimal as D

import pytest
from django.contrib.messages import get_messages
from oscar.core.loading import get_class, get_model

from contex_oscar.order import services
from contex_oscar.order.exceptions import IllegalStatusTransition, PaymentNotRecorded
from contex_oscar.order.models import OrderShipment, OrderStatusRecord
from contex_oscar.order.statuses import (
    AWAITING_PAYMENT,
    CANCELLED,
    IN_SHIPMENT,
    ON_HOLD,
    PAYMENT_RECEIVED,
    PROCESSING,
)
from contex_oscar.payment import review
from contex_oscar.payment import services as payments
from contex_oscar.payment.exceptions import PaymentError
from contex_oscar.payment.models import OrderPayment
from tests import factories
from tests.lifecycle.conftest import bank_order, pay_in_full, to_processing

ShippingEvent = get_model("order", "ShippingEvent")
ShippingEventType = get_model("order", "ShippingEventType")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")


def oscar_page(order):
    return f"/dashboard/orders/{order.number}/"


def offered(client, order):
    form = client.get(oscar_page(order)).context["order_status_form"]
    return {value for value, _label in form.fields["new_status"].choices if value}


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def processing_order(product, staff_user, bank_account):
    """A bank-transfer order, paid in full and being prepared."""
    order = bank_order(product)
    pay_in_full(order, staff_user, bank_account)
    services.change_order_status(order, PROCESSING, user=staff_user)
    order.refresh_from_db()
    return order


# --- defect 1: Oscar's order page and the on-hold rule --------------------------------


def test_oscars_order_page_offers_a_held_order_only_its_origin(staff_client, processing_order):
    services.change_order_status(processing_order, ON_HOLD)
    assert offered(staff_client, processing_order) == {PROCESSING, CANCELLED}


def test_oscars_order_page_refuses_to_release_a_hold_elsewhere(staff_client, processing_order):
    services.change_order_status(processing_order, ON_HOLD)
    response = staff_client.post(
        oscar_page(processing_order),
        {"order_action": "change_order_status", "new_status": AWAITING_PAYMENT},
    )
    assert response.status_code == 302
    processing_order.refresh_from_db()
    assert processing_order.status == ON_HOLD


def test_oscars_order_list_bulk_change_refuses_with_a_message(staff_client, processing_order):
    services.change_order_status(processing_order, ON_HOLD)
    response = staff_client.post(
        "/dashboard/orders/",
        {
            "action": "change_order_statuses",
            "selected_order": [processing_order.pk],
            "new_status": AWAITING_PAYMENT,
        },
    )
    assert response.status_code == 302
    processing_order.refresh_from_db()
    assert processing_order.status == ON_HOLD
    assert any(processing_order.number in text for text in messages_of(response))


def test_oscars_order_list_bulk_change_takes_the_route(staff_client, staff_user, product):
    order = bank_order(product)
    staff_client.post(
        "/dashboard/orders/",
        {"action": "change_order_statuses", "selected_order": [order.pk], "new_status": ON_HOLD},
    )
    order.refresh_from_db()
    assert order.status == ON_HOLD
    assert OrderStatusRecord.objects.get(order=order).changed_by == staff_user


def test_oscars_status_form_shows_labels_not_codes(staff_client, processing_order):
    form = staff_client.get(oscar_page(processing_order)).context["order_status_form"]
    labels = {value: str(label) for value, label in form.fields["new_status"].choices}
    assert labels[IN_SHIPMENT] == "Pesanan Dalam Pengiriman"


# --- defect 2: shipping events from Oscar's line actions --------------------------------


def line_event(client, order, event_code, reference=""):
    line = order.lines.get()
    return client.post(
        oscar_page(order),
        {
            "line_action": "create_shipping_event",
            "selected_line": [line.pk],
            f"selected_line_qty_{line.pk}": line.quantity,
            "shipping_event_type": event_code,
            "reference": reference,
        },
    )


@pytest.mark.parametrize("event", [("shipped", "Shipped"), ("delivered", "Delivered")])
def test_oscars_line_shipping_events_are_refused_for_the_store_events(
    staff_client, processing_order, event
):
    ShippingEventType.objects.get_or_create(code=event[0], defaults={"name": event[1]})
    response = line_event(staff_client, processing_order, event[0], "JNE 123")
    assert response.status_code == 302
    assert not ShippingEvent.objects.filter(order=processing_order).exists()
    assert any("resi" in text or "courier" in text for text in messages_of(response))


def test_after_a_refused_line_event_the_order_still_ships(
    staff_client, staff_user, processing_order
):
    ShippingEventType.objects.get_or_create(code="shipped", defaults={"name": "Shipped"})
    line_event(staff_client, processing_order, "shipped")
    services.ship_order(processing_order, "JNE", "JNE-77", user=staff_user)
    processing_order.refresh_from_db()
    assert processing_order.status == IN_SHIPMENT


def test_other_shipping_event_types_keep_oscars_behaviour(staff_client, processing_order):
    ShippingEventType.objects.create(code="packed", name="Packed")
    line_event(staff_client, processing_order, "packed")
    assert ShippingEvent.objects.filter(order=processing_order, event_type__code="packed").exists()


def test_oscars_order_page_ships_with_courier_and_tracking(
    staff_client, staff_user, processing_order
):
    staff_client.post(
        oscar_page(processing_order),
        {
            "order_action": "change_order_status",
            "new_status": IN_SHIPMENT,
            "courier": "JNE",
            "tracking_number": "JNE-OSCAR-1",
        },
    )
    processing_order.refresh_from_db()
    assert processing_order.status == IN_SHIPMENT
    shipment = OrderShipment.objects.get(order=processing_order)
    assert (shipment.courier, shipment.tracking_number, shipment.shipped_by) == (
        "JNE",
        "JNE-OSCAR-1",
        staff_user,
    )


def test_oscars_order_page_refuses_to_ship_without_tracking(staff_client, processing_order):
    response = staff_client.post(
        oscar_page(processing_order),
        {"order_action": "change_order_status", "new_status": IN_SHIPMENT, "courier": "JNE"},
    )
    assert response.status_code == 302
    processing_order.refresh_from_db()
    assert processing_order.status == PROCESSING
    assert not OrderShipment.objects.exists()


def test_oscars_line_status_change_is_refused(staff_client, processing_order):
    line = processing_order.lines.get()
    staff_client.post(
        oscar_page(processing_order),
        {
            "line_action": "change_line_statuses",
            "selected_line": [line.pk],
            f"selected_line_qty_{line.pk}": 1,
            "new_status": IN_SHIPMENT,
        },
    )
    line.refresh_from_db()
    assert line.status == PROCESSING


def test_the_handler_is_the_stores(processing_order, staff_user):
    handler = get_class("order.processing", "EventHandler")(user=staff_user)
    handler.handle_order_status_change(processing_order, ON_HOLD, note_msg="tunggu")
    assert OrderStatusRecord.objects.filter(order=processing_order).last().note == "tunggu"
    with pytest.raises(IllegalStatusTransition):
        handler.handle_order_status_change(processing_order, AWAITING_PAYMENT)


# --- defect 3: an unpaid bank transfer is never marked paid by a status change ----------


def test_an_unpaid_transfer_cannot_move_to_payment_received(product):
    order = bank_order(product)
    with pytest.raises(PaymentNotRecorded) as refused:
        services.change_order_status(order, PAYMENT_RECEIVED)
    assert refused.value.code == "payment_not_recorded"
    order.refresh_from_db()
    assert order.status == AWAITING_PAYMENT
    assert payments.payment_of(order).state == OrderPayment.AWAITING


def test_an_order_without_a_payment_cannot_move_to_payment_received(order):
    with pytest.raises(PaymentNotRecorded):
        services.change_order_status(order, PAYMENT_RECEIVED)


def test_the_store_status_page_does_not_offer_payment_received_before_payment(
    staff_client, product
):
    order = bank_order(product)
    url = f"/dashboard/store/orders/{order.number}/"
    choices = staff_client.get(url).context["form"].fields["new_status"].choices
    assert PAYMENT_RECEIVED not in {value for value, _label in choices}
    staff_client.post(url, {"new_status": PAYMENT_RECEIVED})
    order.refresh_from_db()
    assert order.status == AWAITING_PAYMENT


def test_oscars_order_page_does_not_mark_an_unpaid_transfer_paid(staff_client, product):
    order = bank_order(product)
    assert PAYMENT_RECEIVED not in offered(staff_client, order)
    staff_client.post(
        oscar_page(order), {"order_action": "change_order_status", "new_status": PAYMENT_RECEIVED}
    )
    order.refresh_from_db()
    assert order.status == AWAITING_PAYMENT
    assert payments.amount_paid(order) == 0


def test_staff_record_a_transfer_received_at_the_amount_due(product, staff_user, commit):
    order = bank_order(product)
    due = payments.amount_due(order)
    with commit():
        review.record_payment(order, due, user=staff_user, reference="mutasi-1")
    order.refresh_from_db()
    assert order.status == PAYMENT_RECEIVED
    assert payments.amount_paid(order) == due
    assert payments.payment_of(order).state == OrderPayment.PAID


def test_a_transfer_of_another_amount_needs_the_acknowledgement(product, staff_user):
    order = bank_order(product)
    short = payments.amount_due(order) - 444
    with pytest.raises(PaymentError) as refused:
        review.record_payment(order, short, user=staff_user)
    assert refused.value.code == "amount_mismatch"
    order.refresh_from_db()
    assert order.status == AWAITING_PAYMENT
    review.record_payment(order, short, user=staff_user, accept_mismatch=True)
    order.refresh_from_db()
    assert order.status == PAYMENT_RECEIVED
    assert payments.amount_paid(order) == short


def test_the_unpaid_transfers_page_records_a_transfer(staff_client, product):
    order = bank_order(product)
    due = payments.amount_due(order)
    url = f"/dashboard/store/payment/orders/{order.number}/record/"
    staff_client.post(url, {"amount": str(int(due) - 1)})
    order.refresh_from_db()
    assert order.status == AWAITING_PAYMENT  # refused: differs, not acknowledged
    staff_client.post(url, {"amount": str(int(due) - 1), "accept_mismatch": "on"})
    order.refresh_from_db()
    assert order.status == PAYMENT_RECEIVED


def test_oscars_paid_payment_event_takes_the_same_rule(staff_client, product):
    order = bank_order(product)
    PaymentEventType.objects.get_or_create(code="paid", defaults={"name": "Paid"})
    due = payments.amount_due(order)
    staff_client.post(
        oscar_page(order),
        {"order_action": "create_order_payment_event", "payment_event_type": "paid", "amount": "5"},
    )
    order.refresh_from_db()
    assert order.status == AWAITING_PAYMENT
    assert not PaymentEvent.objects.filter(order=order).exists()
    staff_client.post(
        oscar_page(order),
        {
            "order_action": "create_order_payment_event",
            "payment_event_type": "paid",
            "amount": str(due),
        },
    )
    order.refresh_from_db()
    assert order.status == PAYMENT_RECEIVED
    assert payments.amount_paid(order) == due


def test_a_cancel_after_a_real_payment_owes_it_back(processing_order, staff_user):
    paid = payments.amount_paid(processing_order)
    assert paid > 0
    services.change_order_status(processing_order, CANCELLED, user=staff_user)
    payment = OrderPayment.objects.get(order=processing_order)
    assert (payment.state, payment.refund_owed) == ("refund-owed", paid)
    assert not payments.is_paid(processing_order)


# --- defect 4: showroom and COD payments are checked against the amount due ----------


def payment_state(order):
    return OrderPayment.objects.get(order=order).state


@pytest.fixture
def showroom_order(product):
    order = factories.place_order(product, status=PROCESSING, payment_method="o2o")
    order.refresh_from_db()
    return order


def test_showroom_underpayment_needs_the_acknowledgement(showroom_order, staff_user):
    due = payments.amount_due(showroom_order)
    with pytest.raises(PaymentError) as refused:
        review.record_payment(showroom_order, due - D("2900000"), user=staff_user)
    assert refused.value.code == "amount_mismatch"
    assert payment_state(showroom_order) == OrderPayment.AWAITING
    review.record_payment(showroom_order, due - D("2900000"), user=staff_user, accept_mismatch=True)
    assert payment_state(showroom_order) == OrderPayment.PAID


def test_the_collect_page_asks_for_the_acknowledgement(staff_client, showroom_order):
    due = int(payments.amount_due(showroom_order))
    url = f"/dashboard/store/payment/orders/{showroom_order.number}/record/"
    staff_client.post(url, {"amount": str(due - 2900000)})
    assert payment_state(showroom_order) == OrderPayment.AWAITING
    staff_client.post(url, {"amount": str(due - 2900000), "accept_mismatch": "on"})
    assert payment_state(showroom_order) == OrderPayment.PAID


def test_showroom_payment_at_the_amount_due_keeps_the_status(showroom_order, staff_user):
    review.record_payment(showroom_order, payments.amount_due(showroom_order), user=staff_user)
    showroom_order.refresh_from_db()
    assert showroom_order.status == PROCESSING
    assert payment_state(showroom_order) == OrderPayment.PAID


def test_to_processing_helper_pays_first(order, staff_user):
    """The suite's own shortcut takes the route too (no status set by hand)."""
    to_processing(order, staff_user)
    assert order.status == PROCESSING
    assert payments.payment_of(order).state == OrderPayment.PAID
