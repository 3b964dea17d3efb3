"""What an order went through, read back: where a hold came from, the shipment, a return,
the delivery.

Read-only queries the status route, the e-mails, tracking and the service center share.
"""

import contextlib

from oscar.core.loading import get_model

from contex_oscar.order.models import OrderDelivery, OrderShipment, OrderStatusRecord
from contex_oscar.order.statuses import DELIVERED, ON_HOLD
from contex_oscar.workdays import store_timezone

OrderStatusChange = get_model("order", "OrderStatusChange")


def hold_origin(order):
    """The status an order on hold was held from; None if it was placed on hold."""
    change = (
        OrderStatusChange.objects.filter(order=order, new_status=ON_HOLD)
        .order_by("-date_created", "-pk")
        .first()
    )
    return change.old_status or None if change else None


def shipment_of(order):
    """The order's latest shipment (courier, tracking number) or None."""
    return OrderShipment.objects.filter(order=order).order_by("-created_at", "-pk").first()


def return_of(order):
    """The latest return of the order's goods to the store: Oscar's "returned" shipping
    event (``notes``: the reason, ``date_created``) or None."""
    return (
        order.shipping_events.filter(event_type__code="returned")
        .order_by("-date_created", "-pk")
        .first()
    )


def ready_for_pickup_on(order):
    """The store-time date a showroom-pickup order was last made ready for pickup, or None."""
    event = (
        order.shipping_events.filter(event_type__code="ready-for-pickup")
        .order_by("-date_created", "-pk")
        .first()
    )
    return event.date_created.astimezone(store_timezone()).date() if event else None


def delivery_date(order):
    """The store-time date the order reached the shopper, or None if not delivered.

    The warranty clock and the 14-working-day return-shipping rule start here.
    The date staff entered wins; an order moved to ``delivered`` without one
    counts from the day of that change.
    """
    # no query when the caller used select_related("contex_delivery")
    with contextlib.suppress(OrderDelivery.DoesNotExist):
        return order.contex_delivery.delivered_on
    record = (
        OrderStatusRecord.objects.filter(order=order, new_status=DELIVERED)
        .order_by("-created_at")
        .first()
    )
    return record.created_at.astimezone(store_timezone()).date() if record else None
