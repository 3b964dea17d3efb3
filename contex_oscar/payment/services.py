"""The store's payment records: methods at checkout, what an order owes, money received
and refunded. Moving an order's status is not done here: ``review`` and ``expiry`` (which
call the order's status route) build on these.

Locking order, everywhere: the ``Order`` row first, then its ``OrderPayment``, then
a ``PaymentConfirmation``. A shopper's confirmation, a staff review and the expiry
job therefore queue behind each other on the same order and each re-checks the
rules once it holds the locks, so exactly one of them wins a race.
"""

import logging
import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from contex_oscar.conf import contex_settings
from contex_oscar.money import format_rupiah, parse_rupiah
from contex_oscar.order import statuses
from contex_oscar.payment import accounts, methods
from contex_oscar.payment.exceptions import PaymentError
from contex_oscar.payment.models import OrderPayment, PaymentConfirmation
from contex_oscar.prefetched import remember_related
from contex_oscar.shipping.methods import initial_status_for

logger = logging.getLogger("contex_oscar.payment")

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
Source = get_model("payment", "Source")
Transaction = get_model("payment", "Transaction")
SourceType = get_model("payment", "SourceType")

#: Order statuses in which a bank-transfer order holds its amount due (unique among them).
OPEN_STATUSES = (statuses.ON_HOLD, statuses.AWAITING_PAYMENT, statuses.PAYMENT_DECLINED)
#: Order statuses in which a bank transfer can be confirmed, reviewed or expire.
PAYABLE_STATUSES = (statuses.AWAITING_PAYMENT, statuses.PAYMENT_DECLINED)

#: Oscar ``PaymentEventType`` (code, name) of the events this app records.
PAID_EVENT = ("paid", "Paid")
REFUND_EVENT = ("refund", "Refund")


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
            raise PaymentError("payment_method_required", _("Choose a payment method."), status=400)
    method = methods.get_method(code)
    if method is None:
        raise PaymentError(
            "unknown_payment_method",
            _("The store does not offer the payment method '%(code)s'.") % {"code": code},
            status=400,
        )
    availability = method.availability(basket, shipping_address, shipping_method)
    if not availability.available:
        raise PaymentError(availability.reason_code, availability.reason, status=400)
    return method


def initial_status(method, shipping_method=None):
    """``on-hold`` while the shipping cost waits for a quote, else the method's status."""
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
    code = payment.unique_code if payment is not None and payment.unique_code else 0
    return base_total(order) + code


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

    Called by the store's order creator, the one place that places orders. A bank
    transfer draws its unique code now (once, while the order is open) and, unless the
    order waits on hold for a shipping quote, gets its deadline from the placing time.
    """
    method = methods.get_method(method_code)
    if method is None:
        raise PaymentError("unknown_payment_method", _("Unknown payment method."), 400)
    placed = order.date_placed or now or timezone.now()
    payment = OrderPayment(order=order, method=method.code)
    if order.status in PAYABLE_STATUSES:
        payment.deadline = method.deadline_from(placed)
    if method.uses_unique_code() and order.status in OPEN_STATUSES:
        claim_unique_amount(payment, base_total(order), insert=True)
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
    # the order's only source: the e-mail and the answer read it without a query
    remember_related(order, Source, "order", [source])
    return payment


class UniqueAmountExhausted(PaymentError):
    """Every unique code would give an amount due another open order already has."""

    code = "unique_amount_exhausted"
    status = 503

    def __init__(self):
        super().__init__(
            message=_(
                "Too many unpaid bank transfers share this amount right now. Please try "
                "again in a few minutes or choose another payment method."
            )
        )


def base_total(order):
    """The order's total without a unique code."""
    total = order.total_incl_tax if order.total_incl_tax is not None else order.total_excl_tax
    return Decimal(total)


