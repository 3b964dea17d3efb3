"""The one way to change an order's status.

``change_order_status`` validates the move against ``statuses.TRANSITIONS``
under a row lock, then lets Oscar's ``Order.set_status`` do the change. The
recording (who, note), stock release and our signal happen in ``receivers``
when Oscar writes its ``OrderStatusChange`` so that changes made through
Oscar's own dashboard are recorded the same way.
"""

import contextvars
from contextlib import contextmanager

from django.db import transaction
from oscar.core.loading import get_class, get_model

from contex_oscar.order.exceptions import (
    ConfirmationPending,
    DeliveryDateInvalid,
    HoldReturnsToOrigin,
    IllegalStatusTransition,
    ShipmentDetailsRequired,
)
from contex_oscar.order.statuses import (
    CANCELLED,
    DELIVERED,
    IN_SHIPMENT,
    ON_HOLD,
    STATUSES,
    is_allowed,
)

Order = get_model("order", "Order")
OrderStatusChange = get_model("order", "OrderStatusChange")
ShippingEventType = get_model("order", "ShippingEventType")

# Oscar shipping event types (codes) the lifecycle records.
SHIPPED_EVENT = ("shipped", "Shipped")
DELIVERED_EVENT = ("delivered", "Delivered")

# Who is changing statuses right now and why; read by the receivers. A context
# variable so that concurrent requests (threads or async tasks) never mix.
_change_context = contextvars.ContextVar("contex_status_change", default=None)


@contextmanager
def status_change_context(user=None, note="", shopper_note="", email_context=None, notify=True):
    token = _change_context.set(
        {
            "user": user,
            "note": note,
            "shopper_note": shopper_note,
            # extra values for the status e-mail (e.g. the refunded amount)
            "email_context": email_context or {},
            # False: the caller announces the change with an e-mail of its own
            "notify": notify,
        }
    )
    try:
        yield
    finally:
        _change_context.reset(token)


def current_change_context():
    return _change_context.get() or {}


def change_order_status(
    order, new_status, user=None, note="", shopper_note="", email_context=None, notify=True
):
    """Move ``order`` to ``new_status`` or raise ``IllegalStatusTransition``.

    Locks the order row so two staff members cannot both move it from the same
    status. Besides the pipeline table, an order on hold returns to the status it
    was held from (or is cancelled). Staff ship through ``ship_order`` (courier and
    tracking number required); our dashboard and the guard on Oscar's dashboard
    (``middleware.ShipmentDetailsGuardMiddleware``) offer no other way.
    The shopper gets the status e-mail unless ``notify=False`` (for callers that
    send a more specific e-mail about the same change). Returns the order as saved.
    """
    if new_status not in STATUSES:
        raise IllegalStatusTransition(order.number, order.status, new_status)
    with transaction.atomic():
        locked = Order._default_manager.select_for_update().get(pk=order.pk)
        if not is_allowed(locked.status, new_status):
            raise IllegalStatusTransition(locked.number, locked.status, new_status)
        _check_lifecycle_rules(locked, new_status)
        with status_change_context(
            user=user,
            note=note,
            shopper_note=shopper_note,
            email_context=email_context,
            notify=notify,
        ):
            locked.set_status(new_status)
    order.status = locked.status
    return locked


def _check_lifecycle_rules(order, new_status):
    if order.status == ON_HOLD and new_status != CANCELLED:
        origin = hold_origin(order)
        if origin and new_status != origin:
            raise HoldReturnsToOrigin(order.number, order.status, new_status, origin)


def hold_origin(order):
    """The status an order on hold was held from; None if it was placed on hold."""
    change = (
        OrderStatusChange.objects.filter(order=order, new_status=ON_HOLD)
        .order_by("-date_created", "-pk")
        .first()
    )
    return change.old_status or None if change else None


def release_hold(order, user=None, note="", shopper_note=""):
    """Return an order on hold to where it came from."""
    origin = hold_origin(order)
    if origin is None:
        raise IllegalStatusTransition(order.number, order.status, "")
    return change_order_status(order, origin, user=user, note=note, shopper_note=shopper_note)


def _shipping_event_type(code_and_name):
    code, name = code_and_name
    event_type = ShippingEventType.objects.filter(code=code).first()
    if event_type is None:
        event_type, _created = ShippingEventType.objects.get_or_create(
            name=name, defaults={"code": code}
        )
    return event_type


def ship_order(order, courier, tracking_number, user=None, note="", shopper_note=""):
    """Hand the order to the courier: record the shipment, then move it to ``in-shipment``.

    The shipment is an Oscar ``ShippingEvent`` ("Shipped", all lines) completed by
    our ``OrderShipment`` (courier, tracking number); the status e-mail quotes them.
    """
    from contex_oscar.order.models import OrderShipment

    courier, tracking_number = (courier or "").strip(), (tracking_number or "").strip()
    if not courier or not tracking_number:
        raise ShipmentDetailsRequired(order.number, order.status, IN_SHIPMENT)
    with transaction.atomic():
        locked = Order._default_manager.select_for_update().get(pk=order.pk)
        if not is_allowed(locked.status, IN_SHIPMENT):
            raise IllegalStatusTransition(locked.number, locked.status, IN_SHIPMENT)
        lines = list(locked.lines.all())
        handler = get_class("order.processing", "EventHandler")(user=user)
        event = handler.create_shipping_event(
            locked,
            _shipping_event_type(SHIPPED_EVENT),
            lines,
            [line.quantity for line in lines],
            reference=f"{courier} {tracking_number}",
        )
        OrderShipment.objects.create(
            shipping_event=event,
            order=locked,
            courier=courier,
            tracking_number=tracking_number,
            shipped_by=user,
        )
        return change_order_status(
            order, IN_SHIPMENT, user=user, note=note, shopper_note=shopper_note
        )


