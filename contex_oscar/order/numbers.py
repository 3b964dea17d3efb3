"""The store's order numbers: the placing day, its sequence and a check digit.

Oscar numbers an order ``100000 + basket id``: out of placing order and telling how many
baskets were ever opened. The class loader (``contex_oscar.loading``) gives this module's
``OrderNumberGenerator`` to everyone who asks Oscar for ``order.utils``'s (the store's
order creator, Oscar's HTML checkout, code).

**Format**: ``YYMMDD`` (the placing day, store time), a four-digit sequence of that day
(``0001``, more digits past 9999 orders in a day) and a Luhn check digit: digits only,
easy to read out on the phone, e.g. ``2612040007`` + ``7`` = ``26120400077`` (the 7th order
of 4 December 2026). Numbers grow in the order the orders were placed: the day's counter
row (``OrderNumberCounter``) is locked while a number is taken (``order.sequences``), so
two checkouts at the same moment get different, consecutive numbers.

**Check digit**: a mistyped digit or two swapped neighbours fail it (``is_mistyped``), so a
look-up of a mistyped number answers as for an unknown order without reading the orders.
Numbers of another form (orders placed before the store's numbers) are left as they are.
"""

import re

from django.db import transaction
from oscar.core.loading import default_class_loader

from contex_oscar.order.models import OrderNumberCounter
from contex_oscar.order.sequences import take_next
from contex_oscar.workdays import store_today

# Oscar's (or a site's forked) generator, not this one (the class loader gives this one)
(BaseOrderNumberGenerator,) = default_class_loader(
    "order.utils", ["OrderNumberGenerator"], "oscar.apps"
)

SEQUENCE_DIGITS = 4
#: the store's numbers: six date digits, the sequence (at least four), the check digit
STORE_NUMBER = re.compile(rf"^\d{{{6 + SEQUENCE_DIGITS + 1},}}$")


def check_digit(digits):
    """The Luhn check digit of the string ``digits``."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # the digit next to the check digit is doubled
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def is_store_number(number):
    """``number`` has the store's form (whether or not its check digit holds)."""
    return isinstance(number, str) and bool(STORE_NUMBER.match(number))


def is_mistyped(number):
    """``number`` has the store's form but its check digit fails."""
    return is_store_number(number) and check_digit(number[:-1]) != number[-1]


def store_order_number(day, sequence):
    """The number of the ``sequence``-th order placed on ``day``."""
    digits = f"{day:%y%m%d}{sequence:0{SEQUENCE_DIGITS}d}"
    return digits + check_digit(digits)


def next_order_number(day=None):
    """The next number of ``day`` (default: today, store time), its counter row locked
    until the caller's transaction ends (its own transaction when there is none)."""
    day = day or store_today()
    with transaction.atomic(savepoint=False):  # no savepoint queries inside a checkout
        return store_order_number(day, take_next(OrderNumberCounter, day=day))


class OrderNumberGenerator(BaseOrderNumberGenerator):
    """Oscar's ``OrderNumberGenerator`` with the store's numbers (see the module)."""

    def order_number(self, basket):
        return next_order_number()
