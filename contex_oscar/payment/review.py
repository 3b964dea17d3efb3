"""Money the store receives, verified by staff: the shopper's payment confirmations (send,
approve, reject) and payments staff record themselves (a transfer seen on the bank statement,
the cash a COD courier or the showroom took).

Refunds the store owes (``services.owe_refund``) are paid back here too: staff record each
refund made (``record_refund``) and the shopper is told.

One rule for every way money is recorded (``_receive``): an amount that differs from the
amount due needs staff's explicit acknowledgement, and a bank-transfer order reaches
``payment-received`` only here, through the order's status route.
"""

from datetime import datetime, time
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contex_oscar import workdays
from contex_oscar.conf import contex_settings
from contex_oscar.money import format_rupiah
from contex_oscar.order import events as order_events
from contex_oscar.order import statuses
from contex_oscar.order.services import change_order_status
from contex_oscar.payment import methods, notifications
from contex_oscar.payment import services as payments
from contex_oscar.payment.exceptions import PaymentError
from contex_oscar.payment.models import OrderPayment, PaymentConfirmation, Refund
from contex_oscar.payment.services import (
    PAYABLE_STATUSES,
    REFUND_EVENT,
    OrderNote,
    PaymentEvent,
    Source,
    _event_type,
    _lock,
    _record_paid,
    amount_due,
    clean_amount,
    has_pending_confirmation,
    move_payment,
)


def check_amount(amount, due, accept_mismatch=False):
    """The amount received must be the amount due, unless staff acknowledge the difference."""
    if amount != due and not accept_mismatch:
        raise PaymentError(
            "amount_mismatch",
            _("The amount received (%(paid)s) differs from the amount due (%(due)s).")
            % {"paid": format_rupiah(amount), "due": format_rupiah(due)},
        )


AMOUNT_DIFFERS = "amount_differs"


def amount_warning(confirmation, due=None):
    """What the shopper is told at once when the amount stated is not the amount due
    (the API's 201 answer, the confirmation e-mail), or None. The confirmation is still
    accepted: staff decide on review (``check_amount``)."""
    if due is None:
        due = amount_due(confirmation.order)
    if confirmation.amount == due:
        return None
    difference = confirmation.amount - due
    if difference < 0:
        message = _(
            "You stated %(stated)s but %(due)s is due: %(difference)s less. Transfer exactly "
            "the amount due (with the unique code), or contact us; the store checks the "
            "transfer before accepting it."
        )
    else:
        message = _(
            "You stated %(stated)s but %(due)s is due: %(difference)s more. The store checks "
            "the transfer before accepting it and contacts you about the difference."
        )
    return {
        "code": AMOUNT_DIFFERS,
        "message": message
        % {
            "stated": format_rupiah(confirmation.amount),
            "due": format_rupiah(due),
            "difference": format_rupiah(abs(difference)),
        },
        "amount_due": due,
        "amount_stated": confirmation.amount,
        "difference": difference,
        "difference_abs": abs(difference),
    }


def _refuse_unless_awaiting(order, payment):
    if payment is None:
        raise PaymentError("no_payment", _("This order has no payment method recorded."))
    if payment.state == OrderPayment.PAID:
        raise PaymentError("order_already_paid", _("This order's payment is already recorded."))
    method = methods.get_method(payment.method)
    prepaid = method.prepaid if method else payment.method == methods.BANK_TRANSFER
    payable = order.status in PAYABLE_STATUSES if prepaid else order.status != statuses.CANCELLED
    if payment.state != OrderPayment.AWAITING or not payable:
        raise PaymentError(
            "order_not_awaiting_payment",
            _("This order is not waiting for a payment (status: %(status)s).")
            % {"status": statuses.label_for(order.status)},
        )
    return prepaid


