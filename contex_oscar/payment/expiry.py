"""Closing orders nobody paid or collected: staff cancelling an unpaid one, the deadline
job and its reminders, and showroom pickups not collected by their pickup deadline. Every
cancel takes the order's status route (stock released, recorded).
"""

import logging
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from contex_oscar.conf import contex_settings
from contex_oscar.order import statuses
from contex_oscar.order.exceptions import IllegalStatusTransition
from contex_oscar.order.pickup import is_pickup_overdue, pickup_deadline
from contex_oscar.order.services import change_order_status, change_order_statuses, refusal
from contex_oscar.payment import methods, notifications
from contex_oscar.payment.exceptions import PaymentError
from contex_oscar.payment.models import OrderPayment, PaymentConfirmation
from contex_oscar.payment.services import (
    OPEN_STATUSES,
    PAYABLE_STATUSES,
    _lock,
    close_payment,
    close_payments,
    has_pending_confirmation,
    payment_of,
    prefetch_pending_confirmations,
)
from contex_oscar.shipping.methods import SHOWROOM_PICKUP
from contex_oscar.workdays import store_today

logger = logging.getLogger("contex_oscar.payment")

Order = get_model("order", "Order")


def _refuse_if_paid(order, payment):
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


def cancel_unpaid_order(order, user=None, reason="", now=None):
    """Staff cancel an order nobody paid for. Refused for a paid order; the status route
    refuses one whose confirmation waits for review (a proof is never left unanswered)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked, payment = _lock(order)
        _refuse_if_paid(locked, payment)
        close_payment(payment, OrderPayment.CANCELLED, now)
        change_order_status(
            locked,
            statuses.CANCELLED,
            user=user,
            note=reason or _("Cancelled by staff: not paid."),
            shopper_note=reason,
        )
    order.status = locked.status
    return locked


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


def _with_payment_facts(orders):
    """The batch's locked ``orders``, each with its payment (locked after the orders: the
    one locking order, ``payment.services``), its sources and its confirmations waiting
    for review loaded: what the rules read, a few queries for the whole batch."""
    payments = {
        payment.order_id: payment
        for payment in OrderPayment.objects.select_for_update().filter(order__in=orders)
    }
    prefetch_related_objects(orders, "sources", prefetch_pending_confirmations())
    for order in orders:
        if order.pk in payments:
            order.contex_payment = payments[order.pk]
    return orders


def is_overdue(order, now):
    """``order`` (its payment loaded) is an unpaid bank transfer past its deadline with no
    confirmation waiting: the job cancels it."""
    payment = payment_of(order)
    return (
        payment is not None
        and payment.method == methods.BANK_TRANSFER
        and payment.state == OrderPayment.AWAITING
        and payment.deadline is not None
        and payment.deadline <= now
        and order.status in PAYABLE_STATUSES
        and not has_pending_confirmation(order)
    )


def expire_batch(orders, now):
    """Cancel those of the locked ``orders`` still overdue, at once, through the status
    route's batch (``change_order_statuses``): payments expired, stock released, recorded,
    the shopper e-mailed. An order the route would refuse is left, payment and all, and
    logged. Returns the orders cancelled."""
    due = []
    for order in _with_payment_facts(orders):
        if not is_overdue(order, now):
            continue
        refused = refusal(order, statuses.CANCELLED)
        if refused is None:
            due.append(order)
        else:
            logger.error(
                "Order %s could not be cancelled for non-payment: %s", order.number, refused
            )
    close_payments([payment_of(order) for order in due], OrderPayment.EXPIRED, now)
    reason = _("Not paid within the payment deadline.")
    cancelled, _refused = change_order_statuses(
        due, statuses.CANCELLED, note=reason, shopper_note=reason, notify=False
    )  # none refused: checked above, under the same locks
    notifications.orders_expired(cancelled)
    return cancelled


def _in_batches(candidates, handle, batch_size=None, limit=None, on_batch=None):
    """The deadline jobs' loop: ``candidates(after)`` gives the order ids to look at past
    id ``after`` (ordered), ``handle(locked orders)`` the orders it closed. One transaction a
    batch, rows another worker holds skipped; ``on_batch(numbers, skipped)`` hears of each
    committed batch. Returns the numbers of the orders closed."""
    batch_size = batch_size or contex_settings.CONTEX_PAYMENT_EXPIRY_BATCH_SIZE
    closed = []
    after = 0
    while limit is None or len(closed) < limit:
        with transaction.atomic():
            ids = list(candidates(after)[:batch_size])
            if not ids:
                break
            after = ids[-1]
            batch = handle(list(_lock_batch(ids)))
        numbers = [order.number for order in batch]
        closed += numbers
        if on_batch is not None:
            on_batch(numbers, len(ids) - len(numbers))
    return closed


def expire_unpaid_orders(now=None, batch_size=None, limit=None, on_batch=None):
    """Cancel bank-transfer orders past their deadline with no confirmation waiting.

    Releases their stock (through the status route), records why and e-mails the
    shopper. Works in batches, one transaction each, skipping rows another worker holds;
    running it twice, or twice at once, cancels each order once.
    ``on_batch(numbers, skipped)`` hears of each committed batch (progress reports).
    Returns the numbers of the orders cancelled.
    """
    now = now or timezone.now()
    return _in_batches(
        lambda after: _overdue(now).filter(order_id__gt=after).values_list("order_id", flat=True),
        lambda orders: expire_batch(orders, now),
        batch_size,
        limit,
        on_batch,
    )


def release_one_pickup(order, today):
    """Cancel the locked pickup ``order`` if it is still uncollected past its deadline
    (the goods back in stock, a payment made owed back, the shopper told). True if so."""
    if not is_pickup_overdue(order, today):
        return False
    deadline = pickup_deadline(order)
    reason = _("Not picked up at the showroom by %(deadline)s.") % {
        "deadline": deadline.isoformat()
    }
    change_order_status(
        order,
        statuses.CANCELLED,
        note=_("Pickup deadline passed: the reservation is released."),
        return_reason=reason,
        email_context={"pickup_expired": True, "pickup_deadline": deadline},
    )
    return True


def _release_pickups(orders, today):
    released = []
    for order in orders:
        try:
            with transaction.atomic():
                if release_one_pickup(order, today):
                    released.append(order)
        except IllegalStatusTransition:
            logger.exception("Pickup order %s could not be released", order.number)
    return released


def release_uncollected_pickups(now=None, batch_size=None):
    """Cancel showroom-pickup orders ready for pickup whose pickup deadline
    (``CONTEX_PICKUP_DAYS`` working days) has passed, in the payment expiry's batches
    (each order through the status route: its return reason is its own). Returns the
    numbers of the orders released."""
    today = store_today(now or timezone.now())
    return _in_batches(
        lambda after: (
            Order._default_manager.filter(
                shipping_code=SHOWROOM_PICKUP, status=statuses.IN_SHIPMENT, pk__gt=after
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        lambda orders: _release_pickups(orders, today),
        batch_size,
    )


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


@dataclass
class DeadlineReport:
    """What one run of the deadline job did (order numbers; JSON-ready for the task worker)."""

    reminded: int = 0
    cancelled: list = field(default_factory=list)
    released: list = field(default_factory=list)


def run_deadline_job(now=None, batch_size=None, reminders=True, on_reminded=None, on_batch=None):
    """The deadline job as ``expire_unpaid_orders`` and the worker's schedule run it:
    reminders due, then unpaid orders past their deadline, then uncollected pickups.
    ``on_reminded(count)`` hears of the reminders sent, ``on_batch`` of each expiry batch."""
    report = DeadlineReport()
    if reminders:
        report.reminded = send_payment_reminders(now=now, batch_size=batch_size)
        if on_reminded is not None:
            on_reminded(report.reminded)
    report.cancelled = expire_unpaid_orders(now=now, batch_size=batch_size, on_batch=on_batch)
    report.released = release_uncollected_pickups(now=now, batch_size=batch_size)
    return report
