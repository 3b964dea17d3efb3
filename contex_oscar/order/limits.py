"""The largest order the store can record.

Oscar's order columns (``Order.total_incl_tax`` and the line prices) hold 12 digits,
2 of them decimals: just under Rp 10 billion, some 33 of the dearest scanners. A
basket worth more could never become an order, and oscarapi's basket serializers
fail on it, so a basket is refused *while it is filled* (adding a product, raising a
quantity) with ``basket_total_too_large``, and a checkout whose total with shipping
passes the limit with ``order_total_too_large``. The front end can then suggest
splitting the purchase or asking the store for a quote.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

Order = get_model("order", "Order")


class AmountTooLarge(Exception):
    def __init__(self, code, amount):
        self.code = code
        self.amount = amount
        super().__init__(self.message)

    @property
    def message(self):
        return _(
            "An order can be worth at most Rp %(limit)s. Please split the purchase into "
            "several orders, or ask us for a quote."
        ) % {"limit": number_format(order_amount_limit(), 2, force_grouping=True)}


def order_amount_limit():
    """The largest amount an order column holds (Rp 9,999,999,999.99 with Oscar's columns)."""
    field = Order._meta.get_field("total_incl_tax")
    whole_digits = field.max_digits - field.decimal_places
    return Decimal(10) ** whole_digits - Decimal(1).scaleb(-field.decimal_places)


def basket_amount(basket):
    """What the basket's lines cost now (before shipping), from its loaded lines."""
    return basket.total_incl_tax if basket.is_tax_known else basket.total_excl_tax


def check_amount(amount, code="basket_total_too_large"):
    """Raise ``AmountTooLarge`` when ``amount`` could not be recorded as an order."""
    if amount is not None and amount > order_amount_limit():
        raise AmountTooLarge(code, amount)


def check_basket_change(basket, unit_price, quantity_added):
    """Refuse adding ``quantity_added`` units at ``unit_price`` when the basket would pass
    the limit (a negative quantity, a lowered line, is always allowed)."""
    if quantity_added <= 0 or unit_price is None:
        return
    check_amount(basket_amount(basket) + unit_price * quantity_added)