def _receive(order, payment, amount, reference, user, note, accept_mismatch, now):
    """Record ``amount`` as received for the locked ``order``; a prepaid (bank-transfer)
    order moves to ``payment-received``. Returns Oscar's ``paid`` PaymentEvent."""
    prepaid = _refuse_unless_awaiting(order, payment)
    check_amount(amount, amount_due(order, payment), accept_mismatch)
    event = _record_paid(order, payment, amount, reference, user, note, now)
    order_events.payment_verified(order, payment.method, amount, reference)
    if prepaid:
        # the verified-payment e-mail announces it; the status e-mail would repeat it
        change_order_status(order, statuses.PAYMENT_RECEIVED, user=user, note=note, notify=False)
    return event


def record_payment(order, amount, user=None, reference="", accept_mismatch=False, now=None):
    """Staff record money received for ``order`` without a shopper's confirmation: a bank
    transfer found on the statement, or the cash a COD courier or the showroom took.

    Refused while a shopper's confirmation waits for review (approve that one instead).
    Returns Oscar's ``paid`` PaymentEvent.
    """
    amount = clean_amount(amount)
    now = now or timezone.now()
    with transaction.atomic():
        locked, payment = _lock(order)
        if has_pending_confirmation(locked):
            raise PaymentError(
                "confirmation_pending",
                _("The shopper's payment confirmation waits for review: review it instead."),
            )
        method_label = methods.method_label(payment.method) if payment else ""
        note = _("Payment of %(amount)s received (%(method)s).") % {
            "amount": format_rupiah(amount),
            "method": method_label,
        }
        event = _receive(
            locked, payment, amount, reference or locked.number, user, note, accept_mismatch, now
        )
        notifications.payment_received(locked, amount)
    order.status = locked.status
    return event


def hand_over_at_showroom(
    order,
    amount=None,
    user=None,
    reference="",
    accept_mismatch=False,
    picked_up_on=None,
    note="",
    shopper_note="",
    serial_numbers=None,
):
    """The shopper collected a showroom-pickup order ("picked up": ``delivered``). An
    unpaid one (pay at the showroom) pays now: ``amount`` is recorded first through
    ``record_payment`` (the amount check); the status route refuses a pickup without a
    recorded payment. One transaction: nothing is recorded if either step is refused."""
    with transaction.atomic():
        if amount not in (None, "") and not payments.is_paid(order):
            record_payment(
                order, amount, user=user, reference=reference, accept_mismatch=accept_mismatch
            )
        change_order_status(
            order,
            statuses.DELIVERED,
            user=user,
            note=note,
            shopper_note=shopper_note,
            delivered_on=picked_up_on,
            serial_numbers=serial_numbers,
        )
    return order


def clean_transfer_date(order, transfer_date, now=None):
    """The transfer happened between the day the order was placed and today (store time)."""
    today = workdays.store_today(now)
    placed_on = order.date_placed.astimezone(workdays.store_timezone()).date()
    if transfer_date > today or transfer_date < placed_on:
        raise PaymentError(
            "invalid_transfer_date",
            _("The transfer date must be between the order date and today."),
            status=400,
        )
    return transfer_date


