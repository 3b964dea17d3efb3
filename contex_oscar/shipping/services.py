"""Shipping rules other apps call: initial status of quote orders, and resolving the quote."""

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from contex_oscar.conf import contex_settings
from contex_oscar.emails import send_store_email
from contex_oscar.errors import StoreError
from contex_oscar.money import format_rupiah, parse_rupiah
from contex_oscar.order import statuses
from contex_oscar.order.services import change_order_status
from contex_oscar.shipping.methods import QUOTE_ON_REQUEST

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")

QUOTED_EMAIL = "SHIPPING_QUOTED"

# Payment method (Oscar SourceType code) -> where a quoted order goes next.
# No source yet, or any other method: the shopper still has to pay.
STATUS_AFTER_QUOTE = {
    "bank-transfer": statuses.AWAITING_PAYMENT,
    "cod": statuses.PROCESSING,
    "o2o": statuses.PROCESSING,
}


class ShippingQuoteError(StoreError):
    """The order cannot take a shipping quote; ``code`` says why."""


def awaiting_quote(queryset=None):
    """Orders on hold until staff set their shipping cost."""
    queryset = Order._default_manager.all() if queryset is None else queryset
    return queryset.filter(status=statuses.ON_HOLD, shipping_code=QUOTE_ON_REQUEST)


def payment_method_code(order):
    source = order.sources.select_related("source_type").order_by("pk").first()
    return source.source_type.code if source else None


def status_after_quote(order):
    return STATUS_AFTER_QUOTE.get(payment_method_code(order), statuses.AWAITING_PAYMENT)


def set_quoted_shipping_cost(order, amount, user):
    """Charge ``amount`` (IDR) for shipping a quote-on-request order and release it.

    Updates the shipping charge and totals, notes who quoted, e-mails the
    shopper the new total, and moves the order to ``awaiting-payment`` (bank
    transfer, or no payment yet) or ``processing`` (COD, showroom payment)
    through ``change_order_status``; the payment app follows that status change
    (fresh bank-transfer deadline, allocation of the new amount due).
    Returns the updated order.
    """
    amount = parse_rupiah(amount, allow_zero=True)
    if amount is None:
        raise ShippingQuoteError(
            "invalid_amount", _("The shipping cost must be a whole number of rupiah, 0 or more.")
        )
    with transaction.atomic():
        locked = Order._default_manager.select_for_update().get(pk=order.pk)
        if locked.shipping_code != QUOTE_ON_REQUEST:
            raise ShippingQuoteError(
                "not_quote_on_request", _("This order's shipping cost was not left to a quote.")
            )
        if locked.status != statuses.ON_HOLD:
            raise ShippingQuoteError(
                "not_on_hold", _("The shipping cost of this order has already been set.")
            )
        locked.total_incl_tax = locked.total_incl_tax - locked.shipping_incl_tax + amount
        locked.total_excl_tax = locked.total_excl_tax - locked.shipping_excl_tax + amount
        locked.shipping_incl_tax = amount
        locked.shipping_excl_tax = amount
        locked.save(
            update_fields=[
                "total_incl_tax",
                "total_excl_tax",
                "shipping_incl_tax",
                "shipping_excl_tax",
            ]
        )
        note = _("Shipping cost quoted: %(amount)s. New total: %(total)s.") % {
            "amount": format_rupiah(amount),
            "total": format_rupiah(locked.total_incl_tax),
        }
        OrderNote.objects.create(order=locked, user=user, note_type=OrderNote.SYSTEM, message=note)
        new_status = status_after_quote(locked)
        # One e-mail: this one (new shipping charge and total, and for a bank transfer the
        # amount due, fresh deadline and accounts). The status change's own e-mail
        # (awaiting-payment / processing) would repeat it, so it is not sent.
        locked = change_order_status(locked, new_status, user=user, note=note, notify=False)
        awaiting_payment = new_status == statuses.AWAITING_PAYMENT
        from contex_oscar.payment.services import payment_summary  # payment imports shipping

        send_store_email(
            QUOTED_EMAIL,
            locked.email,
            {
                "order": locked,
                "shipping_charge": format_rupiah(amount),
                "order_total": format_rupiah(locked.total_incl_tax),
                "new_status": statuses.label_for(new_status),
                "awaiting_payment": awaiting_payment,
                "payment": payment_summary(locked) if awaiting_payment else None,
                "store_timezone": contex_settings.CONTEX_STORE_TIMEZONE,
            },
            key=f"shipping-quoted:{locked.number}",
        )
    for field in ("total_incl_tax", "total_excl_tax", "shipping_incl_tax", "shipping_excl_tax"):
        setattr(order, field, getattr(locked, field))
    order.status = locked.status
    return locked
