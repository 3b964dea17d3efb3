"""The store's payment rules: every view, dashboard page, command and test calls these.

Locking order, everywhere: the ``Order`` row first, then its ``OrderPayment``, then
a ``PaymentConfirmation``. A shopper's confirmation, a staff review and the expiry
job therefore queue behind each other on the same order and each re-checks the
rules once it holds the locks, so exactly one of them wins a race.
"""

import logging
import secrets
from datetime import datetime, time
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from contex_oscar import workdays
from contex_oscar.conf import contex_settings
from contex_oscar.order import statuses
from contex_oscar.order.exceptions import IllegalStatusTransition
from contex_oscar.order.services import change_order_status
from contex_oscar.payment import methods, notifications
from contex_oscar.payment.exceptions import PaymentError
from contex_oscar.payment.models import BankAccount, OrderPayment, PaymentConfirmation

logger = logging.getLogger("contex_oscar.payment")

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
Source = get_model("payment", "Source")
Transaction = get_model("payment", "Transaction")
SourceType = get_model("payment", "SourceType")

#: Order statuses in which an order still holds its unique code.
OPEN_STATUSES = (statuses.ON_HOLD, statuses.AWAITING_PAYMENT, statuses.PAYMENT_DECLINED)
#: Order statuses in which a bank transfer can be confirmed, reviewed or expire.
PAYABLE_STATUSES = (statuses.AWAITING_PAYMENT, statuses.PAYMENT_DECLINED)

#: Oscar ``PaymentEventType`` (code, name) of the events this app records.
PAID_EVENT = ("paid", "Paid")
REFUND_EVENT = ("refund", "Refund")

MAX_AMOUNT = Decimal("9999999999")  # fits Oscar's max_digits=12, decimal_places=2


# --- methods at checkout ----------------------------------------------------------


def available_methods(basket=None, shipping_address=None, shipping_method=None):
    """Every configured method with its ``Availability`` for this basket and destination."""
    return [
        (method, method.availability(basket, shipping_address, shipping_method))
        for method in methods.get_methods()
    ]


def choose_method(code, basket=None, shipping_address=None, shipping_method=None):
    """The method ``code`` if the shopper may use it here, else ``PaymentError`` (400)."""
    if not code:
        code = contex_settings.CONTEX_DEFAULT_PAYMENT_METHOD
        if not code:
            raise PaymentError(
                "payment_method_required", _("Choose a payment method."), status_code=400
            )
    method = methods.get_method(code)
    if method is None:
        raise PaymentError(
            "unknown_payment_method",
            _("The store does not offer the payment method '%(code)s'.") % {"code": code},
            status_code=400,
        )
    availability = method.availability(basket, shipping_address, shipping_method)
    if not availability.available:
        raise PaymentError(availability.reason_code, availability.reason, status_code=400)
    return method


def initial_status(method, shipping_method=None):
    """``on-hold`` while the shipping cost waits for a quote, else the method's status."""
    from contex_oscar.shipping.services import initial_status_for

    return initial_status_for(shipping_method) or method.initial_status


# --- placing an order -------------------------------------------------------------


def _get_or_create(model, lookup, defaults):
    """``get_or_create`` that survives a concurrent insert of the same row."""
    found = model.objects.filter(**lookup).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return model.objects.create(**lookup, **defaults)
    except IntegrityError:
        return model.objects.get(**lookup)


def source_type(method_code):
    """Oscar's ``SourceType`` of a method (codes ``bank-transfer``, ``cod``, ``o2o``)."""
    method = methods.get_method(method_code)
    name = (method.source_type_name if method else "") or method_code
    return _get_or_create(SourceType, {"code": method_code}, {"name": name})


def _event_type(code_and_name):
    code, name = code_and_name
    # a site may already have the type under its own code (names are unique too)
    found = (
        PaymentEventType.objects.filter(code=code).first()
        or PaymentEventType.objects.filter(name=name).first()
    )
    return found or _get_or_create(PaymentEventType, {"code": code}, {"name": name})


def amount_due(order, payment=None):
    """What the shopper pays for the order: its current total plus the unique code."""
    payment = payment if payment is not None else payment_of(order)
    total = order.total_incl_tax if order.total_incl_tax is not None else order.total_excl_tax
    code = payment.unique_code if payment is not None and payment.unique_code else 0
    return Decimal(total) + code