def claim_unique_amount(payment, total, insert=False, attempts=20):
    """Give ``payment`` a unique code so that ``total`` + code is no other open order's
    amount due, and save it (``insert``: the new row; else only the code and amount).

    Codes only need to differ between orders whose totals collide: the unique index on
    ``open_amount_due`` is the guarantee. Two checkouts that claim the same amount at once
    collide there and the loser draws again. The payment's current code is kept while
    its new amount is free. Raises ``UniqueAmountExhausted`` (503) when no code is left.
    """
    low, high = contex_settings.CONTEX_UNIQUE_CODE_RANGE
    keep = payment.unique_code
    for _attempt in range(attempts):
        taken = set(
            OrderPayment.objects.filter(
                open_amount_due__gte=total + low, open_amount_due__lte=total + high
            )
            .exclude(pk=payment.pk)
            .values_list("open_amount_due", flat=True)
        )
        free = [code for code in range(low, high + 1) if total + code not in taken]
        if not free:
            break
        code = keep if keep in free else secrets.choice(free)
        keep = None
        payment.unique_code, payment.open_amount_due = code, total + code
        try:
            with transaction.atomic():
                if insert:
                    payment.save(force_insert=True)
                else:
                    payment.save(update_fields=["unique_code", "open_amount_due"])
        except IntegrityError:
            if insert:
                payment.pk = None
                if OrderPayment.objects.filter(order_id=payment.order_id).exists():
                    raise  # not the amount: the order has its payment already
            continue
        return code
    logger.warning("No unique amount due left for order %s.", payment.order_id)
    raise UniqueAmountExhausted()


def sync_allocation(order, payment=None):
    """Keep the ``Source``'s allocation equal to the amount due (after a quote or correction),
    and an open order's amount due unique (a new total may need another code)."""
    payment = payment if payment is not None else payment_of(order)
    if payment is None:
        return
    if payment.open_amount_due is not None:
        if payment.open_amount_due != base_total(order) + payment.unique_code:
            claim_unique_amount(payment, base_total(order))
    due = amount_due(order, payment)
    Source.objects.filter(order=order, source_type__code=payment.method).exclude(
        amount_allocated=due
    ).update(amount_allocated=due)


# --- what the shopper and the other apps see ---------------------------------------


def active_bank_accounts():
    return accounts.active_accounts.get()


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
    ``amount_paid`` (received, net of refunds), ``is_paid`` (received and paying for the
    order: false once cancelled), ``refund_owed`` (still to pay back) and
    ``amount_refunded``.
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
        "state_label": payment.get_state_display(),
        "amount_due": amount_due(order, payment),
        "unique_code": payment.unique_code,
        "deadline": payment.deadline if awaiting else None,
        "bank_accounts": accounts,
        "amount_paid": amount_paid(order),
        "is_paid": _covers_the_order(order, payment),
        "refund_owed": payment.refund_owed,
        "amount_refunded": payment.amount_refunded,
    }


def amount_paid(order):
    """What the shopper has paid and not been refunded (Oscar payment sources)."""
    total = Decimal("0")
    for source in order.sources.all():
        total += source.amount_debited - source.amount_refunded
    return total


def _covers_the_order(order, payment):
    # money received pays for the order, unless the order is cancelled (then it is owed
    # back); an overpayment owed back after a lower price leaves the order paid
    return payment.state in methods.MONEY_RECEIVED_STATES and order.status != statuses.CANCELLED


def is_paid(order):
    """The order's payment is recorded as received (a verified transfer, cash taken) and
    pays for the order (not a cancelled order's money, owed back)."""
    payment = OrderPayment.objects.filter(order=order).first()
    return payment is not None and _covers_the_order(order, payment)


#: ``Prefetch`` of an order's confirmations waiting for review (a batch reads them at once;
#: ``has_pending_confirmation`` then asks no query).
PENDING_CONFIRMATIONS = "contex_pending_confirmations"


def prefetch_pending_confirmations():
    return Prefetch(
        "contex_payment_confirmations",
        queryset=PaymentConfirmation.objects.filter(status=PaymentConfirmation.PENDING),
        to_attr=PENDING_CONFIRMATIONS,
    )


