from django import template

from contex_oscar.money import format_rupiah
from contex_oscar.order.statuses import label_for

register = template.Library()

register.filter("rupiah", format_rupiah)  # ``Rp 1.250.123`` (contex_oscar.money)
register.filter("order_status_label", label_for)
