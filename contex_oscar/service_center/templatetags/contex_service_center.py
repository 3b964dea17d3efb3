from django import template

from contex_oscar.money import format_rupiah

register = template.Library()

register.filter("rupiah", format_rupiah)  # ``Rp 4.500.000`` (contex_oscar.money)
