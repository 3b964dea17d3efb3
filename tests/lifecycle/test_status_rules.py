"""The order lifecycle's rules: shipping, delivery date, on-hold, out of stock, status e-mails."""

import datetime

import pytest
import time_machine
from django.core import mail
from oscar.core.loading import get_class, get_model

from contex_oscar.models import SentEmail
from contex_oscar.order import history, services
from contex_oscar.order.exceptions import (
    DeliveryDateInvalid,
    HoldReturnsToOrigin,
    IllegalStatusTransition,
    ShipmentDetailsRequired,
)
from contex_oscar.order.models import OrderDelivery, OrderShipment, OrderStatusRecord
from contex_oscar.order.notifications import (
    STATUS_EVENT_CODES,
    send_status_email,
    status_email_context,
)
from contex_oscar.order.statuses import STATUSES
from contex_oscar.payment import review
from contex_oscar.payment import services as payments
from tests import factories
from tests.lifecycle.conftest import bank_order, pay_in_full, to_processing

StockRecord = get_model("partner", "StockRecord")
ShippingEvent = get_model("order", "ShippingEvent")
PaymentEvent = get_model("order", "PaymentEvent")


# --- shipping ---------------------------------------------------------------------


def test_shipping_needs_courier_and_tracking_number(order, staff_user):
    to_processing(order, staff_user)
    with pytest.raises(ShipmentDetailsRequired):
        services.ship_order(order, "JNE", " ", user=staff_user)
    with pytest.raises(ShipmentDetailsRequired):
        services.ship_order(order, "", "JNE123", user=staff_user)
    order.refresh_from_db()
    assert order.status == "processing"
    assert not ShippingEvent.objects.filter(order=order).exists()


def test_shipping_records_an_oscar_shipping_event_and_mails_the_tracking_number(
    order, staff_user, commit
):
    to_processing(order, staff_user)
    stock = StockRecord.objects.get(pk=order.lines.get().stockrecord_id)
    in_stock = stock.num_in_stock
    mail.outbox.clear()
    with commit():
        services.ship_order(
            order, "JNE", "JNE-0042", user=staff_user, shopper_note="Dikirim via JNE YES"
        )
    order.refresh_from_db()
    assert order.status == "in-shipment"
    event = ShippingEvent.objects.get(order=order)
    assert (event.event_type.code, event.notes) == ("shipped", "JNE JNE-0042")
    assert [q.quantity for q in event.line_quantities.all()] == [1]
    shipment = OrderShipment.objects.get(order=order)
    assert (shipment.courier, shipment.tracking_number, shipment.shipping_event) == (
        "JNE",
        "JNE-0042",
        event,
    )
    stock.refresh_from_db()
    assert stock.num_in_stock == in_stock - 1  # the reservation became a stock decrease
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["tamu@example.com"]
    assert "JNE-0042" in message.subject
    assert "Nomor resi: JNE-0042" in message.body and "Tracking number: JNE-0042" in message.body
    assert "Dikirim via JNE YES" in message.body
    # Indonesian first, then English
    assert message.body.index("Halo") < message.body.index("English")


def test_only_processing_orders_ship(order, staff_user):
    with pytest.raises(IllegalStatusTransition):
        services.ship_order(order, "JNE", "X1", user=staff_user)
    assert not OrderShipment.objects.exists()


# --- delivery date -----------------------------------------------------------------


def shipped(order, staff):
    to_processing(order, staff)
    services.ship_order(order, "JNE", "JNE-1", user=staff)
    order.refresh_from_db()
    return order


def test_delivered_records_the_date_staff_enter(order, staff_user, time_machine):
    time_machine.move_to("2026-03-02 03:00:00+00:00")  # Monday 10:00 in Jakarta
    shipped(order, staff_user)
    time_machine.move_to("2026-03-05 03:00:00+00:00")
    services.mark_delivered(order, datetime.date(2026, 3, 4), user=staff_user)
    order.refresh_from_db()
    assert order.status == "delivered"
    assert OrderDelivery.objects.get(order=order).delivered_on == datetime.date(2026, 3, 4)
    # the service center's clock starts from the entered date, not the day of the change
    assert history.delivery_date(order) == datetime.date(2026, 3, 4)
    assert ShippingEvent.objects.filter(order=order, event_type__code="delivered").exists()


