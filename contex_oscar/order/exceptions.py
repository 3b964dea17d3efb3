"""Why an order may not move (every one a ``StoreError``: code, message, HTTP 409)."""

from django.utils.translation import gettext_lazy as _

from contex_oscar.errors import StoreError


class IllegalStatusTransition(StoreError):
    """The pipeline does not allow this move; nothing was changed.

    Subclasses name a rule of the status route: their ``code`` and ``template`` (which
    may use ``number``, ``old``, ``new`` and the facts passed as keywords).
    """

    code = "illegal_status_transition"
    status = 409
    template = _("Order %(number)s cannot move from '%(old)s' to '%(new)s'.")

    def __init__(self, order_number, old, new, **facts):
        self.order_number, self.old, self.new = order_number, old, new
        for name, value in facts.items():
            setattr(self, name, value)
        params = {"number": order_number, "old": old, "new": new, **facts}
        super().__init__(message=self.template % params)


class ShipmentDetailsRequired(IllegalStatusTransition):
    """``in-shipment`` needs the courier and tracking number."""

    code = "shipment_details_required"
    template = _("Order %(number)s needs a courier and tracking number before it ships.")


class ReturnReasonRequired(IllegalStatusTransition):
    """A shipped order comes back (to ``processing`` or ``cancelled``) only with the reason
    (refused at the door, returned to sender, not collected at the showroom)."""

    code = "return_reason_required"
    template = _(
        "Order %(number)s is in shipment: say why it came back to the store "
        "(e.g. refused at the door, returned to sender)."
    )


class HoldReturnsToOrigin(IllegalStatusTransition):
    """An order put on hold goes back to the status it was held from (or is cancelled)."""

    code = "hold_returns_to_origin"
    template = _("Order %(number)s was put on hold from '%(origin)s' and can only return there.")


class DeliveryDateInvalid(IllegalStatusTransition):
    """A delivery date in the future or before the order was shipped."""

    code = "delivery_date_invalid"
    template = _(
        "The delivery date of order %(number)s cannot be in the future "
        "or before the day it was shipped."
    )


class SerialNumbersInvalid(IllegalStatusTransition):
    """The serial numbers entered with a shipment or a showroom handover do not fit the
    order's units (``order.serials``); ``reason`` says how."""

    code = "serial_numbers_invalid"
    NOT_A_LINE, TOO_MANY, REPEATED, TAKEN = "not-a-line", "too-many", "repeated", "taken"
    REASONS = {
        NOT_A_LINE: _("A serial number was given for a line that is not part of the order."),
        TOO_MANY: _("More serial numbers than units on a line (the last one: %(serial)s)."),
        REPEATED: _("Serial number %(serial)s is given twice."),
        TAKEN: _("Serial number %(serial)s is already recorded for a unit sold."),
    }
    template = _("Order %(number)s: %(why)s")

    def __init__(self, order_number, old, new, reason, serial=""):
        why = self.REASONS[reason] % {"serial": serial}
        super().__init__(order_number, old, new, reason=reason, serial=serial, why=why)


class ConfirmationPending(IllegalStatusTransition):
    """A payment confirmation waits for review: answer it before cancelling the order."""

    code = "confirmation_pending"
    template = _(
        "Order %(number)s has a payment confirmation waiting for review: "
        "review it before cancelling."
    )


class PaymentNotRecorded(IllegalStatusTransition):
    """``payment-received`` follows a recorded payment: an approved confirmation, or the
    amount staff recorded as received. A status change alone never marks an order paid."""

    code = "payment_not_recorded"
    template = _(
        "Order %(number)s has no payment recorded: approve its payment confirmation "
        "or record the amount received first."
    )


class PriceCorrectionRefused(StoreError):
    """The correction cannot be applied (wrong status, same price, bad decision)."""


class OrderNotCancellable(StoreError):
    """A shopper cancels only an order with nothing paid and nothing shipped."""

    code = "order_not_cancellable"
    status = 409
    message = _(
        "This order can no longer be cancelled here: it is paid, being prepared or shipped. "
        "Contact the store."
    )
