"""Status e-mails: one per shopper-facing status change, sent once, after commit.

Each status has its own ``CommunicationEventType`` (``ORDER_STATUS_<CODE>``), so
staff edit every message in Oscar's dashboard; the file templates in
``templates/oscar/communication/emails/`` are the defaults (Indonesian, then English).
"""

from contex_oscar.conf import contex_settings
from contex_oscar.emails import send_store_email
from contex_oscar.order.history import delivery_date, shipment_of
from contex_oscar.order.pickup import pickup_details
from contex_oscar.order.statuses import (
    AWAITING_PAYMENT,
    DELIVERED,
    IN_SHIPMENT,
    OUT_OF_STOCK,
    PAYMENT_DECLINED,
    STATUSES,
    label_for,
)
from contex_oscar.payment.services import amount_paid, payment_summary
from contex_oscar.shipping.methods import is_pickup
from contex_oscar.store_values import store_email_context


def status_event_code(status):
    """``in-shipment`` -> ``ORDER_STATUS_IN_SHIPMENT``."""
    return "ORDER_STATUS_" + status.upper().replace("-", "_")


STATUS_EVENT_CODES = {code: status_event_code(code) for code in STATUSES}
PRICE_CORRECTED_EVENT = "ORDER_PRICE_CORRECTED"


def status_email_key(order, record):
    # one key per recorded change: a retried or replayed change never mails twice
    return f"order-status:{order.pk}:{record.pk}"


def store_contacts():
    """``{{ store.name }}``, ``{{ store.call_center_phone }}``, ... for the templates."""
    return store_email_context()["store"]


def status_email_context(order, record, extra=None):
    pickup = is_pickup(order)
    context = {
        "order": order,
        "status_code": record.new_status,
        "status_label": label_for(record.new_status, pickup=pickup),
        "old_status_label": label_for(record.old_status, pickup=pickup),
        # a showroom pickup: {address, hours, deadline} (ready for pickup, picked up)
        "pickup": pickup_details(order) if pickup else None,
        "shopper_note": record.shopper_note,
        "changed_at": record.created_at,
        "store": store_contacts(),
        "store_timezone": contex_settings.CONTEX_STORE_TIMEZONE,
    }
    if record.new_status == IN_SHIPMENT and not pickup:
        context["shipment"] = shipment_of(order)
    if record.new_status == DELIVERED:
        context["delivered_on"] = delivery_date(order)
    if record.new_status == OUT_OF_STOCK:
        # "we refund what you paid" only when money was received (not an unpaid COD order)
        context["money_received"] = amount_paid(order) > 0
    if record.new_status in (AWAITING_PAYMENT, PAYMENT_DECLINED):
        context["payment"] = payment_summary(order)
    context.update(extra or {})
    return context


def send_status_email(order, record, extra=None):
    """Queue the e-mail announcing ``record``; False if already sent or not shopper-facing."""
    status = STATUSES.get(record.new_status)
    if status is None or not status.shopper_facing:
        return False
    return send_store_email(
        STATUS_EVENT_CODES[status.code],
        order.email,
        status_email_context(order, record, extra),
        key=status_email_key(order, record),
    )
