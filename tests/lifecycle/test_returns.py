"""A shipped order that comes back to the store (issue 16, item 4): refused at the door,
returned to sender. ``in-shipment`` -> ``processing`` (re-sent) or -> ``cancelled``, with the
reason, the goods back in stock and the shopper told; no refund for money never received."""

import pytest
from django.core import mail
from oscar.core.loading import get_class, get_model

from contex_oscar.order import history, services
from contex_oscar.order.exceptions import IllegalStatusTransition, ReturnReasonRequired
from contex_oscar.order.models import OrderStatusRecord
from contex_oscar.payment import review
from contex_oscar.payment import services as payments
from contex_oscar.payment.models import OrderPayment
from tests import factories
from tests.lifecycle.conftest import bank_order, pay_in_full

StockRecord = get_model("partner", "StockRecord")
EventHandler = get_class("order.processing", "EventHandler")

REASON = "Ditolak penerima di alamat"


def _stock(order):
    record = StockRecord.objects.get(pk=order.lines.get().stockrecord_id)
    return record.num_in_stock, record.num_allocated


@pytest.fixture
def cod_shipped(product):
    """A COD order handed to the courier (nothing paid yet)."""
    order = factories.place_order(product, status=None, payment_method="cod")
    order.refresh_from_db()
    assert order.status == "processing"
    services.ship_order(order, "JNE", "JNE-1")
    return order


@pytest.fixture
def paid_shipped(product, staff_user, bank_account):
    """A bank-transfer order, paid in full, handed to the courier."""
    order = bank_order(product)
    paid = pay_in_full(order, staff_user, bank_account)
    services.change_order_status(order, "processing", user=staff_user)
    services.ship_order(order, "JNE", "JNE-2")
    order.refresh_from_db()
    return order, paid


def _last_body():
    return mail.outbox[-1].body


def test_a_returned_parcel_goes_back_to_processing(cod_shipped):
    services.change_order_status(cod_shipped, "processing", return_reason=REASON)
    cod_shipped.refresh_from_db()
    assert cod_shipped.status == "processing"


def test_the_return_reason_is_recorded(cod_shipped, staff_user):
    services.return_to_store(cod_shipped, REASON, user=staff_user)
    record = OrderStatusRecord.objects.filter(order=cod_shipped).latest("pk")
    assert (record.old_status, record.new_status) == ("in-shipment", "processing")
    assert REASON in record.note
    assert history.return_of(cod_shipped).notes == REASON  # Oscar's shipping event


@pytest.mark.parametrize("new_status", ["processing", "cancelled"])
def test_coming_back_without_a_reason_is_refused(cod_shipped, new_status):
    with pytest.raises(ReturnReasonRequired):
        services.change_order_status(cod_shipped, new_status)
    cod_shipped.refresh_from_db()
    assert cod_shipped.status == "in-shipment"


def test_goods_back_for_resending_are_in_stock_and_reserved(product):
    order = factories.place_order(product, status=None, payment_method="cod")
    before = _stock(order)
    services.ship_order(order, "JNE", "JNE-1")
    services.return_to_store(order, REASON)
    assert _stock(order) == before


def test_a_resent_order_ships_again(cod_shipped):
    services.return_to_store(cod_shipped, REASON)
    in_stock, _allocated = _stock(cod_shipped)
    services.ship_order(cod_shipped, "SiCepat", "SC-9")
    assert _stock(cod_shipped) == (in_stock - 1, 0)
    assert history.shipment_of(cod_shipped).tracking_number == "SC-9"


def test_a_refused_cod_parcel_cancelled_is_free_stock_again(product):
    order = factories.place_order(product, status=None, payment_method="cod")
    in_stock, _allocated = _stock(order)
    services.ship_order(order, "JNE", "JNE-1")
    services.return_to_store(order, REASON, resend=False)
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert _stock(order) == (in_stock, 0)


