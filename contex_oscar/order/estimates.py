"""The delivery estimate an order keeps: the one the shopper was given at checkout.

Computed once, when the order is placed, by the shipping method's own ``estimate``
(``shipping.methods.Estimate``: working days from the placing day, store time), and
read from then on (the order's answer, tracking, the order-placed e-mail), so a later
change of the zone's days or a public holiday never rewrites what the shopper was told.
"""

from contex_oscar import workdays
from contex_oscar.order.models import OrderDeliveryEstimate


def record_delivery_estimate(order, shipping_method):
    """Keep ``shipping_method``'s estimate for ``order`` (just placed); None without one
    (showroom pickup, a cost still to be quoted with no zone)."""
    estimate_of = getattr(shipping_method, "estimate", None)
    placed_on = workdays.store_today(order.date_placed) if order.date_placed else None
    estimate = estimate_of(placed_on) if callable(estimate_of) else None
    if estimate is None:
        order.contex_delivery_estimate = None  # known: no query when it is read
        return None
    kept = OrderDeliveryEstimate.objects.create(
        order=order,
        min_days=estimate.min_days,
        max_days=estimate.max_days,
        earliest_date=estimate.earliest_date,
        latest_date=estimate.latest_date,
    )
    order.contex_delivery_estimate = kept
    return kept


def delivery_estimate_of(order):
    """The estimate kept for ``order``, or None (read with the order when selected)."""
    try:
        return order.contex_delivery_estimate
    except OrderDeliveryEstimate.DoesNotExist:
        return None