def has_pending_confirmation(order):
    """A shopper's payment confirmation waits for staff review."""
    pending = getattr(order, PENDING_CONFIRMATIONS, None)
    if pending is not None:
        return bool(pending)
    return PaymentConfirmation.objects.filter(
        order=order, status=PaymentConfirmation.PENDING
    ).exists()


# --- money recorded ------------------------------------------------------------------


def clean_amount(value):
    """A positive whole-rupiah ``Decimal`` or ``PaymentError`` (``invalid_amount``)."""
    amount = parse_rupiah(value)
    if amount is None:
        raise PaymentError(
            "invalid_amount",
            _("The amount must be a whole number of rupiah greater than 0."),
            status=400,
        )
    return amount


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
    move_payment(payment, OrderPayment.PAID, now)
    OrderNote.objects.create(order=order, user=user, note_type=OrderNote.SYSTEM, message=note)
    return event


def _lock(order):
    """Lock the order, then its payment (the one locking order, see the module docstring)."""
    locked = Order._default_manager.select_for_update().get(pk=order.pk)
    payment = OrderPayment.objects.select_for_update().filter(order=locked).first()
    return locked, payment


def owe_refund(order, amount, reason, user=None, now=None):
    """Money received for ``order`` is to be paid back (a cancel, a lower price): the
    payment moves to ``refund-owed`` with ``amount`` added to what is owed. Staff then
    record each refund made (``record_refund``). Called under the order's row lock (the
    status route, the price correction); returns the payment (None: nothing received)."""
    amount = Decimal(amount)
    payment = OrderPayment.objects.select_for_update().filter(order=order).first()
    if payment is None or amount <= 0:
        return payment
    if payment.state not in methods.MONEY_RECEIVED_STATES:
        raise PaymentError(
            "nothing_received", _("No money was received for this order: nothing to refund.")
        )
    payment.refund_owed += amount
    payment.save(update_fields=["refund_owed"])
    if payment.state != OrderPayment.REFUND_OWED:
        move_payment(payment, OrderPayment.REFUND_OWED, now or timezone.now())
    OrderNote.objects.create(
        order=order,
        user=user if user is not None and user.is_authenticated else None,
        note_type=OrderNote.SYSTEM,
        message=_("Refund owed to the shopper: %(amount)s (%(reason)s).")
        % {"amount": format_rupiah(amount), "reason": reason},
    )
    return payment


def refund_owed_total(order):
    """What the store still owes the shopper for ``order`` (0 when nothing is owed)."""
    payment = payment_of(order)
    return payment.refund_owed if payment is not None else Decimal("0")


def move_payment(payment, state, now):
    """The one way a payment's state changes: along ``methods.STATE_TRANSITIONS`` (else
    ``PaymentError``), stamping when it closed (and was paid), freeing its amount due."""
    move_payments([payment], state, now)


def move_payments(payments, state, now):
    """``move_payment`` for each of ``payments`` (locked by the caller) at once: every move
    checked first, then one update (a job's batch)."""
    for payment in payments:
        if state not in methods.STATE_TRANSITIONS.get(payment.state, ()):
            raise PaymentError(
                "illegal_payment_transition",
                _("This payment cannot go from '%(old)s' to '%(new)s'.")
                % {"old": payment.get_state_display(), "new": state},
            )
    changes = {"state": state, "closed_at": now, "open_amount_due": None}
    if state == OrderPayment.PAID:
        changes["paid_at"] = now
    OrderPayment.objects.filter(pk__in=[payment.pk for payment in payments]).update(**changes)
    for payment in payments:
        for name, value in changes.items():
            setattr(payment, name, value)


def close_payment(payment, state, now):
    """Close a payment still awaited (expired, cancelled); a closed one stays as it is."""
    close_payments([payment], state, now)


def close_payments(payments, state, now):
    """``close_payment`` for each of ``payments`` at once (a job's batch)."""
    awaited = [p for p in payments if p is not None and p.state == OrderPayment.AWAITING]
    if awaited:
        move_payments(awaited, state, now)


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
