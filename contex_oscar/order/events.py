"""The order's webhook events (``contex_oscar.webhooks``): what each one tells an endpoint.

Called once per event, where it happens, in its transaction: ``order_placed`` by the
order creator, ``status_changed`` (and ``order.shipped`` for a courier shipment) by the
status route, ``payment_verified`` where staff's verified or recorded money is received
(``payment.review``).
"""

from contex_oscar import webhooks
from contex_oscar.money import json_rupiah
from contex_oscar.order.statuses import label_for


def order_data(order):
    """What every order event carries about the order (no line details: an endpoint that
    needs them reads the order API)."""
    return {
        "number": order.number,
        "status": order.status,
        "status_label": str(label_for(order.status)),
        "total_incl_tax": json_rupiah(order.total_incl_tax),
        "currency": order.currency,
        "shipping_method": order.shipping_code or "",
        "email": order.email or "",
        "date_placed": order.date_placed.isoformat() if order.date_placed else None,
    }


def order_placed(order):
    return webhooks.emit(webhooks.ORDER_PLACED, {"order": order_data(order)}, related=order)


def status_changed(order, record, shipment=None):
    """The route recorded ``record`` (from, to); ``shipment`` when the order went to the
    courier: that is the ``order.shipped`` event too."""
    data = {
        "order": order_data(order),
        "old_status": record.old_status,
        "new_status": record.new_status,
        "changed_at": record.created_at.isoformat(),
        "shopper_note": record.shopper_note,
    }
    messages = webhooks.emit(webhooks.ORDER_STATUS_CHANGED, data, related=order)
    if shipment is not None:
        shipped = {
            "order": order_data(order),
            "courier": shipment.courier,
            "tracking_number": shipment.tracking_number,
            "shipped_at": shipment.created_at.isoformat(),
        }
        messages += webhooks.emit(webhooks.ORDER_SHIPPED, shipped, related=order)
    return messages


def payment_verified(order, method, amount, reference):
    data = {
        "order": order_data(order),
        "method": method,
        "amount": json_rupiah(amount),
        "reference": reference,
    }
    return webhooks.emit(webhooks.PAYMENT_VERIFIED, data, related=order)