def largest_amount_due(total, method):
    """The most a shopper may be asked for an order of ``total``: with the highest unique code."""
    if method.uses_unique_code():
        return Decimal(total) + contex_settings.CONTEX_UNIQUE_CODE_RANGE[1]
    return Decimal(total)


def payment_of(order):
    try:
        return order.contex_payment
    except OrderPayment.DoesNotExist:
        return None


def start_payment(order, method_code, now=None):
    """Record how ``order`` (just placed) is paid: our ``OrderPayment`` and Oscar's ``Source``.

    A bank transfer draws its unique code now (once) and, unless the order waits
    on hold for a shipping quote, gets its deadline from the placing time.
    """
    method = methods.get_method(method_code)
    if method is None:
        raise PaymentError("unknown_payment_method", _("Unknown payment method."), 400)
    placed = order.date_placed or now or timezone.now()
    payment = OrderPayment(order=order, method=method.code)
    if order.status in PAYABLE_STATUSES:
        payment.deadline = method.deadline_from(placed)
    if method.uses_unique_code():
        save_with_unique_code(payment)
    else:
        payment.save()
    order.contex_payment = payment
    due = amount_due(order, payment)
    source = Source.objects.create(
        order=order,
        source_type=source_type(method.code),
        currency=order.currency,
        reference=order.number,
        label=str(method.label)[:128],
        amount_allocated=due,
    )
    # the "Authorise" transaction Oscar's Source.allocate() records (without a second save)
    source._create_transaction(Transaction.AUTHORISE, due, reference=order.number)
    return payment


def save_with_unique_code(payment, attempts=20):
    """Insert the new ``payment`` with a code no other open order holds (None if all are taken).

    The unique index on ``open_unique_code`` is the guarantee: two checkouts that
    draw the same code at once collide there and the loser draws again.
    """
    low, high = contex_settings.CONTEX_UNIQUE_CODE_RANGE
    for _attempt in range(attempts):
        taken = set(
            OrderPayment.objects.filter(open_unique_code__isnull=False).values_list(
                "open_unique_code", flat=True
            )
        )
        free = [code for code in range(low, high + 1) if code not in taken]
        if not free:
            logger.warning("All unique codes are in use; order %s gets none.", payment.order_id)
            break
        payment.unique_code = payment.open_unique_code = secrets.choice(free)
        try:
            with transaction.atomic():
                payment.save(force_insert=True)
        except IntegrityError:
            payment.pk = None
            continue
        return payment.unique_code
    else:
        logger.warning("No unique code after %d attempts for order %s.", attempts, payment.order_id)
    payment.unique_code = payment.open_unique_code = None
    payment.save(force_insert=True)
    return None


def sync_allocation(order, payment=None):
    """Keep the ``Source``'s allocation equal to the amount due (after a quote or correction)."""
    payment = payment if payment is not None else payment_of(order)
    if payment is None:
        return
    due = amount_due(order, payment)
    Source.objects.filter(order=order, source_type__code=payment.method).exclude(
        amount_allocated=due
    ).update(amount_allocated=due)


# --- what the shopper and the other apps see ---------------------------------------


def active_bank_accounts():
    return list(BankAccount.objects.active())


def bank_accounts_for(order):
    """The accounts to show with ``order``: read once per order object (response and e-mail)."""
    accounts = getattr(order, "_contex_bank_accounts", None)
    if accounts is None:
        accounts = order._contex_bank_accounts = active_bank_accounts()
    return accounts


def payment_summary(order, bank_accounts=None):
    """The order's payment as shown to the shopper (checkout, e-mails, tracking), or None.

    Keys: ``method``, ``method_label``, ``state``, ``amount_due`` (Decimal, with the
    unique code), ``unique_code``, ``deadline`` (while unpaid), ``bank_accounts``
    (active ``BankAccount`` list for a bank transfer still to pay, else empty),
    ``amount_paid`` and ``is_paid``.
    """
    payment = payment_of(order)
    if payment is None:
        return None
    method = methods.get_method(payment.method)
    awaiting = payment.state == OrderPayment.AWAITING
    prepaid = method.prepaid if method else payment.method == methods.BANK_TRANSFER
    if prepaid and awaiting:
        accounts = list(bank_accounts) if bank_accounts is not None else bank_accounts_for(order)
    else:
        accounts = []
    return {
        "method": payment.method,
        "method_label": method.label if method else payment.method,
        "state": payment.state,
        "amount_due": amount_due(order, payment),
        "unique_code": payment.unique_code,
        "deadline": payment.deadline if awaiting else None,
        "bank_accounts": accounts,
        "amount_paid": amount_paid(order),
        "is_paid": payment.state == OrderPayment.PAID,
    }


