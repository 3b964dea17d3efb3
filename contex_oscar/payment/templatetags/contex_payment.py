from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def rupiah(amount):
    """``Rp 1.250.123``: IDR with Indonesian thousands dots (the same in every language)."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return str(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole = int(value)
    text = f"{whole:,}".replace(",", ".")
    cents = (value - whole).quantize(Decimal("0.01"))
    if cents:
        text += "," + f"{cents:.2f}"[2:]
    return f"{sign}Rp {text}"


@register.filter
def order_status_label(code):
    from contex_oscar.order.statuses import label_for

    return label_for(code)