def shipment_of(order):
    """The order's latest shipment (courier, tracking number) or None."""
    from contex_oscar.order.models import OrderShipment

    return OrderShipment.objects.filter(order=order).order_by("-created_at", "-pk").first()


def mark_delivered(order, delivered_on=None, user=None, note="", shopper_note=""):
    """Record the delivery date (store date, default today) and move to ``delivered``."""
    from contex_oscar.order.models import OrderDelivery
    from contex_oscar.workdays import store_timezone, store_today

    delivered_on = delivered_on or store_today()
    with transaction.atomic():
        locked = Order._default_manager.select_for_update().get(pk=order.pk)
        if not is_allowed(locked.status, DELIVERED):
            raise IllegalStatusTransition(locked.number, locked.status, DELIVERED)
        shipped = shipment_of(locked)
        shipped_on = shipped.created_at.astimezone(store_timezone()).date() if shipped else None
        if delivered_on > store_today() or (shipped_on and delivered_on < shipped_on):
            raise DeliveryDateInvalid(locked.number, delivered_on, shipped_on)
        OrderDelivery.objects.update_or_create(
            order=locked, defaults={"delivered_on": delivered_on, "recorded_by": user}
        )
        handler = get_class("order.processing", "EventHandler")(user=user)
        lines = list(locked.lines.all())
        handler.create_shipping_event(
            locked,
            _shipping_event_type(DELIVERED_EVENT),
            lines,
            [line.quantity for line in lines],
            reference=delivered_on.isoformat(),
        )
        return change_order_status(
            order, DELIVERED, user=user, note=note, shopper_note=shopper_note
        )


def _allocated_lines(order):
    return [line for line in order.lines.select_related("stockrecord") if line.stockrecord_id]


def release_stock_allocations(order):
    """Give back what ``place_order`` reserved (Oscar never does it by itself)."""
    lines = _allocated_lines(order)
    if lines:
        handler = get_class("order.processing", "EventHandler")()
        handler.cancel_stock_allocations(order, lines, [line.quantity for line in lines])


def consume_stock_allocations(order):
    """The goods left the warehouse: turn the reservation into a stock decrease."""
    lines = _allocated_lines(order)
    quantities = [line.quantity for line in lines]
    handler = get_class("order.processing", "EventHandler")()
    if lines and handler.are_stock_allocations_available(lines, quantities):
        handler.consume_stock_allocations(order, lines, quantities)


def delivery_date(order):
    """The store-time date the order reached the shopper, or None if not delivered.

    The warranty clock and the 14-working-day return-shipping rule start here.
    The date staff entered (``mark_delivered``) wins; an order moved to
    ``delivered`` some other way counts from the day of that change.
    """
    from contex_oscar.order.models import OrderDelivery, OrderStatusRecord
    from contex_oscar.workdays import store_timezone

    try:
        # no query when the caller used select_related("contex_delivery")
        return order.contex_delivery.delivered_on
    except OrderDelivery.DoesNotExist:
        pass

    record = (
        OrderStatusRecord.objects.filter(order=order, new_status=DELIVERED)
        .order_by("-created_at")
        .first()
    )
    return record.created_at.astimezone(store_timezone()).date() if record else None


def amount_paid(order):
    """What the shopper has paid and not been refunded (Oscar payment sources)."""
    from decimal import Decimal

    return sum(
        (source.amount_debited - source.amount_refunded for source in order.sources.all()),
        Decimal("0"),
    )


def refund(order, amount, reference="", user=None):
    """Record a refund to the shopper (payments' ``record_refund``: an Oscar payment event)."""
    from contex_oscar.payment.services import record_refund

    return record_refund(order, amount, reference=reference, user=user)


def cancel_with_refund(order, user=None, note="", shopper_note="", email_context=None):
    """Cancel the order and refund everything paid (e.g. the shopper won't wait for stock)."""
    with transaction.atomic():
        locked = Order._default_manager.select_for_update().get(pk=order.pk)
        if not is_allowed(locked.status, CANCELLED):
            raise IllegalStatusTransition(locked.number, locked.status, CANCELLED)
        from contex_oscar.payment.models import PaymentConfirmation

        if PaymentConfirmation.objects.pending().filter(order=locked).exists():
            # a shopper's proof is never left unanswered (the payments rule)
            raise ConfirmationPending(locked.number, locked.status, CANCELLED)
        paid = amount_paid(locked)
        if paid > 0:
            refund(locked, paid, reference=f"cancel-{locked.number}", user=user)
        context = {"refund_amount": paid, **(email_context or {})}
        return change_order_status(
            order,
            CANCELLED,
            user=user,
            note=note,
            shopper_note=shopper_note,
            email_context=context,
        )