def submit_confirmation(
    order,
    *,
    bank_account,
    sender_bank,
    sender_account_holder,
    amount,
    transfer_date,
    proof=None,
    proof_content_type="",
    note="",
    user=None,
    now=None,
):
    """Store a shopper's payment confirmation and its proof (recommended, not required),
    or raise ``PaymentError``. An amount other than the amount due is accepted, with
    ``confirmation.amount_warning`` saying what differs (also in the e-mail).

    Accepted only for an unpaid bank-transfer order before its deadline with no
    other confirmation waiting for review. A pending confirmation stops the
    expiry job; after a rejection the order returns to ``awaiting-payment``.
    """
    now = now or timezone.now()
    amount = clean_amount(amount)
    if not bank_account.is_active:
        raise PaymentError(
            "bank_account_unknown", _("Choose one of the store's bank accounts."), 400
        )
    with transaction.atomic():
        locked, payment = _lock(order)
        clean_transfer_date(locked, transfer_date, now)
        if payment is None or payment.method != methods.BANK_TRANSFER:
            raise PaymentError(
                "confirmation_not_needed",
                _("Only bank-transfer orders need a payment confirmation."),
            )
        if payment.state != OrderPayment.AWAITING or locked.status not in PAYABLE_STATUSES:
            raise PaymentError(
                "order_not_awaiting_payment", _("This order is not waiting for a payment.")
            )
        if payment.deadline is None or now >= payment.deadline:
            raise PaymentError(
                "payment_deadline_passed", _("The deadline to pay for this order has passed.")
            )
        if has_pending_confirmation(locked):
            raise PaymentError(
                "confirmation_pending",
                _("A payment confirmation for this order is already waiting for review."),
            )
        confirmation = PaymentConfirmation(
            order=locked,
            bank_account=bank_account,
            sender_bank=sender_bank,
            sender_account_holder=sender_account_holder,
            amount=amount,
            transfer_date=transfer_date,
            note=note or "",
            proof_content_type=proof_content_type if proof else "",
            proof_size=proof.size if proof else 0,
            submitted_by=user if user is not None and user.is_authenticated else None,
        )
        if proof:
            confirmation.proof.save(proof.name or "proof", proof, save=False)
        try:
            with transaction.atomic():
                confirmation.save()
                if locked.status == statuses.PAYMENT_DECLINED:
                    change_order_status(
                        locked,
                        statuses.AWAITING_PAYMENT,
                        user=confirmation.submitted_by,
                        note=_("New payment confirmation submitted."),
                        notify=False,  # the confirmation-received e-mail says it
                    )
        except IntegrityError:
            # the one-pending-per-order constraint: a double submit that raced us
            if confirmation.proof:
                confirmation.proof.delete(save=False)
            raise PaymentError(
                "confirmation_pending",
                _("A payment confirmation for this order is already waiting for review."),
            )
        except BaseException:
            if confirmation.proof:  # no row, no file: storage keeps no orphan
                confirmation.proof.delete(save=False)
            raise
        confirmation.amount_warning = amount_warning(confirmation, amount_due(locked, payment))
        notifications.confirmation_received(locked, confirmation)
    return confirmation


def review_due_at(submitted_at):
    """When staff must have reviewed a confirmation: N working days after it arrived.

    Counted in store time. Sent on a working day: the same clock time N working days
    later. Sent on a weekend or holiday: the clock starts at the next working day's
    midnight, so the review is due at the end of the Nth working day.
    """
    tz = workdays.store_timezone()
    local = submitted_at.astimezone(tz)
    days = contex_settings.CONTEX_PAYMENT_REVIEW_WORKING_DAYS
    if workdays.is_working_day(local.date()):
        due_date = workdays.add_working_days(local.date(), days)
        return datetime.combine(due_date, local.time(), tzinfo=tz)
    start = workdays.next_working_day(local.date())
    due_date = workdays.add_working_days(start, days)
    return datetime.combine(due_date, time(0, 0), tzinfo=tz)


def _lock_confirmation(confirmation):
    locked_order, payment = _lock(confirmation.order)
    locked = PaymentConfirmation.objects.select_for_update().get(pk=confirmation.pk)
    if locked.status != PaymentConfirmation.PENDING:
        raise PaymentError(
            "confirmation_already_reviewed",
            _("This payment confirmation has already been reviewed."),
        )
    return locked_order, payment, locked


def approve_confirmation(confirmation, user, accept_mismatch=False, now=None):
    """Staff verified the transfer: a ``paid`` PaymentEvent, the source debited, the order
    moves to ``payment-received`` and the shopper is told. Returns the event.

    An amount that differs from the amount due is refused unless ``accept_mismatch``.
    """
    now = now or timezone.now()
    with transaction.atomic():
        order, payment, locked = _lock_confirmation(confirmation)
        _refuse_unless_awaiting(order, payment)
        locked.status = PaymentConfirmation.APPROVED
        locked.reviewed_by = user
        locked.reviewed_at = now
        locked.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        note = _("Bank transfer of %(amount)s to %(account)s verified.") % {
            "amount": format_rupiah(locked.amount),
            "account": locked.bank_account,
        }
        event = _receive(
            order,
            payment,
            locked.amount,
            f"confirmation-{locked.pk}",
            user,
            note,
            accept_mismatch,
            now,
        )
        notifications.payment_verified(order, locked)
    confirmation.status = locked.status
    return event


