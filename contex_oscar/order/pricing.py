"""The store's price policy: a line's price corrected by staff after ordering.

- correct price lower: the line and the order's totals are repriced; whatever the
  shopper paid above the new total is a refund owed (the payment's ``refund-owed``
  state; staff record the refund made); the shopper is told by e-mail.
- correct price higher: staff either honour the displayed price (nothing changes)
  or cancel the order, owing back what was paid; the cancellation e-mail says why.

Every correction leaves a ``PriceCorrection`` audit record. Discounts stay
consistent: a percentage (or "cheapest free") discount follows the new price, a
fixed-amount discount keeps its amount but never exceeds the line.
"""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from contex_oscar.emails import send_store_email
from contex_oscar.money import whole_rupiah
from contex_oscar.order.exceptions import PriceCorrectionRefused
from contex_oscar.order.models import PriceCorrection
from contex_oscar.order.notifications import PRICE_CORRECTED_EVENT
from contex_oscar.order.services import change_order_status
from contex_oscar.order.statuses import (
    AWAITING_PAYMENT,
    CANCELLED,
    ON_HOLD,
    OUT_OF_STOCK,
    PAYMENT_DECLINED,
    PAYMENT_RECEIVED,
    PROCESSING,
)
from contex_oscar.payment import services as payments

Order = get_model("order", "Order")
Line = get_model("order", "Line")
Benefit = get_model("offer", "Benefit")

CENT = Decimal("0.01")
ZERO = Decimal("0")

# Prices can be corrected until the goods leave the warehouse.
CORRECTABLE_STATUSES = (
    ON_HOLD,
    AWAITING_PAYMENT,
    PAYMENT_DECLINED,
    PAYMENT_RECEIVED,
    PROCESSING,
    OUT_OF_STOCK,
)
# Benefit types whose discount is a share of the price, so it follows the price.
PROPORTIONAL_BENEFITS = (Benefit.PERCENTAGE, Benefit.MULTIBUY)

HONOUR, CANCEL = "honour", "cancel"


def _is_proportional(line_discount):
    offer = line_discount.order_discount.offer
    benefit = getattr(offer, "benefit", None)
    return bool(benefit and benefit.type in PROPORTIONAL_BENEFITS)


def amount_owed(order):
    """What the shopper should pay in all: the payment's amount due (total + unique code)."""
    return payments.amount_due(order) if payments.payment_of(order) else order.total_incl_tax


def _sync_payment(order):
    # Oscar's payment source allocates the amount due; keep it equal to the new total
    payments.sync_allocation(order)


def repriced_discounts(line_discounts, old_before, new_before):
    """New amount per line discount for a line repriced from ``old_before`` to ``new_before``.

    Returns ``[(line_discount, new_amount)]`` in whole rupiah, never more in total
    than ``new_before``.
    """
    result, remaining = [], new_before
    for line_discount in line_discounts:
        amount = line_discount.amount
        if _is_proportional(line_discount) and old_before:
            amount = whole_rupiah(amount * new_before / old_before)
        amount = min(amount, remaining)
        remaining -= amount
        result.append((line_discount, amount))
    return result


def _reprice_line(order, line, correct_unit_price):
    """Apply the lower price to ``line`` and ``order``; returns (discount_before, after)."""
    quantity = line.quantity
    old_before = line.line_price_before_discounts_incl_tax
    new_before = correct_unit_price * quantity
    # tax share of the price (1 for the store's untaxed IDR prices)
    tax_ratio = (
        line.unit_price_excl_tax / line.unit_price_incl_tax
        if line.unit_price_incl_tax and line.unit_price_excl_tax is not None
        else Decimal(1)
    )
    line_discounts = list(line.discounts.select_related("order_discount"))
    discount_before = sum((d.amount for d in line_discounts), ZERO)
    discount_after = ZERO
    for line_discount, new_amount in repriced_discounts(line_discounts, old_before, new_before):
        delta = new_amount - line_discount.amount
        if delta:
            line_discount.amount = new_amount
            line_discount.save(update_fields=["amount"])
            order_discount = line_discount.order_discount
            order_discount.amount = max(order_discount.amount + delta, ZERO)
            order_discount.save(update_fields=["amount"])
        discount_after += new_amount
    # Oscar's own discount rows may not cover every discount (e.g. a deleted offer):
    # keep the part of the line's discount they do not explain unchanged.
    unexplained = max(
        line.line_price_before_discounts_incl_tax - line.line_price_incl_tax - discount_before,
        ZERO,
    )
    discount_after = min(discount_after + unexplained, new_before)
    discount_before += unexplained

    old_line_incl, old_line_excl = line.line_price_incl_tax, line.line_price_excl_tax
    line.unit_price_incl_tax = correct_unit_price
    line.unit_price_excl_tax = (correct_unit_price * tax_ratio).quantize(CENT)
    line.line_price_before_discounts_incl_tax = new_before
    line.line_price_before_discounts_excl_tax = (new_before * tax_ratio).quantize(CENT)
    line.line_price_incl_tax = new_before - discount_after
    line.line_price_excl_tax = (line.line_price_incl_tax * tax_ratio).quantize(CENT)
    line.save()

    prices = list(line.prices.all())
    if prices:
        shipping_incl = sum((p.shipping_incl_tax for p in prices), ZERO)
        shipping_excl = sum((p.shipping_excl_tax for p in prices), ZERO)
        first, rest = prices[0], prices[1:]
        first.quantity = quantity
        first.price_incl_tax = (line.line_price_incl_tax / quantity).quantize(CENT)
        first.price_excl_tax = (line.line_price_excl_tax / quantity).quantize(CENT)
        first.shipping_incl_tax, first.shipping_excl_tax = shipping_incl, shipping_excl
        first.save()
        for price in rest:
            price.delete()

    order.total_incl_tax += line.line_price_incl_tax - old_line_incl
    order.total_excl_tax += line.line_price_excl_tax - old_line_excl
    order.save(update_fields=["total_incl_tax", "total_excl_tax"])
    return discount_before, discount_after


