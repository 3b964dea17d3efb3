"""The store's order statuses and the legal moves between them: one table.

Everything else (Oscar's pipeline settings, the status service, the dashboard,
the API, the help page's status table) is derived from ``STATUSES`` and
``TRANSITIONS``. This module imports no models so settings can use it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ON_HOLD = "on-hold"
AWAITING_PAYMENT = "awaiting-payment"
PAYMENT_RECEIVED = "payment-received"
PROCESSING = "processing"
IN_SHIPMENT = "in-shipment"
DELIVERED = "delivered"
CANCELLED = "cancelled"
OUT_OF_STOCK = "out-of-stock"
PAYMENT_DECLINED = "payment-declined"


@dataclass(frozen=True)
class OrderStatus:
    code: str
    label: str  # lazy, English msgid; Indonesian via the shipped catalogue
    description: str
    shopper_facing: bool = True  # a move *into* it is announced to the shopper
    final: bool = False


STATUSES = {
    s.code: s
    for s in (
        OrderStatus(
            ON_HOLD,
            pgettext_lazy("order status", "On hold"),
            _("The order waits for the store, e.g. a shipping quote by phone."),
        ),
        OrderStatus(
            AWAITING_PAYMENT,
            pgettext_lazy("order status", "Awaiting payment"),
            _("The order is placed and waits for the shopper's payment."),
        ),
        OrderStatus(
            PAYMENT_RECEIVED,
            pgettext_lazy("order status", "Payment received (pending shipment)"),
            _("The store has verified the payment; the order will be prepared."),
        ),
        OrderStatus(
            PROCESSING,
            pgettext_lazy("order status", "Processing"),
            _("The store is preparing the order."),
        ),
        OrderStatus(
            IN_SHIPMENT,
            pgettext_lazy("order status", "In shipment"),
            _("The order is on its way with the courier."),
        ),
        OrderStatus(
            DELIVERED,
            pgettext_lazy("order status", "Delivered"),
            _("The order has reached the shopper."),
            final=True,
        ),
        OrderStatus(
            CANCELLED,
            pgettext_lazy("order status", "Cancelled"),
            _("The order is cancelled; reserved stock is released."),
            final=True,
        ),
        OrderStatus(
            OUT_OF_STOCK,
            pgettext_lazy("order status", "Insufficient stock"),
            _("The store lacks stock; the shopper may wait or cancel with a refund."),
        ),
        OrderStatus(
            PAYMENT_DECLINED,
            pgettext_lazy("order status", "Payment authorization declined"),
            _("The payment could not be verified; the shopper may pay again in time."),
        ),
    )
}

# current status -> statuses it may move to. Anything absent is illegal.
TRANSITIONS = {
    ON_HOLD: (AWAITING_PAYMENT, PAYMENT_RECEIVED, PROCESSING, CANCELLED),
    AWAITING_PAYMENT: (PAYMENT_RECEIVED, PAYMENT_DECLINED, ON_HOLD, CANCELLED),
    PAYMENT_DECLINED: (AWAITING_PAYMENT, PAYMENT_RECEIVED, CANCELLED),
    PAYMENT_RECEIVED: (PROCESSING, OUT_OF_STOCK, ON_HOLD, CANCELLED),
    PROCESSING: (IN_SHIPMENT, OUT_OF_STOCK, ON_HOLD, CANCELLED),
    OUT_OF_STOCK: (PROCESSING, CANCELLED),
    # back from the courier (refused, returned to sender): re-sent, or cancelled
    IN_SHIPMENT: (DELIVERED, PROCESSING, CANCELLED),
    DELIVERED: (),
    CANCELLED: (),
}

# Each order status moves its lines to the same code (Oscar's cascade).
ORDER_STATUS_PIPELINE = {code: tuple(nexts) for code, nexts in TRANSITIONS.items()}
LINE_STATUS_PIPELINE = ORDER_STATUS_PIPELINE
ORDER_STATUS_CASCADE = {code: code for code in STATUSES}


# A showroom pickup takes the same statuses: ``in-shipment`` is "ready for pickup" (no
# courier) and ``delivered`` is "picked up". Only the labels differ, never the rules' table.
PICKUP_LABELS = {
    IN_SHIPMENT: pgettext_lazy("order status", "Ready for pickup"),
    DELIVERED: pgettext_lazy("order status", "Picked up"),
}


def label_for(code, pickup=False):
    """The shopper-facing label of a status code (the code itself if unknown); ``pickup``:
    the label for a showroom-pickup order."""
    if pickup and code in PICKUP_LABELS:
        return PICKUP_LABELS[code]
    status = STATUSES.get(code)
    return status.label if status else code


#: Where a shopper may cancel their own order (``order.services.cancel_at_shoppers_request``):
#: nothing shipped yet, and (checked there) nothing paid.
SHOPPER_MAY_CANCEL = frozenset({AWAITING_PAYMENT, PAYMENT_DECLINED, ON_HOLD})


def is_allowed(old, new):
    return new in TRANSITIONS.get(old, ())
