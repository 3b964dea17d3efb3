from django import template

from contex_oscar.cms.blocks import table_as_json

register = template.Library()


@register.simple_tag
def table_json(value):
    """A table block's value as ``{caption, header, rows, first_column_is_header}``."""
    return table_as_json(value)


@register.filter
def rupiah_text(value):
    """Whole rupiah for display: "250000" -> "Rp250.000" (Indonesian separators)."""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return value
    return "Rp" + f"{amount:,}".replace(",", ".")