def reject_confirmation(confirmation, user, reason, now=None):
    """Staff could not verify the transfer: the shopper learns why and may submit again
    before the deadline. The order moves to ``payment-declined``."""
    reason = (reason or "").strip()
    if not reason:
        raise PaymentError(
            "reason_required", _("Tell the shopper why the confirmation is rejected."), 400
        )
    now = now or timezone.now()
    with transaction.atomic():
        order, payment, locked = _lock_confirmation(confirmation)
        locked.status = PaymentConfirmation.REJECTED
        locked.rejection_reason = reason
        locked.reviewed_by = user
        locked.reviewed_at = now
        locked.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at"])
        if order.status == statuses.AWAITING_PAYMENT:
            change_order_status(
                order,
                statuses.PAYMENT_DECLINED,
                user=user,
                note=reason,
                shopper_note=reason,
                notify=False,  # the payment-rejected e-mail gives the reason
            )
        can_resubmit = bool(
            payment
            and payment.state == OrderPayment.AWAITING
            and payment.deadline
            and now < payment.deadline
        )
        notifications.payment_rejected(order, locked, can_resubmit)
    confirmation.status = locked.status
    return locked


def record_refund(
    order,
    amount,
    reference="",
    user=None,
    *,
    bank_name="",
    account_number="",
    account_holder="",
    refunded_on=None,
    now=None,
):
    """Record a refund staff made of money owed back (``owe_refund``): a ``Refund`` row, a
    ``refund`` PaymentEvent, the Source's refunded amount. Partial refunds add up; the
    payment is ``refunded`` once nothing is owed. Refuses more than is owed. The shopper
    is told by e-mail (after the commit). Returns the ``Refund``."""
    amount = clean_amount(amount)
    now = now or timezone.now()
    with transaction.atomic():
        locked, payment = _lock(order)
        owed = payment.refund_owed if payment is not None else Decimal("0")
        if amount > owed:
            raise PaymentError(
                "refund_exceeds_owed",
                _("A refund cannot exceed what is owed to the shopper (%(owed)s).")
                % {"owed": format_rupiah(owed)},
                status=400,
            )
        reference = reference or f"refund-{locked.number}"
        source = (
            Source.objects.select_for_update()
            .filter(order=locked)
            .order_by("-amount_debited", "pk")
            .first()
        )
        if source is not None:
            source.refund(min(amount, source.amount_available_for_refund), reference=reference)
        event = PaymentEvent.objects.create(
            order=locked,
            amount=amount,
            reference=reference,
            event_type=_event_type(REFUND_EVENT),
        )
        refund = Refund.objects.create(
            payment=payment,
            amount=amount,
            bank_name=bank_name,
            account_number=account_number,
            account_holder=account_holder,
            reference=reference,
            refunded_on=refunded_on or now.date(),
            recorded_by=user if user is not None and user.is_authenticated else None,
        )
        refund.event = event
        payment.refund_owed = owed - amount
        payment.amount_refunded += amount
        payment.save(update_fields=["refund_owed", "amount_refunded"])
        if payment.refund_owed == 0:
            move_payment(payment, OrderPayment.REFUNDED, now)
        OrderNote.objects.create(
            order=locked,
            user=user if user is not None and user.is_authenticated else None,
            note_type=OrderNote.SYSTEM,
            message=_("Refund of %(amount)s recorded.") % {"amount": format_rupiah(amount)},
        )
        notifications.refund_recorded(locked, refund)
    return refund
