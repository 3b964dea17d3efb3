"""Refunds owed (issue 16, defect 5): money received for a cancelled order (or above a
corrected price) is owed back until staff record the refunds they make."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from contex_oscar.order import services
from contex_oscar.order.pricing import CANCEL, correct_line_price
from contex_oscar.payment import review
from contex_oscar.payment import services as payments
from contex_oscar.payment.exceptions import PaymentError
from contex_oscar.payment.models import OrderPayment, Refund
from tests import factories
from tests.lifecycle.conftest import bank_order, pay_in_full

PaymentEvent = get_model("order", "PaymentEvent")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def cancelled_paid_order(product, staff_user, bank_account):
    order = bank_order(product)
    paid = pay_in_full(order, staff_user, bank_account)
    services.cancel_order(order, user=staff_user)
    order.refresh_from_db()
    return order, paid


def refund(order, amount, staff_user, **overrides):
    data = {
        "reference": "TRF-001",
        "user": staff_user,
        "bank_name": "BRI",
        "account_number": "0099887766",
        "account_holder": "Budi Santoso",
        "refunded_on": dt.date(2026, 12, 3),
        **overrides,
    }
    return review.record_refund(order, amount, **data)


def test_cancelling_a_paid_order_owes_the_money_back(cancelled_paid_order):
    order, paid = cancelled_paid_order
    payment = OrderPayment.objects.get(order=order)
    assert (payment.state, payment.refund_owed, payment.amount_refunded) == (
        "refund-owed",
        paid,
        0,
    )
    # nothing is paid back until staff say so
    assert not PaymentEvent.objects.filter(order=order, event_type__code="refund").exists()


def test_partial_refunds_add_up_to_refunded_and_each_is_mailed(
    cancelled_paid_order, staff_user, commit
):
    order, paid = cancelled_paid_order
    mail.outbox.clear()
    first_part = D("1000000")
    with commit():
        refund(order, first_part, staff_user, reference="TRF-1")
    assert payments.payment_of(order).state == "refund-owed"
    summary = payments.payment_summary(type(order)._default_manager.get(pk=order.pk))
    assert (summary["refund_owed"], summary["amount_refunded"]) == (paid - first_part, first_part)
    assert summary["amount_paid"] == paid - first_part and not summary["is_paid"]
    with commit():
        refund(order, paid - first_part, staff_user, reference="TRF-2")
    order = type(order)._default_manager.get(pk=order.pk)
    summary = payments.payment_summary(order)
    assert (summary["state"], summary["refund_owed"], summary["amount_refunded"]) == (
        "refunded",
        0,
        paid,
    )
    assert summary["amount_paid"] == 0 and not summary["is_paid"]
    assert list(
        Refund.objects.filter(payment__order=order).values_list("reference", flat=True)
    ) == [
        "TRF-1",
        "TRF-2",
    ]
    first, second = mail.outbox
    assert first.to == ["tamu@example.com"] and "dikembalikan" in first.subject
    assert "Rp 1.000.000" in first.body and "BRI 0099887766" in first.body
    assert "3 Desember 2026" in first.body and "3 December 2026" in first.body
    assert "Sisa dana" in first.body and "Still to be refunded" in first.body
    assert "Seluruh dana" in second.body and "Everything we owed you" in second.body


def test_a_refund_cannot_exceed_what_is_owed(cancelled_paid_order, staff_user):
    order, paid = cancelled_paid_order
    with pytest.raises(PaymentError) as excinfo:
        refund(order, paid + 1, staff_user)
    assert excinfo.value.code == "refund_exceeds_owed"
    refund(order, paid - 5, staff_user)
    with pytest.raises(PaymentError):
        refund(order, D("6"), staff_user)
    assert OrderPayment.objects.get(order=order).refund_owed == 5


def test_a_refunded_overpayment_then_a_cancel_owes_the_rest(product, staff_user, bank_account):
    StockRecord.objects.filter(product=product).update(price=D("10000000"))
    order = bank_order(product)
    paid = pay_in_full(order, staff_user, bank_account)
    correct_line_price(order.lines.get(), D("9000000"), user=staff_user)
    refund(order, D("1000000"), staff_user)
    order = type(order)._default_manager.get(pk=order.pk)
    assert payments.payment_summary(order)["state"] == "refunded"
    assert payments.is_paid(order)  # the order is still paid for
    services.cancel_order(order, user=staff_user)
    payment = OrderPayment.objects.get(order=order)
    assert (payment.state, payment.refund_owed) == ("refund-owed", paid - D("1000000"))


def test_the_order_answer_shows_the_refund_consistently(
    api_client, product, shopper, staff_user, bank_account
):
    StockRecord.objects.filter(product=product).update(price=D("10000000"))
    order = factories.place_order(product, owner=shopper, email=shopper.email)
    order.refresh_from_db()
    paid = pay_in_full(order, staff_user, bank_account)
    correct_line_price(order.lines.get(), D("12000000"), user=staff_user, decision=CANCEL)
    api_client.force_authenticate(shopper)

    def payment_block():
        response = api_client.get(f"/api/orders/{order.pk}/")
        assert response.status_code == 200
        return response.json()["payment"]

    block = payment_block()
    assert (block["state"], block["is_paid"]) == ("refund-owed", False)
    assert (block["amount_paid"], block["refund_owed"], block["amount_refunded"]) == (
        f"{paid:.2f}",
        f"{paid:.2f}",
        "0.00",
    )
    refund(order, paid, staff_user)
    block = payment_block()
    assert (block["state"], block["is_paid"]) == ("refunded", False)
    assert (block["amount_paid"], block["refund_owed"], block["amount_refunded"]) == (
        "0.00",
        "0.00",
        f"{paid:.2f}",
    )


def test_an_unpaid_cod_order_is_never_promised_a_refund(product, staff_user, commit):
    order = factories.place_order(product, status="processing", payment_method="cod")
    mail.outbox.clear()
    with commit():
        services.change_order_status(order, "out-of-stock", user=staff_user)
        services.cancel_order(order, user=staff_user)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "kembalikan" not in message.body and "refund" not in message.body.lower()
    assert OrderPayment.objects.get(order=order).state == "cancelled"


# --- the staff page --------------------------------------------------------------------


def url(name, **kwargs):
    return reverse(f"contex-dashboard:{name}", kwargs=kwargs)


def test_refunds_owed_page_is_for_staff_only(client, db):
    assert client.get(url("payment-refund-list")).status_code == 302
    client.force_login(factories.user())
    response = client.get(url("payment-refund-list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_staff_list_refunds_owed_and_record_one(client, cancelled_paid_order, staff_user, commit):
    order, paid = cancelled_paid_order
    client.force_login(staff_user)
    page = client.get(url("payment-refund-list"))
    assert [p.order_id for p in page.context["payments"]] == [order.pk]
    assert order.number in page.content.decode()
    form = {
        "amount": str(int(paid)),
        "bank_name": "Mandiri",
        "account_number": "123",
        "account_holder": "Budi",
        "reference": "TRF-9",
        "refunded_on": "2026-12-03",
    }
    too_much = client.post(
        url("payment-refund-record", number=order.number), {**form, "amount": str(int(paid) + 1)}
    )
    assert too_much.status_code == 302
    assert OrderPayment.objects.get(order=order).amount_refunded == 0
    with commit():
        client.post(url("payment-refund-record", number=order.number), form)
    payment = payments.payment_of(type(order)._default_manager.get(pk=order.pk))
    assert (payment.state, payment.amount_refunded) == ("refunded", paid)
    refund_made = Refund.objects.get(payment=payment)
    assert (refund_made.bank_name, refund_made.recorded_by) == ("Mandiri", staff_user)
    assert list(client.get(url("payment-refund-list")).context["payments"]) == []
