from django.utils.translation import gettext_lazy as _


class IllegalStatusTransition(Exception):
    """The pipeline does not allow this move; nothing was changed."""

    code = "illegal_status_transition"

    def __init__(self, order_number, old, new):
        self.order_number, self.old, self.new = order_number, old, new
        super().__init__(
            _("Order %(number)s cannot move from '%(old)s' to '%(new)s'.")
            % {"number": order_number, "old": old, "new": new}
        )


class ShipmentDetailsRequired(IllegalStatusTransition):
    """``in-shipment`` needs the courier and tracking number first (see ``ship_order``)."""

    code = "shipment_details_required"

    def __init__(self, order_number, old, new):
        self.order_number, self.old, self.new = order_number, old, new
        Exception.__init__(
            self,
            _("Order %(number)s needs a courier and tracking number before it ships.")
            % {"number": order_number},
        )


class HoldReturnsToOrigin(IllegalStatusTransition):
    """An order put on hold goes back to the status it was held from (or is cancelled)."""

    code = "hold_returns_to_origin"

    def __init__(self, order_number, old, new, origin):
        self.order_number, self.old, self.new, self.origin = order_number, old, new, origin
        Exception.__init__(
            self,
            _("Order %(number)s was put on hold from '%(origin)s' and can only return there.")
            % {"number": order_number, "origin": origin},
        )


class PriceCorrectionRefused(Exception):
    """The correction cannot be applied (wrong status, same price, bad decision)."""

    def __init__(self, code, message):
        self.code = code
        super().__init__(message)


class DeliveryDateInvalid(IllegalStatusTransition):
    """A delivery date in the future or before the order was shipped."""

    code = "delivery_date_invalid"

    def __init__(self, order_number, old, new, delivered_on, shipped_on):
        self.order_number, self.old, self.new = order_number, old, new
        self.delivered_on, self.shipped_on = delivered_on, shipped_on
        Exception.__init__(
            self,
            _(
                "The delivery date of order %(number)s cannot be in the future "
                "or before the day it was shipped."
            )
            % {"number": order_number},
        )


class ConfirmationPending(IllegalStatusTransition):
    """A payment confirmation waits for review: answer it before cancelling the order."""

    code = "confirmation_pending"

    def __init__(self, order_number, old, new):
        self.order_number, self.old, self.new = order_number, old, new
        Exception.__init__(
            self,
            _(
                "Order %(number)s has a payment confirmation waiting for review: "
                "review it before cancelling."
            )
            % {"number": order_number},
        )


class PaymentNotRecorded(IllegalStatusTransition):
    """``payment-received`` follows a recorded payment: an approved confirmation, or the
    amount staff recorded as received. A status change alone never marks an order paid."""

    code = "payment_not_recorded"

    def __init__(self, order_number, old, new):
        self.order_number, self.old, self.new = order_number, old, new
        Exception.__init__(
            self,
            _(
                "Order %(number)s has no payment recorded: approve its payment confirmation "
                "or record the amount received first."
            )
            % {"number": order_number},
        )