@pytest.mark.parametrize(
    "utc_moment, store_date",
    [
        ("2026-03-02 16:59:59+00:00", "2026-03-02"),  # 23:59:59 in Jakarta
        ("2026-03-02 17:00:00+00:00", "2026-03-03"),  # midnight in Jakarta
    ],
)
def test_delivery_date_defaults_to_the_store_day(order, staff_user, utc_moment, store_date):
    with time_machine.travel("2026-03-02 01:00:00+00:00", tick=False):
        shipped(order, staff_user)
    with time_machine.travel(utc_moment, tick=False):
        services.mark_delivered(order, user=staff_user)
    assert str(history.delivery_date(order)) == store_date


def test_delivery_date_cannot_be_in_the_future_or_before_shipping(order, staff_user):
    with time_machine.travel("2026-03-02 03:00:00+00:00", tick=False):
        shipped(order, staff_user)
        with pytest.raises(DeliveryDateInvalid):
            services.mark_delivered(order, datetime.date(2026, 3, 3), user=staff_user)
        with pytest.raises(DeliveryDateInvalid):
            services.mark_delivered(order, datetime.date(2026, 3, 1), user=staff_user)
        services.mark_delivered(order, datetime.date(2026, 3, 2), user=staff_user)
    assert history.delivery_date(order) == datetime.date(2026, 3, 2)


def test_delivery_mail_names_the_date(order, staff_user, commit):
    with time_machine.travel("2026-03-02 03:00:00+00:00", tick=False):
        shipped(order, staff_user)
        mail.outbox.clear()
        with commit():
            services.mark_delivered(order, user=staff_user)
    assert len(mail.outbox) == 1
    assert "2 March 2026" in mail.outbox[0].body or "2 Maret 2026" in mail.outbox[0].body


# --- on hold -----------------------------------------------------------------------


def test_on_hold_returns_to_where_it_came_from(order, staff_user):
    to_processing(order, staff_user)
    services.change_order_status(order, "on-hold", user=staff_user, note="alamat tidak jelas")
    assert history.hold_origin(order) == "processing"
    with pytest.raises(HoldReturnsToOrigin) as refused:
        services.change_order_status(order, "awaiting-payment", user=staff_user)
    assert refused.value.code == "hold_returns_to_origin"
    services.release_hold(order, user=staff_user, note="alamat dikonfirmasi")
    order.refresh_from_db()
    assert order.status == "processing"
    last = OrderStatusRecord.objects.filter(order=order).last()
    assert (last.old_status, last.new_status, last.note) == (
        "on-hold",
        "processing",
        "alamat dikonfirmasi",
    )


def test_the_latest_hold_decides(order, staff_user):
    services.change_order_status(order, "on-hold", user=staff_user)
    services.release_hold(order, user=staff_user)
    assert order.status == "awaiting-payment"
    review.record_payment(order, payments.amount_due(order), user=staff_user)
    services.change_order_status(order, "on-hold", user=staff_user)
    assert history.hold_origin(order) == "payment-received"
    with pytest.raises(HoldReturnsToOrigin):
        services.change_order_status(order, "awaiting-payment", user=staff_user)


def test_held_order_may_always_be_cancelled(order, staff_user):
    to_processing(order, staff_user)
    services.change_order_status(order, "on-hold", user=staff_user)
    services.change_order_status(order, "cancelled", user=staff_user)
    order.refresh_from_db()
    assert order.status == "cancelled"


def test_order_placed_on_hold_may_go_where_the_pipeline_allows(catalogue, staff_user):
    order = factories.place_order(catalogue[0], status="on-hold")  # shipping quote by phone
    assert history.hold_origin(order) is None
    services.change_order_status(order, "processing", user=staff_user)  # e.g. COD after quote
    assert order.status == "processing"
    with pytest.raises(IllegalStatusTransition):
        services.release_hold(factories.place_order(catalogue[0], status="on-hold"))


# --- out of stock ------------------------------------------------------------------


def test_out_of_stock_mail_offers_waiting_or_cancelling(order, staff_user, commit):
    to_processing(order, staff_user)
    mail.outbox.clear()
    with commit():
        services.change_order_status(order, "out-of-stock", user=staff_user)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Menunggu" in body and "Membatalkan" in body
    assert "Wait" in body and "Cancel" in body


