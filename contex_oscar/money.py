"""Money in the store: Indonesian rupiah (IDR), always ``Decimal``, never float.

One place for how amounts are rounded, written and read:

- ``whole_rupiah``: the store's amounts are whole rupiah (half up);
- ``format_rupiah``: how every page, e-mail and message writes an amount, in every
  language: ``Rp 1.250.123`` (dots between thousands; cents only when there are some:
  ``Rp 1.250,50``; ``-Rp 5.000`` below zero);
- ``json_rupiah``: money in JSON, whole rupiah as a string;
- ``parse_rupiah``: a whole-rupiah amount typed by staff or sent by a client, or None;
- ``largest_order_amount``: the most an order can record (Oscar's order columns).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.apps import apps

RUPIAH = Decimal("1")
CENT = Decimal("0.01")


def whole_rupiah(amount):
    """``Decimal`` amount rounded to whole rupiah (half up)."""
    return Decimal(amount).quantize(RUPIAH, rounding=ROUND_HALF_UP)


def format_rupiah(amount):
    """``Rp 1.250.123``; an empty string for None; a value that is no number as it came."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return str(amount)
    if not value.is_finite():
        return str(amount)
    sign = "-" if value < 0 else ""
    value = abs(value).quantize(CENT, rounding=ROUND_HALF_UP)
    whole = int(value)
    text = f"{whole:,}".replace(",", ".")
    cents = value - whole
    if cents:
        text += "," + f"{cents:.2f}"[2:]
    return f"{sign}Rp {text}"


def json_rupiah(amount):
    """Money in JSON: whole rupiah as a string (``"250000"``)."""
    return str(whole_rupiah(amount))


def largest_order_amount():
    """The largest amount an order column holds (Rp 9.999.999.999,99 with Oscar's columns)."""
    field = apps.get_model("order", "Order")._meta.get_field("total_incl_tax")
    whole_digits = field.max_digits - field.decimal_places
    return Decimal(10) ** whole_digits - Decimal(1).scaleb(-field.decimal_places)


def parse_rupiah(value, allow_zero=False):
    """A whole-rupiah ``Decimal`` (``1000``, ``"1000"``, ``"1000.00"``) within what an order
    can record, or None for anything else (fractions, negatives, text, NaN, too large)."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not amount.is_finite() or amount != amount.to_integral_value():
        return None
    if amount < 0 or (amount == 0 and not allow_zero) or amount > largest_order_amount():
        return None
    return amount.quantize(RUPIAH)
