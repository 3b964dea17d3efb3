"""The lists staff work through, for the dashboard and the staff API alike: confirmations
to review (with their review deadline), open bank transfers (found by amount, as staff
match the bank statement), COD and showroom payments to record."""

from django.db.models import Case, Value, When
from django.utils import timezone

from contex_oscar.order import statuses
from contex_oscar.payment import methods, review, services
from contex_oscar.payment.models import OrderPayment, PaymentConfirmation


def confirmation_status(wanted):
    """The queue's status filter: a known status, else the pending ones."""
    return wanted if wanted in dict(PaymentConfirmation.STATUSES) else PaymentConfirmation.PENDING


def confirmations(status=PaymentConfirmation.PENDING):
    """Pending confirmations: those with a proof first (quicker to verify), then those
    without, oldest first in each; reviewed ones newest first."""
    queryset = PaymentConfirmation.objects.filter(status=status).select_related(
        "order", "order__contex_payment", "bank_account", "reviewed_by"
    )
    if status == PaymentConfirmation.PENDING:
        without_proof = Case(When(proof="", then=Value(1)), default=Value(0))
        return queryset.order_by(without_proof, "created_at", "pk")
    return queryset.order_by("-reviewed_at", "-pk")


def annotate_review(confirmation, now=None):
    """Attach what the queue shows: amount due, mismatch, review due time, overdue."""
    now = now or timezone.now()
    order = confirmation.order
    payment = services.payment_of(order)
    confirmation.amount_due = services.amount_due(order, payment)
    confirmation.amount_mismatch = confirmation.amount != confirmation.amount_due
    confirmation.review_due = review.review_due_at(confirmation.created_at)
    confirmation.is_overdue = (
        confirmation.status == PaymentConfirmation.PENDING and now > confirmation.review_due
    )
    return confirmation


def annotate_reviews(confirmations, now=None):
    """``annotate_review`` for a page of the queue."""
    now = now or timezone.now()
    for confirmation in confirmations:
        annotate_review(confirmation, now)
    return confirmations


def unpaid_transfers(amount=None):
    """Open bank-transfer orders, the nearest deadline first; ``amount`` finds the one
    order owed exactly that (total + unique code: no two open orders share it)."""
    queryset = OrderPayment.objects.filter(
        method=methods.BANK_TRANSFER,
        state=OrderPayment.AWAITING,
        order__status__in=services.OPEN_STATUSES,
    )
    if amount is not None:
        queryset = queryset.filter(open_amount_due=amount)
    return queryset.select_related("order").order_by("deadline", "pk")


def annotate_unpaid(payments, now=None):
    """Attach amount due, whether a confirmation waits, overdue (one query for the page)."""
    now = now or timezone.now()
    pending = set(
        PaymentConfirmation.objects.filter(
            order_id__in=[p.order_id for p in payments], status=PaymentConfirmation.PENDING
        ).values_list("order_id", flat=True)
    )
    for payment in payments:
        payment.amount_due = services.amount_due(payment.order, payment)
        payment.has_pending = payment.order_id in pending
        payment.is_overdue = bool(payment.deadline and payment.deadline <= now)
    return payments


def to_collect():
    """COD and showroom orders whose payment staff still have to record."""
    return (
        OrderPayment.objects.filter(
            method__in=[methods.CASH_ON_DELIVERY, methods.SHOWROOM],
            state=OrderPayment.AWAITING,
        )
        .exclude(order__status=statuses.CANCELLED)
        .select_related("order")
        .order_by("order__date_placed", "pk")
    )