def test_cancel_of_a_paid_order_owes_back_everything(product, staff_user, bank_account, commit):
    order = bank_order(product)
    paid = pay_in_full(order, staff_user, bank_account)
    services.change_order_status(order, "out-of-stock", user=staff_user)
    mail.outbox.clear()
    with commit():
        services.cancel_order(order, user=staff_user, shopper_note="Dibatalkan atas permintaan")
    order.refresh_from_db()
    assert order.status == "cancelled"
    summary = payments.payment_summary(order)
    assert (summary["state"], summary["refund_owed"], summary["is_paid"]) == (
        "refund-owed",
        paid,
        False,
    )
    stock = StockRecord.objects.get(pk=order.lines.get().stockrecord_id)
    assert stock.num_allocated == 0
    cancel_mails = [m for m in mail.outbox if "dibatalkan" in m.subject]
    assert len(cancel_mails) == 1
    assert f"{int(paid):,}".replace(",", ".") in cancel_mails[0].body
    assert "akan kami kembalikan" in cancel_mails[0].body


def test_cancelling_an_unpaid_order_refunds_nothing(order, staff_user):
    services.cancel_order(order, user=staff_user)
    assert order.status == "cancelled"
    assert not PaymentEvent.objects.filter(order=order).exists()


# --- e-mails ------------------------------------------------------------------------


def test_each_change_mails_once_even_when_replayed(order, staff_user, commit):
    mail.outbox.clear()
    with commit():
        services.change_order_status(order, "payment-declined", user=staff_user)
        record = OrderStatusRecord.objects.get(order=order)
        # the receiver running again for the same change (a retried job, a replayed signal)
        assert send_status_email(order, record) is False
    assert len(mail.outbox) == 1
    assert SentEmail.objects.filter(key=f"order-status:{order.pk}:{record.pk}").count() == 1


def test_a_retried_change_is_refused_and_sends_nothing(order, staff_user, commit):
    with commit():
        services.change_order_status(order, "payment-declined", user=staff_user)
    mail.outbox.clear()
    with commit(), pytest.raises(IllegalStatusTransition):
        services.change_order_status(order, "payment-declined", user=staff_user)
    assert mail.outbox == []


def test_no_mail_when_the_change_rolls_back(order, staff_user, commit):
    from django.db import transaction

    mail.outbox.clear()
    sent_before = SentEmail.objects.count()  # (the order-placed e-mail)
    with commit():
        try:
            with transaction.atomic():
                services.change_order_status(order, "payment-declined", user=staff_user)
                raise RuntimeError("payment gateway down")
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert SentEmail.objects.count() == sent_before


def test_caller_with_its_own_mail_can_silence_the_status_mail(order, staff_user, commit):
    mail.outbox.clear()
    with commit():
        services.change_order_status(order, "payment-declined", user=staff_user, notify=False)
    assert mail.outbox == []


@pytest.mark.parametrize("status", list(STATUSES))
def test_every_status_has_a_bilingual_mail(order, status):
    """Render each status e-mail as the receiver would, with the context it gets."""
    record = OrderStatusRecord(
        order=order, old_status="processing", new_status=status, shopper_note="Catatan toko"
    )
    record.created_at = order.date_placed
    messages = get_class("communication.utils", "Dispatcher")().get_messages(
        STATUS_EVENT_CODES[status], status_email_context(order, record)
    )
    assert str(order.number) in messages["subject"] and "\n" not in messages["subject"].strip()
    body = messages["body"]
    assert body.startswith("Halo") and "English" in body and "Hello" in body
    assert "Catatan toko" in body


def test_no_cancel_while_a_payment_confirmation_waits(product, staff_user, bank_account):
    from contex_oscar.order.exceptions import ConfirmationPending
    from contex_oscar.payment import services as payments
    from contex_oscar.workdays import store_today
    from tests.lifecycle.conftest import png_upload

    order = bank_order(product)
    review.submit_confirmation(
        order,
        bank_account=bank_account,
        sender_bank="BCA",
        sender_account_holder="Budi",
        amount=payments.payment_summary(order)["amount_due"],
        transfer_date=store_today(),
        proof=png_upload(),
        proof_content_type="image/png",
    )
    with pytest.raises(ConfirmationPending):
        services.cancel_order(order, user=staff_user)
    order.refresh_from_db()
    assert order.status == "awaiting-payment"