def test_a_refused_cod_parcel_owes_no_refund(cod_shipped):
    services.return_to_store(cod_shipped, REASON, resend=False)
    payment = OrderPayment.objects.get(order=cod_shipped)
    assert (payment.state, payment.refund_owed) == ("cancelled", 0)


def test_the_cod_cancel_email_says_the_parcel_came_back_and_no_refund(cod_shipped, commit):
    with commit():
        services.return_to_store(cod_shipped, REASON, resend=False)
    body = _last_body()
    assert "kembali ke toko" in body and "came back to the store" in body
    assert REASON in body
    assert "refund" not in body.lower() and "dikembalikan" not in body


def test_the_resend_email_says_the_parcel_came_back(cod_shipped, commit):
    with commit():
        services.return_to_store(cod_shipped, REASON)
    message = mail.outbox[-1]
    assert "kembali ke toko" in message.subject
    assert "Alasan: " + REASON in message.body and "Reason: " + REASON in message.body
    assert "send it again" in message.body


def test_a_paid_order_cancelled_after_return_owes_the_refund(paid_shipped, commit):
    order, paid = paid_shipped
    with commit():
        services.return_to_store(order, REASON, resend=False)
    payment = OrderPayment.objects.get(order=order)
    assert (payment.state, payment.refund_owed) == ("refund-owed", paid)
    assert "We will refund" in _last_body()


def test_a_paid_order_sent_again_owes_nothing(paid_shipped):
    order, _paid = paid_shipped
    services.return_to_store(order, REASON)
    assert payments.is_paid(order)
    assert OrderPayment.objects.get(order=order).refund_owed == 0


@pytest.mark.parametrize("new_status", ["awaiting-payment", "on-hold", "out-of-stock"])
def test_a_shipped_order_still_cannot_go_elsewhere(cod_shipped, new_status):
    with pytest.raises(IllegalStatusTransition):
        services.change_order_status(cod_shipped, new_status, return_reason=REASON)


def test_a_delivered_order_cannot_come_back_through_the_return_path(cod_shipped):
    review.record_payment(cod_shipped, payments.amount_due(cod_shipped))
    services.mark_delivered(cod_shipped)
    with pytest.raises(IllegalStatusTransition):
        services.change_order_status(cod_shipped, "processing", return_reason=REASON)


def test_the_store_dashboard_returns_a_parcel(client, staff_user, cod_shipped):
    client.force_login(staff_user)
    url = f"/dashboard/store/orders/{cod_shipped.number}/"
    response = client.post(url, {"new_status": "cancelled", "return_reason": REASON})
    assert response.status_code == 302
    cod_shipped.refresh_from_db()
    assert cod_shipped.status == "cancelled"


def test_the_store_dashboard_asks_for_the_reason(client, staff_user, cod_shipped):
    client.force_login(staff_user)
    url = f"/dashboard/store/orders/{cod_shipped.number}/"
    response = client.post(url, {"new_status": "processing"})
    assert response.status_code == 400
    assert "return_reason" in response.context["form"].errors
    cod_shipped.refresh_from_db()
    assert cod_shipped.status == "in-shipment"


def test_oscars_dashboard_returns_a_parcel(client, staff_user, cod_shipped):
    client.force_login(staff_user)
    response = client.post(
        f"/dashboard/orders/{cod_shipped.number}/",
        {
            "order_action": "change_order_status",
            "new_status": "processing",
            "return_reason": REASON,
        },
    )
    assert response.status_code == 302
    cod_shipped.refresh_from_db()
    assert cod_shipped.status == "processing"
    assert history.return_of(cod_shipped).notes == REASON


def test_the_event_handler_refuses_a_return_without_reason(staff_user, cod_shipped):
    with pytest.raises(ReturnReasonRequired):
        EventHandler(staff_user).handle_order_status_change(
            cod_shipped, "cancelled", note_msg="changed"
        )
