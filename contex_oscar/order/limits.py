"""The largest order the store can record.

Oscar's order columns (``Order.total_incl_tax`` and the line prices) hold 12 digits,
2 of them decimals: just under Rp 10 billion, some 33 of the dearest scanners. A
basket worth more could never become an order, and oscarapi's basket serializers
fail on it, so a basket is refused *while it is filled* (adding a product, raising a
quantity) with ``basket_total_too_large``, and a checkout whose total with shipping
passes the limit with ``order_total_too_large``. The front end can then suggest
splitting the purchase or asking the store for a quote.

A line holds at least one unit: a quantity of zero or fewer is refused with
``invalid_quantity`` (400) when adding, when changing a line and at checkout
(Oscar clamps a negative quantity to a line of 0 units at Rp 0).
"""

from django.utils.translation import gettext as _

from contex_oscar.errors import StoreError
from contex_oscar.money import format_rupiah, largest_order_amount


class AmountTooLarge(StoreError):
    """The basket or order would be worth more than an order can record (HTTP 406)."""

    status = 406

    def __init__(self, code, amount):
        self.amount = amount
        message = _(
            "An order can be worth at most %(limit)s. Please split the purchase into "
            "several orders, or ask us for a quote."
        ) % {"limit": format_rupiah(largest_order_amount())}
        super().__init__(code, message)


def basket_amount(basket):
    """What the basket's lines cost now (before shipping), from its loaded lines."""
    return basket.total_incl_tax if basket.is_tax_known else basket.total_excl_tax


def check_amount(amount, code="basket_total_too_large"):
    """Raise ``AmountTooLarge`` when ``amount`` could not be recorded as an order."""
    if amount is not None and amount > largest_order_amount():
        raise AmountTooLarge(code, amount)


def check_basket_change(basket, unit_price, quantity_added):
    """Refuse adding ``quantity_added`` units at ``unit_price`` when the basket would pass
    the limit (a negative quantity, a lowered line, is always allowed)."""
    if quantity_added <= 0 or unit_price is None:
        return
    check_amount(basket_amount(basket) + unit_price * quantity_added)


class InvalidQuantity(StoreError):
    """A basket line of zero or fewer units (HTTP 400)."""

    code = "invalid_quantity"
    status = 400

    def __init__(self):
        super().__init__(message=_("Give a quantity of at least 1."))


def check_quantity(quantity):
    """Refuse a quantity of zero or fewer units (``InvalidQuantity``)."""
    if quantity is None or quantity < 1:
        raise InvalidQuantity()


def check_line_quantities(lines):
    """Refuse a basket (at checkout) holding a line of zero or fewer units."""
    for line in lines:
        check_quantity(line.quantity)
