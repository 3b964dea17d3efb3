"""Showroom pickup (O2O, "ambil di showroom"): where, when and until when.

A pickup order takes the same nine statuses as a delivery: ``in-shipment`` is "ready for
pickup" (no courier, ``services.ready_for_pickup``) and ``delivered`` is "picked up". The
shopper has ``CONTEX_PICKUP_DAYS`` working days from the day it was ready; after the
last of them the expiry job releases the reservation (``payment.expiry``).
"""

from contex_oscar import workdays
from contex_oscar.conf import contex_settings
from contex_oscar.order.history import ready_for_pickup_on
from contex_oscar.order.statuses import IN_SHIPMENT
from contex_oscar.shipping.methods import is_pickup
from contex_oscar.store_values import store_settings


def pickup_deadline(order):
    """The last store-time day the shopper may collect ``order`` (None until it is ready)."""
    ready_on = ready_for_pickup_on(order)
    if ready_on is None:
        return None
    return workdays.add_working_days(ready_on, contex_settings.CONTEX_PICKUP_DAYS)


def is_pickup_overdue(order, today=None):
    """A ready pickup order nobody collected by its deadline."""
    if order.status != IN_SHIPMENT or not is_pickup(order):
        return False
    deadline = pickup_deadline(order)
    return deadline is not None and (today or workdays.store_today()) > deadline


def pickup_details(order):
    """``{address, hours, deadline}`` of a pickup order (the API answer, the e-mails);
    None for a delivery. ``deadline`` is null until the order is ready for pickup."""
    if not is_pickup(order):
        return None
    values = store_settings()
    deadline = pickup_deadline(order) if order.status == IN_SHIPMENT else None
    return {
        "address": values.showroom_address,
        "hours": values.office_hours,
        "deadline": deadline,
    }
