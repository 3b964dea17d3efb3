from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def rupiah(amount):
    """``4500000`` -> ``Rp 4.500.000`` (whole rupiah, Indonesian grouping)."""
    try:
        value = int(Decimal(amount).quantize(Decimal("1")))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return "Rp " + f"{value:,}".replace(",", ".")