def amount_paid(order):
    total = Decimal("0")
    for source in order.sources.all():
        total += source.amount_debited - source.amount_refunded
    return total


# --- money recorded ------------------------------------------------------------------


def clean_amount(value):
    """A positive whole-rupiah ``Decimal`` or ``PaymentError`` (``invalid_amount``)."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        amount = None
    if (
        amount is None
        or not amount.is_finite()
        or amount <= 0
        or amount != amount.to_integral_value()
        or amount > MAX_AMOUNT
    ):
        raise PaymentError(
            "invalid_amount",
            _("The amount must be a whole number of rupiah greater than 0."),
            status_code=400,
        )
    return amount.quantize(Decimal("1"))


def _source_for(order, payment):
    source = (
        Source.objects.select_for_update()
        .filter(order=order, source_type__code=payment.method)
        .order_by("pk")
        .first()
    )
    if source is None:
        source = Source.objects.create(
            order=order,
            source_type=source_type(payment.method),
            currency=order.currency,
            reference=order.number,
        )
    return source


def _record_paid(order, payment, amount, reference, user, note, now):
    source = _source_for(order, payment)
    source.debit(amount, reference=reference)
    event = PaymentEvent.objects.create(
        order=order, amount=amount, reference=reference, event_type=_event_type(PAID_EVENT)
    )
    PaymentEventQuantity.objects.bulk_create(
        [
            PaymentEventQuantity(event=event, line=line, quantity=line.quantity)
            for line in order.lines.all()
        ]
    )
    payment.state = OrderPayment.PAID
    payment.paid_at = payment.closed_at = now
    payment.open_unique_code = None
    payment.save(update_fields=["state", "paid_at", "closed_at", "open_unique_code"])
    OrderNote.objects.create(order=order, user=user, note_type=OrderNote.SYSTEM, message=note)
    return event


def _lock(order):
    """Lock the order, then its payment (the one locking order, see the module docstring)."""
    locked = Order._default_manager.select_for_update().get(pk=order.pk)
    payment = OrderPayment.objects.select_for_update().filter(order=locked).first()
    return locked, payment


def record_cash_payment(order, amount, user=None, reference="", now=None):
    """Staff record the cash a COD courier or the showroom received. Returns the event."""
    amount = clean_amount(amount)
    now = now or timezone.now()
    with transaction.atomic():
        locked, payment = _lock(order)
        if payment is None:
            raise PaymentError("no_payment", _("This order has no payment method recorded."))
        method = methods.get_method(payment.method)
        if method is None or method.prepaid:
            raise PaymentError(
                "payment_needs_confirmation",
                _("A bank transfer is recorded by approving its payment confirmation."),
            )
        if payment.state == OrderPayment.PAID:
            raise PaymentError("order_already_paid", _("This order's payment is already recorded."))
        if payment.state != OrderPayment.AWAITING or locked.status == statuses.CANCELLED:
            raise PaymentError("order_closed", _("This order is closed; no payment is due."))
        note = _("Payment of %(amount)s received (%(method)s).") % {
            "amount": rupiah(amount),
            "method": method.label,
        }
        event = _record_paid(locked, payment, amount, reference or locked.number, user, note, now)
        notifications.payment_received(locked, amount)
    return event


def record_refund(order, amount, reference="", user=None):
    """Record money paid back to the shopper: a ``refund`` PaymentEvent, the Source updated.

    Refuses more than the payment source has received (net of earlier refunds).
    """
    amount = clean_amount(amount)
    with transaction.atomic():
        locked = Order._default_manager.select_for_update().get(pk=order.pk)
        source = (
            Source.objects.select_for_update()
            .filter(order=locked)
            .order_by("-amount_debited", "pk")
            .first()
        )
        if source is not None:
            if amount > source.amount_available_for_refund:
                raise PaymentError(
                    "refund_exceeds_payment",
                    _("A refund cannot exceed what was paid (%(paid)s).")
                    % {"paid": rupiah(source.amount_available_for_refund)},
                    status_code=400,
                )
            source.refund(amount, reference=reference)
        event = PaymentEvent.objects.create(
            order=locked,
            amount=amount,
            reference=reference,
            event_type=_event_type(REFUND_EVENT),
        )
        OrderNote.objects.create(
            order=locked,
            user=user,
            note_type=OrderNote.SYSTEM,
            message=_("Refund of %(amount)s recorded.") % {"amount": rupiah(amount)},
        )
    return event


# --- payment confirmations -----------------------------------------------------------


def clean_transfer_date(order, transfer_date, now=None):
    """The transfer happened between the day the order was placed and today (store time)."""
    today = workdays.store_today(now)
    placed_on = order.date_placed.astimezone(workdays.store_timezone()).date()
    if transfer_date > today or transfer_date < placed_on:
        raise PaymentError(
            "invalid_transfer_date",
            _("The transfer date must be between the order date and today."),
            status_code=400,
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
    proof,
    proof_content_type,
    note="",
    user=None,
    now=None,
):
    """Store a shopper's payment confirmation and its proof, or raise ``PaymentError``.

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
        if PaymentConfirmation.objects.filter(
            order=locked, status=PaymentConfirmation.PENDING
        ).exists():
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
            proof_content_type=proof_content_type,
            proof_size=proof.size,
            submitted_by=user if user is not None and user.is_authenticated else None,
        )
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
            confirmation.proof.delete(save=False)
            raise PaymentError(
                "confirmation_pending",
                _("A payment confirmation for this order is already waiting for review."),
            )
        except BaseException:
            confirmation.proof.delete(save=False)  # no row, no file: storage keeps no orphan
            raise
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
        if (
            payment is None
            or payment.state != OrderPayment.AWAITING
            or order.status not in PAYABLE_STATUSES
        ):
            raise PaymentError(
                "order_not_awaiting_payment",
                _("This order is no longer waiting for a payment (status: %(status)s).")
                % {"status": statuses.label_for(order.status)},
            )
        due = amount_due(order, payment)
        if locked.amount != due and not accept_mismatch:
            raise PaymentError(
                "amount_mismatch",
                _("The amount transferred (%(paid)s) differs from the amount due (%(due)s).")
                % {"paid": rupiah(locked.amount), "due": rupiah(due)},
            )
        locked.status = PaymentConfirmation.APPROVED
        locked.reviewed_by = user
        locked.reviewed_at = now
        locked.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        note = _("Bank transfer of %(amount)s to %(account)s verified.") % {
            "amount": rupiah(locked.amount),
            "account": locked.bank_account,
        }
        event = _record_paid(
            order, payment, locked.amount, f"confirmation-{locked.pk}", user, note, now
        )
        change_order_status(order, statuses.PAYMENT_RECEIVED, user=user, note=note, notify=False)
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


