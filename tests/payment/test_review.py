"""Staff review: approve/reject a confirmation, review due times, recording cash, refunds."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from contex_oscar.order import statuses
from contex_oscar.payment import review, services
from contex_oscar.payment.exceptions import PaymentError
from contex_oscar.payment.models import OrderPayment, PaymentConfirmation
from contex_oscar.workdays import store_timezone
from tests import factories
from tests.payment.conftest import bank_order, submit

PaymentEvent = get_model("order", "PaymentEvent")
JKT = store_timezone()
PLACED = dt.datetime(2026, 11, 26, 14, 30, tzinfo=JKT)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(PLACED, tick=False) as traveller:
        yield traveller


@pytest.fixture
def pending(product, bank_accounts):
    order = bank_order(product)
    return submit(order, bank_accounts[0])


def test_approve_records_the_payment_and_mails_once(
    pending, staff_user, django_capture_on_commit_callbacks
):
    order = pending.order
    code = order.contex_payment.unique_code
    with django_capture_on_commit_callbacks(execute=True):
        event = review.approve_confirmation(pending, staff_user)
    order.refresh_from_db()
    assert order.status == statuses.PAYMENT_RECEIVED
    assert event.event_type.code == "paid"
    assert event.amount == order.total_incl_tax + code
    assert event.reference == f"confirmation-{pending.pk}"
    assert [(q.line_id, q.quantity) for q in event.line_quantities.all()] == [
        (line.pk, line.quantity) for line in order.lines.all()
    ]
    source = order.sources.get()
    assert source.amount_debited == event.amount
    payment = OrderPayment.objects.get(order=order)
    assert payment.state == OrderPayment.PAID and payment.open_amount_due is None
    pending.refresh_from_db()
    assert pending.status == PaymentConfirmation.APPROVED and pending.reviewed_by == staff_user
    record = order.contex_status_records.get(new_status=statuses.PAYMENT_RECEIVED)
    assert record.changed_by == staff_user
    to_shopper = [m for m in mail.outbox if m.to == ["tamu@example.com"]]
    assert len(to_shopper) == 1  # the payment-verified e-mail, no second status e-mail
    assert "Pembayaran pesanan" in to_shopper[0].subject
    summary = services.payment_summary(order)
    assert summary["is_paid"] and summary["amount_paid"] == event.amount
    assert summary["deadline"] is None and summary["bank_accounts"] == []


def test_a_second_approval_is_refused(pending, staff_user):
    review.approve_confirmation(pending, staff_user)
    with pytest.raises(PaymentError) as excinfo:
        review.approve_confirmation(pending, staff_user)
    assert excinfo.value.code == "confirmation_already_reviewed"
    assert PaymentEvent.objects.filter(order=pending.order).count() == 1


def test_an_amount_mismatch_needs_explicit_approval(product, bank_accounts, staff_user):
    order = bank_order(product)
    short = services.amount_due(order) - 1000
    confirmation = submit(order, bank_accounts[0], amount=short)
    with pytest.raises(PaymentError) as excinfo:
        review.approve_confirmation(confirmation, staff_user)
    assert excinfo.value.code == "amount_mismatch"
    assert PaymentEvent.objects.count() == 0
    event = review.approve_confirmation(confirmation, staff_user, accept_mismatch=True)
    assert event.amount == short


def test_reject_needs_a_reason_and_tells_the_shopper(
    pending, staff_user, django_capture_on_commit_callbacks
):
    with pytest.raises(PaymentError) as excinfo:
        review.reject_confirmation(pending, staff_user, "   ")
    assert excinfo.value.code == "reason_required"
    with django_capture_on_commit_callbacks(execute=True):
        review.reject_confirmation(pending, staff_user, "Bukti transfer buram")
    order = pending.order
    order.refresh_from_db()
    assert order.status == statuses.PAYMENT_DECLINED
    record = order.contex_status_records.get(new_status=statuses.PAYMENT_DECLINED)
    assert record.shopper_note == "Bukti transfer buram"
    mails = [m for m in mail.outbox if m.to == ["tamu@example.com"]]
    assert len(mails) == 1
    assert "Bukti transfer buram" in mails[0].body
    assert "27 November 2026, 14:30" in mails[0].body  # may submit again before the deadline
    with pytest.raises(PaymentError):
        review.approve_confirmation(pending, staff_user)


def test_rejection_after_the_deadline_says_so(
    pending, staff_user, clock, django_capture_on_commit_callbacks
):
    clock.move_to(PLACED + dt.timedelta(hours=30))
    with django_capture_on_commit_callbacks(execute=True):
        review.reject_confirmation(pending, staff_user, "Dana tidak masuk")
    body = [m for m in mail.outbox if m.to == ["tamu@example.com"]][0].body
    assert "Batas waktu pembayaran sudah lewat" in body


def test_an_order_with_a_confirmation_under_review_is_not_cancelled(pending, staff_user):
    from contex_oscar.order.exceptions import ConfirmationPending
    from contex_oscar.order.services import change_order_status

    with pytest.raises(ConfirmationPending):
        change_order_status(pending.order, statuses.CANCELLED, user=staff_user)
    pending.order.refresh_from_db()
    assert pending.order.status == statuses.AWAITING_PAYMENT


def test_approving_an_order_cancelled_meanwhile_is_refused(pending, staff_user):
    from oscar.core.loading import get_model

    # e.g. cancelled by a path that existed before the rule (data from an older release)
    get_model("order", "Order").objects.filter(pk=pending.order_id).update(
        status=statuses.CANCELLED
    )
    with pytest.raises(PaymentError) as excinfo:
        review.approve_confirmation(pending, staff_user)
    assert excinfo.value.code == "order_not_awaiting_payment"
    pending.refresh_from_db()
    assert pending.status == PaymentConfirmation.PENDING and pending.proof  # proof kept


def test_a_confirmed_order_cannot_be_deleted_so_no_proof_is_lost(pending):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        pending.order.delete()


@pytest.mark.parametrize(
    ("submitted", "due"),
    [
        # Thursday 10:00 -> Monday 10:00 (Fri, Mon are the 2 working days)
        (dt.datetime(2026, 11, 26, 10, 0), dt.datetime(2026, 11, 30, 10, 0)),
        # Friday evening -> Tuesday evening
        (dt.datetime(2026, 11, 27, 19, 45), dt.datetime(2026, 12, 1, 19, 45)),
        # Saturday -> the clock starts Monday 00:00 -> end of Tuesday
        (dt.datetime(2026, 11, 28, 9, 0), dt.datetime(2026, 12, 2, 0, 0)),
        # Wednesday before Christmas (Thu 24 Dec leave, Fri 25 Dec holiday) -> Tuesday 29 Dec
        (dt.datetime(2026, 12, 23, 16, 0), dt.datetime(2026, 12, 29, 16, 0)),
        # on the collective-leave day: the clock starts Mon 28 Dec -> end of Tue 29 Dec
        (dt.datetime(2026, 12, 24, 16, 0), dt.datetime(2026, 12, 30, 0, 0)),
    ],
)
def test_review_is_due_two_working_days_later(submitted, due):
    assert review.review_due_at(submitted.replace(tzinfo=JKT)) == due.replace(tzinfo=JKT)


def test_review_due_counts_extra_holidays(settings):
    settings.CONTEX_EXTRA_HOLIDAYS = ("2026-11-27",)  # e.g. cuti bersama on the Friday
    submitted = dt.datetime(2026, 11, 26, 10, 0, tzinfo=JKT)
    assert review.review_due_at(submitted) == dt.datetime(2026, 12, 1, 10, 0, tzinfo=JKT)


# --- COD and showroom ---------------------------------------------------------------


def test_staff_record_cash_received_for_cod(product, staff_user):
    order = factories.place_order(product, status=statuses.PROCESSING, payment_method="cod")
    assert OrderPayment.objects.get(order=order).deadline is None
    event = review.record_payment(order, order.total_incl_tax, user=staff_user, reference="KW-1")
    assert event.event_type.code == "paid" and event.reference == "KW-1"
    order.refresh_from_db()
    assert order.status == statuses.PROCESSING  # the delivery flow continues as before
    assert order.sources.get().amount_debited == order.total_incl_tax
    with pytest.raises(PaymentError) as again:
        review.record_payment(order, order.total_incl_tax, user=staff_user)
    assert again.value.code == "order_already_paid"


def test_a_bank_transfer_recorded_by_staff_is_checked_against_the_amount_due(product, staff_user):
    order = bank_order(product)
    with pytest.raises(PaymentError) as excinfo:
        review.record_payment(order, D("1000"), user=staff_user)
    assert excinfo.value.code == "amount_mismatch"


@pytest.mark.parametrize("amount", ["0", "-1", "12.5", "abc", None, "1e30"])
def test_bad_cash_amounts_are_refused(product, staff_user, amount):
    order = factories.place_order(product, status=statuses.PROCESSING, payment_method="o2o")
    with pytest.raises(PaymentError) as excinfo:
        review.record_payment(order, amount, user=staff_user)
    assert excinfo.value.code == "invalid_amount"


# --- refunds (called by the order lifecycle) ----------------------------------------------


def test_record_refund_is_a_payment_event_and_updates_the_source(pending, staff_user):
    review.approve_confirmation(pending, staff_user)
    order = pending.order
    with transaction.atomic():
        services.owe_refund(order, D("200000"), "test", user=staff_user)
    refund = review.record_refund(order, D("150000"), reference="RF-1", user=staff_user)
    assert refund.event.event_type.code == "refund" and refund.event.amount == D("150000")
    source = order.sources.get()
    assert source.amount_refunded == D("150000")
    assert services.payment_summary(order)["amount_paid"] == pending.amount - D("150000")
    with pytest.raises(PaymentError) as excinfo:
        review.record_refund(order, D("50001"), user=staff_user)
    assert excinfo.value.code == "refund_exceeds_owed"
    assert order.sources.get().amount_refunded == D("150000")


def test_nothing_is_refunded_when_nothing_is_owed(pending, staff_user):
    review.approve_confirmation(pending, staff_user)
    with pytest.raises(PaymentError) as excinfo:
        review.record_refund(pending.order, D("1000"), user=staff_user)
    assert excinfo.value.code == "refund_exceeds_owed"


def test_payment_summary_is_none_without_a_payment(catalogue):
    order = factories.place_order(catalogue[0], creator=factories.OscarOrderCreator())
    assert services.payment_summary(order) is None


def test_methods_answer_without_an_address():
    from contex_oscar.payment.methods import get_method

    availability = get_method("cod").availability(None, None, "jabodetabek-free")
    assert availability.available is False and availability.reason_code == "cod_address_required"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (OrderPayment.PAID, OrderPayment.AWAITING),
        (OrderPayment.PAID, OrderPayment.CANCELLED),
        (OrderPayment.EXPIRED, OrderPayment.PAID),
        (OrderPayment.CANCELLED, OrderPayment.PAID),
        (OrderPayment.AWAITING, OrderPayment.AWAITING),
    ],
)
def test_a_payment_moves_only_along_its_table(product, old, new):
    order = bank_order(product)
    payment = OrderPayment.objects.get(order=order)
    OrderPayment.objects.filter(pk=payment.pk).update(state=old)
    payment.refresh_from_db()
    with pytest.raises(PaymentError) as refused:
        services.move_payment(payment, new, timezone.now())
    assert refused.value.code == "illegal_payment_transition"
    payment.refresh_from_db()
    assert payment.state == old
