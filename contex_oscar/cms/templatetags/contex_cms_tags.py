from django import template

from contex_oscar.cms.blocks import table_as_json
from contex_oscar.money import format_rupiah

register = template.Library()


@register.simple_tag
def table_json(value):
    """A table block's value as ``{caption, header, rows, first_column_is_header}``."""
    return table_as_json(value)


register.filter("rupiah_text", format_rupiah)  # ``Rp 250.000`` (contex_oscar.money)