# --- closing unpaid orders -------------------------------------------------------------


def _refuse_if_paid_or_pending(order, payment):
    if (payment is not None and payment.state == OrderPayment.PAID) or order.status not in (
        OPEN_STATUSES
    ):
        raise PaymentError(
            "order_paid",
            _(
                "Order %(number)s is paid or past payment (status: %(status)s); it is not "
                "cancelled for non-payment."
            )
            % {"number": order.number, "status": statuses.label_for(order.status)},
        )
    if PaymentConfirmation.objects.filter(order=order, status=PaymentConfirmation.PENDING).exists():
        raise PaymentError(
            "confirmation_pending",
            _("A payment confirmation waits for review: review it before cancelling."),
        )


def cancel_unpaid_order(order, user=None, reason="", now=None):
    """Staff cancel an order nobody paid for. Refused for a paid order or one whose
    confirmation waits for review (a proof is never left unanswered)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked, payment = _lock(order)
        _refuse_if_paid_or_pending(locked, payment)
        _close(payment, OrderPayment.CANCELLED, now)
        change_order_status(
            locked,
            statuses.CANCELLED,
            user=user,
            note=reason or _("Cancelled by staff: not paid."),
            shopper_note=reason,
        )
    order.status = locked.status
    return locked


def _close(payment, state, now):
    if payment is None or payment.state != OrderPayment.AWAITING:
        return
    payment.state = state
    payment.closed_at = now
    payment.open_unique_code = None
    payment.save(update_fields=["state", "closed_at", "open_unique_code"])


def _overdue(now):
    return (
        OrderPayment.objects.filter(
            method=methods.BANK_TRANSFER,
            state=OrderPayment.AWAITING,
            deadline__lte=now,
            order__status__in=PAYABLE_STATUSES,
        )
        .exclude(order__contex_payment_confirmations__status=PaymentConfirmation.PENDING)
        .order_by("order_id")
    )


def _lock_batch(order_ids):
    queryset = Order._default_manager.filter(pk__in=order_ids).order_by("pk")
    if connection.features.has_select_for_update_skip_locked:
        # Orders another worker (or a shopper's confirmation) holds are skipped,
        # never waited for; the next run picks them up if still overdue.
        return queryset.select_for_update(skip_locked=True)
    return queryset.select_for_update()


def expire_one(order, now):
    """Cancel ``order`` (already locked) if it is still overdue. True if it was cancelled."""
    payment = OrderPayment.objects.select_for_update().filter(order=order).first()
    if (
        payment is None
        or payment.method != methods.BANK_TRANSFER
        or payment.state != OrderPayment.AWAITING
        or payment.deadline is None
        or payment.deadline > now
        or order.status not in PAYABLE_STATUSES
        or PaymentConfirmation.objects.filter(
            order=order, status=PaymentConfirmation.PENDING
        ).exists()
    ):
        return False
    _close(payment, OrderPayment.EXPIRED, now)
    order.contex_payment = payment  # the e-mail's summary reads it without a query
    reason = _("Not paid within the payment deadline.")
    change_order_status(order, statuses.CANCELLED, note=reason, shopper_note=reason, notify=False)
    notifications.order_expired(order, payment)
    return True


def expire_unpaid_orders(now=None, batch_size=None, limit=None):
    """Cancel bank-transfer orders past their deadline with no confirmation waiting.

    Releases their stock (through ``change_order_status``), records why and e-mails
    the shopper. Works in batches, one transaction each, skipping rows another
    worker holds; running it twice, or twice at once, cancels each order once.
    Returns the numbers of the orders cancelled.
    """
    now = now or timezone.now()
    batch_size = batch_size or contex_settings.CONTEX_PAYMENT_EXPIRY_BATCH_SIZE
    cancelled = []
    after = 0
    while limit is None or len(cancelled) < limit:
        with transaction.atomic():
            ids = list(
                _overdue(now)
                .filter(order_id__gt=after)
                .values_list("order_id", flat=True)[:batch_size]
            )
            if not ids:
                break
            after = ids[-1]
            for order in _lock_batch(ids):
                try:
                    with transaction.atomic():
                        if expire_one(order, now):
                            cancelled.append(order.number)
                except IllegalStatusTransition:
                    logger.exception(
                        "Order %s could not be cancelled for non-payment", order.number
                    )
    return cancelled


def send_payment_reminders(now=None, batch_size=None):
    """E-mail once, ``CONTEX_PAYMENT_REMINDER_BEFORE`` before the deadline. Returns the count."""
    now = now or timezone.now()
    batch_size = batch_size or contex_settings.CONTEX_PAYMENT_EXPIRY_BATCH_SIZE
    window = contex_settings.CONTEX_PAYMENT_REMINDER_BEFORE
    sent = 0
    while True:
        with transaction.atomic():
            due = (
                OrderPayment.objects.filter(
                    method=methods.BANK_TRANSFER,
                    state=OrderPayment.AWAITING,
                    reminder_sent_at__isnull=True,
                    deadline__gt=now,
                    deadline__lte=now + window,
                    order__status__in=PAYABLE_STATUSES,
                )
                .exclude(order__contex_payment_confirmations__status=PaymentConfirmation.PENDING)
                .select_related("order")
                .order_by("pk")
            )
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True, of=("self",))
            batch = list(due[:batch_size])
            for payment in batch:
                payment.reminder_sent_at = now
                payment.save(update_fields=["reminder_sent_at"])
                notifications.payment_reminder(payment.order, payment)
                sent += 1
        if len(batch) < batch_size:
            break
    return sent


def restart_deadline(order, now=None):
    """An on-hold order's cost is now known: its payment window starts now."""
    now = now or timezone.now()
    with transaction.atomic():
        payment = OrderPayment.objects.select_for_update().filter(order=order).first()
        if payment is None or payment.state != OrderPayment.AWAITING:
            return None
        method = methods.get_method(payment.method)
        if method is not None and method.prepaid:
            payment.deadline = method.deadline_from(now)
            payment.reminder_sent_at = None
            payment.save(update_fields=["deadline", "reminder_sent_at"])
        sync_allocation(order, payment)
    return payment


def rupiah(amount):
    """``Rp 1.250.123``: whole rupiah with Indonesian thousands separators."""
    from contex_oscar.payment.templatetags.contex_payment import rupiah as fmt

    return fmt(amount)
