"""The payment e-mails (Oscar ``CommunicationEventType`` codes, editable in the dashboard).

Templates: ``templates/oscar/communication/emails/commtype_<code>_{subject,body}.txt``,
Indonesian first, then English. Every e-mail is sent after commit and once per key.
"""

from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from contex_oscar.conf import contex_settings
from contex_oscar.emails import composed_by_the_worker, queue_store_emails, send_store_email
from contex_oscar.order.estimates import delivery_estimate_of
from contex_oscar.store_values import store_email_context

Order = get_model("order", "Order")

ORDER_PLACED = "PAYMENT_ORDER_PLACED"
CONFIRMATION_RECEIVED = "PAYMENT_CONFIRMATION_RECEIVED"
PAYMENT_VERIFIED = "PAYMENT_VERIFIED"
PAYMENT_REJECTED = "PAYMENT_REJECTED"
ORDER_EXPIRED = "PAYMENT_EXPIRED"
PAYMENT_REMINDER = "PAYMENT_REMINDER"
REFUND_RECORDED = "PAYMENT_REFUND_RECORDED"

#: code -> name shown in Oscar's dashboard (Communications).
EVENT_TYPES = {
    ORDER_PLACED: _("Order placed, with payment instructions"),
    CONFIRMATION_RECEIVED: _("Payment confirmation received"),
    PAYMENT_VERIFIED: _("Payment verified"),
    PAYMENT_REJECTED: _("Payment confirmation rejected"),
    ORDER_EXPIRED: _("Order cancelled: not paid in time"),
    PAYMENT_REMINDER: _("Payment reminder before the deadline"),
    REFUND_RECORDED: _("Refund made to the shopper"),
}


def context_for(order, **extra):
    from contex_oscar.payment.services import payment_summary

    return {
        **store_email_context(),
        "order": order,
        "payment": payment_summary(order),
        "store_timezone": contex_settings.CONTEX_STORE_TIMEZONE,
        "review_working_days": contex_settings.CONTEX_PAYMENT_REVIEW_WORKING_DAYS,
        **extra,
    }


def _send(code, order, key, **extra):
    return send_store_email(code, order.email, context_for(order, **extra), key=key)


def shopper_name(order):
    """Whom the e-mail greets: the delivery address's name, else the account's name."""
    address = order.shipping_address
    name = address.name.strip() if address is not None else ""
    if not name and order.user is not None:
        name = order.user.get_full_name().strip()
    return name


def purchase_context(order):
    """What was bought, for the order-placed e-mail: the lines, the discount, shipping,
    the delivery address and the estimate kept at checkout (the lines read with the order)."""
    lines = list(order.lines.all())
    before = sum((line.line_price_before_discounts_incl_tax for line in lines), Decimal(0))
    after = sum((line.line_price_incl_tax for line in lines), Decimal(0))
    address = order.shipping_address
    return {
        "shopper_name": shopper_name(order),
        "lines": lines,
        "subtotal": before,
        "discount": before - after,
        "address_fields": address.active_address_fields() if address is not None else [],
        "address_phone": str(address.phone_number or "") if address is not None else "",
        "delivery_estimate": delivery_estimate_of(order),
    }


def _order_for_the_worker(pk, *prefetch):
    """The order an e-mail composed by the worker is about, with what its context reads."""
    return (
        Order._default_manager.select_related("contex_payment", "shipping_address", "user")
        .prefetch_related(*prefetch)
        .get(pk=pk)
    )


def _placed_context(order):
    """The order-placed e-mail's context, as the worker composes it."""
    placed = _order_for_the_worker(order, "lines")
    return context_for(placed, **purchase_context(placed))


composed_by_the_worker(ORDER_PLACED, _placed_context)


def order_placed(order):
    """Queue the order-placed e-mail (what was bought, how to pay) in the checkout's
    transaction; the worker composes and sends it, so the checkout renders nothing."""
    key = f"payment-order-placed:{order.pk}"
    return bool(queue_store_emails(ORDER_PLACED, [(order.email, key, {"order": order.pk}, order)]))


def confirmation_received(order, confirmation):
    return _send(
        CONFIRMATION_RECEIVED,
        order,
        f"payment-confirmation-received:{confirmation.pk}",
        confirmation=confirmation,
        amount_warning=getattr(confirmation, "amount_warning", None),
    )


def payment_verified(order, confirmation):
    return _send(PAYMENT_VERIFIED, order, f"payment-verified:{order.pk}", confirmation=confirmation)


def payment_received(order, amount):
    return _send(PAYMENT_VERIFIED, order, f"payment-verified:{order.pk}", amount_received=amount)


def payment_rejected(order, confirmation, can_resubmit):
    return _send(
        PAYMENT_REJECTED,
        order,
        f"payment-rejected:{confirmation.pk}",
        confirmation=confirmation,
        can_resubmit=can_resubmit,
    )


def _expired_context(order, deadline):
    """The "not paid in time" e-mail's context, as the worker composes it."""
    return context_for(_order_for_the_worker(order), deadline=datetime.fromisoformat(deadline))


composed_by_the_worker(ORDER_EXPIRED, _expired_context)


def orders_expired(orders):
    """Queue the "not paid in time" e-mail of each of a batch's ``orders`` (their
    ``contex_payment`` loaded), at once; the worker composes them. Returns the keys."""
    return queue_store_emails(
        ORDER_EXPIRED,
        [
            (
                order.email,
                f"payment-expired:{order.pk}",
                {"order": order.pk, "deadline": order.contex_payment.deadline.isoformat()},
                order,
            )
            for order in orders
        ],
    )


def payment_reminder(order, payment):
    return _send(
        PAYMENT_REMINDER, order, f"payment-reminder:{order.pk}:{payment.deadline:%Y%m%d%H%M%S}"
    )


def refund_recorded(order, refund):
    return _send(REFUND_RECORDED, order, f"payment-refund:{refund.pk}", refund=refund)
