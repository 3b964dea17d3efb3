"""The store's payment methods as small classes, listed in ``CONTEX_PAYMENT_METHODS``.

Each method says who may use it (``availability`` for a basket, shipping address
and shipping method, with a machine-readable reason when not), which status an
order starts in, and what placing an order records: an Oscar ``Source`` of its
``SourceType`` with the amount allocated, plus our ``OrderPayment`` (deadline,
unique code). A site drops a method by leaving it out of the setting, or adds
one by subclassing ``PaymentMethod``.

A payment's own lifecycle is explicit: ``STATE_TRANSITIONS`` below, enforced by
``services.move_payment`` (the only code that changes a payment's state).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from contex_oscar.conf import contex_settings
from contex_oscar.order import statuses
from contex_oscar.payment import accounts

BANK_TRANSFER = "bank-transfer"
CASH_ON_DELIVERY = "cod"
SHOWROOM = "o2o"

# OrderPayment.state -> states it may move to (anything absent is refused).
AWAITING, PAID, EXPIRED, CANCELLED = "awaiting", "paid", "expired", "cancelled"
# Money received and (partly) owed back: a cancel, or a lower price, left money to refund;
# refunded once staff recorded refunds of all that was owed (it may be owed again later:
# an order refunded its overpayment and then cancelled).
REFUND_OWED, REFUNDED = "refund-owed", "refunded"
STATE_TRANSITIONS = {
    AWAITING: (PAID, EXPIRED, CANCELLED),
    PAID: (REFUND_OWED,),
    REFUND_OWED: (REFUNDED,),
    REFUNDED: (REFUND_OWED,),
    EXPIRED: (),
    CANCELLED: (),
}
#: States in which the store received money for the order.
MONEY_RECEIVED_STATES = (PAID, REFUND_OWED, REFUNDED)


@dataclass(frozen=True)
class Availability:
    available: bool
    reason_code: str = ""
    reason: str = ""


AVAILABLE = Availability(True)


def _shipping_code(shipping_method):
    return getattr(shipping_method, "code", shipping_method) or ""


class PaymentMethod:
    """Base class: override the attributes and ``availability``."""

    code = ""
    label = ""
    description = ""
    #: Oscar ``SourceType`` name; its code is ``code``.
    source_type_name = ""
    #: Status of an order placed with this method (unless shipping puts it on hold).
    initial_status = statuses.PROCESSING
    #: The shopper pays before the goods leave: a deadline, a unique code, a proof.
    prepaid = False

    def availability(self, basket=None, shipping_address=None, shipping_method=None):
        return AVAILABLE

    def deadline_from(self, moment):
        """When an order placed (or released from hold) at ``moment`` must be paid by."""
        return None

    def uses_unique_code(self):
        return False

    def __repr__(self):
        return f"<{type(self).__name__} {self.code}>"


class BankTransfer(PaymentMethod):
    code = BANK_TRANSFER
    label = _("Bank transfer")
    description = _(
        "Transfer the exact amount to one of the store's bank accounts within the "
        "deadline, then send the payment confirmation with your proof of transfer."
    )
    source_type_name = "Bank transfer"
    initial_status = statuses.AWAITING_PAYMENT
    prepaid = True

    def availability(self, basket=None, shipping_address=None, shipping_method=None):
        if not accounts.active_accounts.get():  # nowhere to transfer to
            return Availability(
                False,
                "bank_transfer_unavailable",
                _("Bank transfer is not available: the store has no bank account to pay into."),
            )
        return AVAILABLE

    def deadline_from(self, moment):
        window = contex_settings.CONTEX_BANK_TRANSFER_DEADLINE
        if not isinstance(window, timedelta):
            window = timedelta(seconds=window)
        return moment + window

    def uses_unique_code(self):
        return bool(contex_settings.CONTEX_BANK_TRANSFER_UNIQUE_CODE)


class CashOnDelivery(PaymentMethod):
    code = CASH_ON_DELIVERY
    label = _("Cash on delivery (COD)")
    description = _("Pay the courier in cash when the order arrives. Jabodetabek only.")
    source_type_name = "COD"

    def availability(self, basket=None, shipping_address=None, shipping_method=None):
        from contex_oscar.shipping.methods import SHOWROOM_PICKUP
        from contex_oscar.shipping.regions import is_in_jabodetabek

        if _shipping_code(shipping_method) == SHOWROOM_PICKUP:
            return Availability(
                False,
                "cod_not_with_showroom_pickup",
                _("Cash on delivery needs a delivery; for showroom pickup pay at the showroom."),
            )
        if not shipping_address:
            return Availability(
                False,
                "cod_address_required",
                _("Cash on delivery needs a shipping address in Jabodetabek."),
            )
        if not is_in_jabodetabek(shipping_address):
            return Availability(
                False,
                "cod_outside_jabodetabek",
                _(
                    "Cash on delivery is only available for addresses in Jabodetabek "
                    "(Jakarta, Bogor, Depok, Tangerang, Bekasi)."
                ),
            )
        return AVAILABLE


class ShowroomPayment(PaymentMethod):
    """O2O: order online, pick up (and pay) at the Contex Indonesia showroom."""

    code = SHOWROOM
    label = _("Pay at the showroom (O2O)")
    description = _("Pick up the product at the Contex Indonesia showroom and pay there.")
    source_type_name = "O2O"

    def availability(self, basket=None, shipping_address=None, shipping_method=None):
        from contex_oscar.shipping.methods import SHOWROOM_PICKUP

        if _shipping_code(shipping_method) != SHOWROOM_PICKUP:
            return Availability(
                False,
                "o2o_requires_showroom_pickup",
                _("Paying at the showroom is only possible when you pick up at the showroom."),
            )
        return AVAILABLE


def get_methods():
    """The site's methods, in the order of ``CONTEX_PAYMENT_METHODS``."""
    return [import_string(path)() for path in contex_settings.CONTEX_PAYMENT_METHODS]


def get_method(code):
    """The method with ``code``, or None when the site does not offer it."""
    for method in get_methods():
        if method.code == code:
            return method
    return None


def method_label(code):
    method = get_method(code)
    return method.label if method else code