def correct_line_price(line, correct_unit_price, user=None, decision=None, note=""):
    """Apply the price policy to ``line`` with its ``correct_unit_price``.

    ``decision`` matters only when the correct price is higher: ``"honour"`` or
    ``"cancel"``. Returns the ``PriceCorrection`` record. Raises
    ``PriceCorrectionRefused`` when the order can no longer be corrected.
    """
    correct_unit_price = Decimal(correct_unit_price)
    if correct_unit_price <= 0 or correct_unit_price != whole_rupiah(correct_unit_price):
        raise PriceCorrectionRefused(
            "price_invalid", _("The correct price must be a positive whole rupiah amount.")
        )
    with transaction.atomic():
        order = Order._default_manager.select_for_update().get(pk=line.order_id)
        line = Line._default_manager.select_for_update().get(pk=line.pk, order=order)
        if order.status not in CORRECTABLE_STATUSES:
            raise PriceCorrectionRefused(
                "order_not_correctable",
                _("The price of an order that is shipped, delivered or cancelled is final."),
            )
        displayed = line.unit_price_incl_tax
        if correct_unit_price == displayed:
            raise PriceCorrectionRefused(
                "same_price", _("The correct price equals the displayed price.")
            )
        lower = correct_unit_price < displayed
        if not lower and decision not in (HONOUR, CANCEL):
            raise PriceCorrectionRefused(
                "decision_required",
                _("The correct price is higher: honour the displayed price or cancel."),
            )
        paid = payments.amount_paid(order)
        total_before = order.total_incl_tax
        discount = line.line_price_before_discounts_incl_tax - line.line_price_incl_tax
        correction = PriceCorrection(
            order=order,
            line=line,
            quantity=line.quantity,
            displayed_unit_price=displayed,
            correct_unit_price=correct_unit_price,
            line_discount_before=discount,
            line_discount_after=discount,
            order_total_before=total_before,
            order_total_after=total_before,
            amount_paid=paid,
            amount_refunded=ZERO,
            note=note,
            created_by=user,
        )
        if lower:
            _discount_before, discount_after = _reprice_line(order, line, correct_unit_price)
            correction.decision = PriceCorrection.LOWERED
            correction.line_discount_after = discount_after
            correction.order_total_after = order.total_incl_tax
            # (what is owed back already, from an earlier correction, is not paid twice)
            owed_already = payments.refund_owed_total(order)
            correction.amount_refunded = max(paid - owed_already - amount_owed(order), ZERO)
            _sync_payment(order)
        elif decision == HONOUR:
            correction.decision = PriceCorrection.HONOURED
        else:
            correction.decision = PriceCorrection.CANCELLED
            correction.amount_refunded = paid
        correction.save()

        refund_reference = f"price-correction-{correction.pk}"
        if correction.decision == PriceCorrection.LOWERED:
            if correction.amount_refunded > 0:  # owed back; staff record the refund made
                payments.owe_refund(order, correction.amount_refunded, refund_reference, user=user)
            send_store_email(
                PRICE_CORRECTED_EVENT,
                order.email,
                {"order": order, "correction": correction, "line": line, "store": _store()},
                key=f"price-correction:{correction.pk}",
            )
        elif correction.decision == PriceCorrection.CANCELLED:
            change_order_status(
                order,
                CANCELLED,
                user=user,
                note=note or _("Cancelled after a price correction."),
                shopper_note=_(
                    "The correct price of %(title)s is higher than the price shown when "
                    "you ordered; the store has cancelled the order."
                )
                % {"title": line.title},
                refund_reference=refund_reference,  # the route owes back what was paid
                email_context={"price_correction": correction},
            )
    return correction


def _store():
    from contex_oscar.order.notifications import store_contacts

    return store_contacts()
