"""A shopper cancels an unpaid order (issue 16, item 8): POST /api/orders/{number}/cancel/."""

from django.core import mail
from oscar.core.loading import get_model
from rest_framework.test import APIClient

from contex_oscar.order import access, statuses
from contex_oscar.order.models import OrderStatusRecord
from tests import factories
from tests.lifecycle.conftest import bank_order, pay_in_full

StockRecord = get_model("partner", "StockRecord")


def cancel(client, order, **body):
    return client.post(f"/api/orders/{order.number}/cancel/", body, format="json")


def signed_in(user):
    client = APIClient()
    client.force_login(user)
    return client


def allocated(product):
    return StockRecord.objects.get(product=product).num_allocated


def test_the_owner_cancels_an_order_awaiting_payment(product, shopper):
    order = bank_order(product, owner=shopper)
    before = allocated(product)
    response = cancel(signed_in(shopper), order)
    assert response.status_code == 200, response.content
    assert response.json()["code"] == "order_cancelled"
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
    assert allocated(product) == before - 1  # the reserved unit is released
    record = OrderStatusRecord.objects.get(order=order, new_status=statuses.CANCELLED)
    assert record.changed_by == shopper  # through the one status route


def test_a_guest_cancels_with_the_orders_email(product):
    order = bank_order(product, email="tamu@example.com")
    response = cancel(APIClient(), order, email="tamu@example.com")
    assert response.status_code == 200, response.content
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED


def test_a_guest_cancels_with_the_tracking_links_token(product):
    order = bank_order(product, email="tamu@example.com")
    response = cancel(APIClient(), order, token=access.order_token(order))
    assert response.status_code == 200, response.content


def test_a_payment_declined_order_may_be_cancelled(product, staff_user):
    from contex_oscar.order import services

    order = bank_order(product)
    services.change_order_status(order, statuses.PAYMENT_DECLINED, user=staff_user)
    response = cancel(APIClient(), order, email=order.email)
    assert response.status_code == 200, response.content


def test_a_paid_order_is_refused(product, shopper, staff_user, bank_account):
    order = bank_order(product, owner=shopper)
    pay_in_full(order, staff_user, bank_account)
    response = cancel(signed_in(shopper), order)
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "order_not_cancellable"
    order.refresh_from_db()
    assert order.status == statuses.PAYMENT_RECEIVED


def test_money_received_on_an_order_still_awaiting_payment_is_refused(product, shopper):
    order = bank_order(product, owner=shopper)
    source = order.sources.get()
    source.amount_debited = source.amount_allocated  # e.g. staff recorded part of a transfer
    source.save()
    response = cancel(signed_in(shopper), order)
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "order_not_cancellable"


def test_an_order_in_shipment_is_refused(product, shopper):
    order = factories.place_order(product, owner=shopper, status=statuses.IN_SHIPMENT)
    response = cancel(signed_in(shopper), order)
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "order_not_cancellable"


def test_a_stranger_gets_the_same_not_found(product):
    order = bank_order(product, email="tamu@example.com")
    stranger = cancel(signed_in(factories.user()), order)
    wrong_email = cancel(APIClient(), order, email="orang-lain@example.com")
    assert stranger.status_code == wrong_email.status_code == 404
    assert stranger.json()["code"] == wrong_email.json()["code"] == "order_not_found"
    order.refresh_from_db()
    assert order.status == statuses.AWAITING_PAYMENT


def test_staff_cannot_cancel_as_another_shopper(product, staff_user):
    order = bank_order(product)
    assert cancel(signed_in(staff_user), order).status_code == 404


def test_the_cancellation_email_promises_no_refund(product, commit):
    order = bank_order(product, email="tamu@example.com")
    mail.outbox.clear()
    with commit():
        response = cancel(APIClient(), order, email="tamu@example.com")
    assert response.status_code == 200, response.content
    sent = [m for m in mail.outbox if order.number in m.subject]
    assert len(sent) == 1
    text = sent[0].body.lower()
    assert "refund" not in text and "dikembalikan" not in text and "pengembalian" not in text
