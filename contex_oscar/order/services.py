"""The one route an order's status takes, whoever asks for the change.

Oscar's dashboard (through ``contex_oscar.order.processing.EventHandler``), the store's
dashboard pages, the API, the commands and the payment and shipping workflows all call
``change_order_status``. Under a row lock on the order it

1. refuses what the rules refuse (``refusal``: ``statuses.TRANSITIONS``, the on-hold rule,
   then ``REQUIREMENTS`` for the status asked for),
2. writes what the move needs: the shipment (courier, tracking number), the delivery date,
   a shipped order's return to the store (Oscar's "returned" shipping event, the reason),
   a showroom pickup's "ready for pickup" (Oscar's shipping event; no courier),
   for an order being cancelled, the refund owed of whatever was paid (the payment moves
   to ``refund-owed``; staff record the refunds they make, ``payment.review.record_refund``),
3. makes Oscar's ``Order.set_status`` change (``_set_statuses``: its pipeline check, the
   cascade to the lines, its signal and ``OrderStatusChange``, in bulk for a batch),
4. records who, when, from, to and why (``OrderStatusRecord``, beside Oscar's
   ``OrderStatusChange``),
5. moves the stock: released on cancel, consumed on shipment, back in stock when a
   shipped order returns (reserved again if it is to be re-sent),
6. sends ``signals.order_status_changed`` (the payment app follows it), queues the
   ``order.status_changed`` webhook (and ``order.shipped`` for a courier shipment), then
   the shopper's e-mail (all delivered after commit).

Nothing else changes an order's status. ``change_order_statuses`` is the same route for a
job's batch (the payment expiry): the same ``refusal`` per order, the writes in bulk.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.apps.order.exceptions import InvalidOrderStatus
from oscar.apps.order.signals import order_status_changed as oscar_order_status_changed
from oscar.core.loading import get_model

from contex_oscar.order import events, notifications, serials, signals
from contex_oscar.order.exceptions import (
    ConfirmationPending,
    DeliveryDateInvalid,
    HoldReturnsToOrigin,
    IllegalStatusTransition,
    OrderNotCancellable,
    PaymentNotRecorded,
    ReturnReasonRequired,
    ShipmentDetailsRequired,
)
from contex_oscar.order.history import hold_origin, shipment_of
from contex_oscar.order.models import OrderDelivery, OrderShipment, OrderStatusRecord
from contex_oscar.order.statuses import (
    CANCELLED,
    DELIVERED,
    IN_SHIPMENT,
    ON_HOLD,
    PAYMENT_RECEIVED,
    PROCESSING,
    SHOPPER_MAY_CANCEL,
    STATUSES,
    TRANSITIONS,
    is_allowed,
)
from contex_oscar.order.stock import (
    consume_stock_allocations,
    release_stock_allocations,
    return_to_stock,
)
from contex_oscar.payment import services as payments
from contex_oscar.shipping.methods import SHOWROOM_PICKUP, is_pickup
from contex_oscar.workdays import store_timezone, store_today

Order = get_model("order", "Order")
Line = get_model("order", "Line")
OrderStatusChange = get_model("order", "OrderStatusChange")
ShippingEventType = get_model("order", "ShippingEventType")

# Oscar shipping event types (code, name) the route records; only the route creates them.
SHIPPED_EVENT = ("shipped", "Shipped")
DELIVERED_EVENT = ("delivered", "Delivered")
RETURNED_EVENT = ("returned", "Returned to the store")
READY_FOR_PICKUP_EVENT = ("ready-for-pickup", "Ready for pickup")
STORE_SHIPPING_EVENTS = {
    SHIPPED_EVENT[0],
    DELIVERED_EVENT[0],
    RETURNED_EVENT[0],
    READY_FOR_PICKUP_EVENT[0],
}

#: Where a shipped order may come back to: re-sent from ``processing``, or ``cancelled``.
RETURN_STATUSES = (PROCESSING, CANCELLED)


def is_return(old_status, new_status):
    """The move brings a shipped order's goods back to the store."""
    return old_status == IN_SHIPMENT and new_status in RETURN_STATUSES


# --- the rules ----------------------------------------------------------------------


def _returns_to_hold_origin(order, new_status, details):
    if order.status == ON_HOLD and new_status != CANCELLED:
        origin = hold_origin(order)
        if origin and new_status != origin:
            return HoldReturnsToOrigin(order.number, order.status, new_status, origin=origin)
    return None


def _has_courier_and_tracking(order, new_status, details):
    if details is None:  # asking what may be offered: the form asks for both
        return None
    if not details.get("courier") or not details.get("tracking_number"):
        return ShipmentDetailsRequired(order.number, order.status, new_status)
    return None


def _returned_with_a_reason(order, new_status, details):
    if details is None or not is_return(order.status, new_status):
        return None
    if not details.get("return_reason"):
        return ReturnReasonRequired(order.number, order.status, new_status)
    return None


def _has_a_possible_delivery_date(order, new_status, details):
    if details is None or details.get("delivered_on") is None:
        return None  # defaults to today
    delivered_on = details["delivered_on"]
    shipped = shipment_of(order)
    shipped_on = shipped.created_at.astimezone(store_timezone()).date() if shipped else None
    if delivered_on > store_today() or (shipped_on and delivered_on < shipped_on):
        return DeliveryDateInvalid(
            order.number,
            order.status,
            new_status,
            delivered_on=delivered_on,
            shipped_on=shipped_on,
        )
    return None


def _has_a_recorded_payment(order, new_status, details):
    if not payments.is_paid(order):
        return PaymentNotRecorded(order.number, order.status, new_status)
    return None


def _has_no_confirmation_waiting(order, new_status, details):
    if payments.has_pending_confirmation(order):
        # a shopper's proof is never left unanswered
        return ConfirmationPending(order.number, order.status, new_status)
    return None


def _is_paid_when_collected(order, new_status, details):
    if details is None:  # asking what may be offered: the form asks for the cash taken
        return None
    return _has_a_recorded_payment(order, new_status, details)


def _serials_fit_the_units(order, new_status, details):
    if details is None:  # asking what may be offered: the form asks for the serials
        return None
    return serials.serials_refusal(order, new_status, details.get("serial_numbers"))


#: Beyond ``TRANSITIONS``: what must hold before an order moves *into* a status. A key
#: ``(status, shipping method code)`` replaces the status's own entry for orders of that
#: method: a showroom pickup is "ready for pickup" with no courier (``in-shipment``) and
#: "picked up" (``delivered``) only once paid (the showroom records the cash first).
REQUIREMENTS = {
    IN_SHIPMENT: (_has_courier_and_tracking, _serials_fit_the_units),
    (IN_SHIPMENT, SHOWROOM_PICKUP): (_serials_fit_the_units,),
    DELIVERED: (_has_a_possible_delivery_date,),
    (DELIVERED, SHOWROOM_PICKUP): (
        _has_a_possible_delivery_date,
        _is_paid_when_collected,
        _serials_fit_the_units,
    ),
    PAYMENT_RECEIVED: (_has_a_recorded_payment,),
    PROCESSING: (_returned_with_a_reason,),
    CANCELLED: (_has_no_confirmation_waiting, _returned_with_a_reason),
}


def requirements_for(order, new_status):
    """The checks of ``REQUIREMENTS`` for moving ``order`` into ``new_status``."""
    by_method = (new_status, order.shipping_code or "")
    return REQUIREMENTS.get(by_method, REQUIREMENTS.get(new_status, ()))


def takes_serial_numbers(order, new_status):
    """The move records the units' serial numbers (shipping, set aside or handed over)."""
    return _serials_fit_the_units in requirements_for(order, new_status)


def refusal(order, new_status, details=None):
    """Why ``order`` may not move to ``new_status`` now (an ``IllegalStatusTransition``), or None.

    ``details`` are what the caller brings (courier, tracking number, delivery date);
    ``None`` asks only whether the move can be offered (the form asks for the details).
    """
    if new_status not in STATUSES or not is_allowed(order.status, new_status):
        return IllegalStatusTransition(order.number, order.status, new_status)
    for check in (_returns_to_hold_origin, *requirements_for(order, new_status)):
        refused = check(order, new_status, details)
        if refused is not None:
            return refused
    return None


def next_statuses(order):
    """The moves that may be offered for ``order`` now, in the table's order."""
    return [code for code in TRANSITIONS.get(order.status, ()) if refusal(order, code) is None]


# --- the route ------------------------------------------------------------------------


def change_order_status(
    order,
    new_status,
    user=None,
    note="",
    shopper_note="",
    *,
    courier="",
    tracking_number="",
    delivered_on=None,
    return_reason="",
    refund_reference="",
    serial_numbers=None,
    email_context=None,
    notify=True,
):
    """Move ``order`` to ``new_status`` or raise ``IllegalStatusTransition`` (nothing changed).

    ``serial_numbers`` (``{line_id: [serial, ...]}``, optional) are the units' serials,
    recorded when the order ships, is set aside or is handed over at the showroom.

    ``courier`` and ``tracking_number`` are required for ``in-shipment``; ``delivered_on``
    (store date, default today) is kept for ``delivered``; ``return_reason`` is required
    when a shipped order comes back (``in-shipment`` -> ``processing`` to be sent again,
    or -> ``cancelled``): its goods return to stock; cancelling makes what was
    paid a refund owed (``refund_reference`` says why). The shopper gets the status e-mail unless
    ``notify=False`` (callers that send a more specific e-mail about the same change).
    Returns the order as saved; ``order`` itself gets the new status too.
    """
    details = _details(courier, tracking_number, delivered_on, return_reason, serial_numbers)
    with transaction.atomic():
        # two staff members moving the same order queue here; the second sees the first's move
        locked = Order._default_manager.select_for_update().get(pk=order.pk)
        refused = refusal(locked, new_status, details)
        if refused is not None:
            raise refused
        move = _prepare_move(
            locked, new_status, details, user, note, shopper_note, email_context, refund_reference
        )
        _apply_moves([move], user, notify)
    order.status = locked.status
    return locked


def change_order_statuses(orders, new_status, user=None, note="", shopper_note="", *, notify=True):
    """The route for a batch (a job's): each of ``orders``, locked by the caller in its
    transaction, moves to ``new_status`` under the rules of ``change_order_status``
    (``refusal``, with no courier, date, return reason or serials brought: a move that needs
    them is refused), and the writes are made in bulk: the orders, their lines, the
    records, the stock, the e-mails.

    Returns ``(moved, refused)``: the orders moved, and an ``IllegalStatusTransition`` for
    each order left as it was.
    """
    details = _details()
    moves, refused = [], []
    for order in orders:
        problem = refusal(order, new_status, details)
        if problem is not None:
            refused.append(problem)
            continue
        moves.append(_prepare_move(order, new_status, details, user, note, shopper_note))
    _apply_moves(moves, user, notify)
    return [move.order for move in moves], refused


def _details(courier="", tracking_number="", delivered_on=None, return_reason="", serials=None):
    """What a caller brings for a move (``refusal``'s ``details``), cleaned."""
    return {
        "courier": (courier or "").strip(),
        "tracking_number": (tracking_number or "").strip(),
        "delivered_on": delivered_on,
        "return_reason": (return_reason or "").strip(),
        "serial_numbers": serials,
    }


@dataclass
class _Move:
    """One order's move, its own writes made (``_prepare_move``), the common ones to come."""

    order: object
    old_status: str
    new_status: str
    note: str
    shopper_note: str
    email_context: dict
    returned: bool = False
    shipment: object = None


def _prepare_move(
    locked, new_status, details, user, note, shopper_note, email_context=None, refund_reference=""
):
    """What the move needs written for this order alone (checked by ``refusal``): the
    return, the pickup's or the courier's shipment, the delivery, the refund owed, the
    serials. Returns the ``_Move``."""
    email_context = dict(email_context or {})
    returned = is_return(locked.status, new_status)
    if returned:
        note = _record_return(locked, details["return_reason"], note)
        email_context.update(returned=True, return_reason=details["return_reason"])
    shipment = None
    if new_status == IN_SHIPMENT and is_pickup(locked):
        _shipping_event(locked, READY_FOR_PICKUP_EVENT, "")
    elif new_status == IN_SHIPMENT:
        shipment = _record_shipment(locked, details["courier"], details["tracking_number"], user)
    elif new_status == DELIVERED:
        _record_delivery(locked, details["delivered_on"] or store_today(), user)
    elif new_status == CANCELLED:
        owed = _owe_what_was_paid(locked, refund_reference, user)
        email_context.setdefault("refund_amount", owed)
    serial_numbers = details["serial_numbers"]
    if serial_numbers and takes_serial_numbers(locked, new_status):
        serials.record_serials(locked, serial_numbers, user, new_status)  # checked above
    return _Move(
        locked, locked.status, new_status, note, shopper_note, email_context, returned, shipment
    )


def _apply_moves(moves, user, notify):
    """What every move writes, for all ``moves`` (one status) at once: Oscar's status
    change, the store's records, the stock, then the signal, the webhooks and e-mails."""
    if not moves:
        return
    changed_by = user if user is not None and user.is_authenticated else None
    changes = _set_statuses(moves)
    records = OrderStatusRecord.objects.bulk_create(
        [
            OrderStatusRecord(
                status_change=change,
                order=move.order,
                old_status=move.old_status,
                new_status=move.new_status,
                changed_by=changed_by,
                note=move.note or "",
                shopper_note=move.shopper_note or "",
            )
            for move, change in zip(moves, changes, strict=True)
        ]
    )
    for move in moves:
        if move.returned:
            return_to_stock(move.order, keep_reserved=move.new_status == PROCESSING)
    release_stock_allocations([move.order for move in moves if move.new_status == CANCELLED])
    for move in moves:
        if move.new_status == IN_SHIPMENT:
            consume_stock_allocations(move.order)
    for move, record in zip(moves, records, strict=True):
        signals.order_status_changed.send(
            sender=OrderStatusRecord,
            order=move.order,
            old_status=move.old_status,
            new_status=move.new_status,
            record=record,
            user=changed_by,
            note=record.note,
        )
        events.status_changed(move.order, record, move.shipment)
        if notify:
            notifications.send_status_email(move.order, record, move.email_context)


def _set_statuses(moves):
    """Oscar's ``Order.set_status`` for every move at once: its pipeline's check, the
    order rows, the cascade to the lines (``OSCAR_ORDER_STATUS_CASCADE``), its
    ``order_status_changed`` signal and ``OrderStatusChange`` rows (returned, in order).
    One status per call; a batch costs the statements of one order."""
    new_status = moves[0].new_status
    for move in moves:
        if new_status not in move.order.available_statuses():
            raise InvalidOrderStatus(
                _("'%(new_status)s' is not a valid status for order %(number)s")
                % {"new_status": new_status, "number": move.order.number}
            )
    pks = [move.order.pk for move in moves]
    Order._default_manager.filter(pk__in=pks).update(status=new_status)
    line_status = Order.cascade.get(new_status)
    if line_status:
        from_statuses = [code for code, nexts in Line.pipeline.items() if line_status in nexts]
        Line._default_manager.filter(order_id__in=pks, status__in=from_statuses).update(
            status=line_status
        )
    for move in moves:
        order = move.order
        order.status = order._contex_saved_status = new_status
        for line in getattr(order, "_prefetched_objects_cache", {}).get("lines", ()):
            if line_status in line.available_statuses():
                line.status = line_status
        oscar_order_status_changed.send(
            sender=order, order=order, old_status=move.old_status, new_status=new_status
        )
    return OrderStatusChange.objects.bulk_create(
        [
            OrderStatusChange(order=move.order, old_status=move.old_status, new_status=new_status)
            for move in moves
        ]
    )


def _shipping_event_type(code_and_name):
    code, name = code_and_name
    event_type = ShippingEventType.objects.filter(code=code).first()
    if event_type is None:
        event_type, _created = ShippingEventType.objects.get_or_create(
            name=name, defaults={"code": code}
        )
    return event_type


def _shipping_event(order, code_and_name, reference):
    """An Oscar ``ShippingEvent`` for all lines (Oscar's dashboard shows it)."""
    event = order.shipping_events.create(
        event_type=_shipping_event_type(code_and_name), notes=reference
    )
    event.line_quantities.bulk_create(
        [
            event.line_quantities.model(event=event, line=line, quantity=line.quantity)
            for line in order.lines.all()
        ]
    )
    return event


def _record_shipment(order, courier, tracking_number, user):
    event = _shipping_event(order, SHIPPED_EVENT, f"{courier} {tracking_number}")
    return OrderShipment.objects.create(
        shipping_event=event,
        order=order,
        courier=courier,
        tracking_number=tracking_number,
        shipped_by=user if user is not None and user.is_authenticated else None,
    )


def _record_delivery(order, delivered_on, user):
    OrderDelivery.objects.update_or_create(
        order=order,
        defaults={
            "delivered_on": delivered_on,
            "recorded_by": user if user is not None and user.is_authenticated else None,
        },
    )
    _shipping_event(order, DELIVERED_EVENT, delivered_on.isoformat())


def _record_return(order, reason, note):
    """The goods came back: Oscar's "returned" shipping event (its dashboard shows it) and
    the reason in the status record's staff note. Returns that note."""
    _shipping_event(order, RETURNED_EVENT, reason)
    text = _("Returned to the store: %(reason)s") % {"reason": reason}
    return f"{text}\n{note}" if note else text


def _owe_what_was_paid(order, reason, user):
    """All the money held for a cancelled order is owed back: what was received, less
    what was refunded or is owed already (a lower price's overpayment). Returns the
    whole amount owed (the e-mail's refund; 0 when nothing was received)."""
    held = payments.amount_paid(order)
    owed = payments.refund_owed_total(order)
    if held - owed > 0:
        payments.owe_refund(
            order,
            held - owed,
            reason or _("order %(number)s cancelled") % {"number": order.number},
            user=user,
        )
    return max(held, owed)


# --- named moves (the same route) ------------------------------------------------------


def ready_for_pickup(order, user=None, note="", shopper_note=""):
    """A showroom-pickup order is set aside at the showroom: ``in-shipment`` without a
    courier; the shopper is e-mailed the address, hours and the pickup deadline."""
    return change_order_status(order, IN_SHIPMENT, user=user, note=note, shopper_note=shopper_note)


def ship_order(order, courier, tracking_number, user=None, note="", shopper_note=""):
    """Hand the order to the courier: ``in-shipment`` with courier and tracking number."""
    return change_order_status(
        order,
        IN_SHIPMENT,
        user=user,
        note=note,
        shopper_note=shopper_note,
        courier=courier,
        tracking_number=tracking_number,
    )


def mark_delivered(order, delivered_on=None, user=None, note="", shopper_note=""):
    """``delivered`` on ``delivered_on`` (store date, default today; the warranty starts)."""
    return change_order_status(
        order, DELIVERED, user=user, note=note, shopper_note=shopper_note, delivered_on=delivered_on
    )


def return_to_store(order, reason, user=None, resend=True, note="", shopper_note=""):
    """A shipped order came back (refused at the door, returned to sender): to
    ``processing`` to be sent again (``resend``), else ``cancelled``; stock restored."""
    return change_order_status(
        order,
        PROCESSING if resend else CANCELLED,
        user=user,
        note=note,
        shopper_note=shopper_note,
        return_reason=reason,
    )


def release_hold(order, user=None, note="", shopper_note=""):
    """Return an order on hold to where it came from."""
    origin = hold_origin(order)
    if origin is None:
        raise IllegalStatusTransition(order.number, order.status, "")
    return change_order_status(order, origin, user=user, note=note, shopper_note=shopper_note)


def cancel_at_shoppers_request(order, user=None):
    """The shopper cancels ``order``: only while nothing was paid (``payments.amount_paid``
    is zero) and nothing shipped (``SHOPPER_MAY_CANCEL``), else ``OrderNotCancellable``.

    Checked under the order's row lock, so a payment recorded at the same moment either
    comes first (refused) or after (the payment finds the order cancelled). The status
    route releases the stock and e-mails the shopper; nothing was paid, so it promises no
    refund.
    """
    with transaction.atomic():
        locked = Order._default_manager.select_for_update().get(pk=order.pk)
        if locked.status not in SHOPPER_MAY_CANCEL or payments.amount_paid(locked) > 0:
            raise OrderNotCancellable()
        return cancel_order(
            locked,
            user=user,
            note=_("The shopper cancelled the order."),
            shopper_note=_("Cancelled at your request."),
        )


def cancel_order(order, user=None, note="", shopper_note="", email_context=None):
    """Cancel ``order``; what was paid is owed back (the e-mail says how much)."""
    return change_order_status(
        order,
        CANCELLED,
        user=user,
        note=note or _("Cancelled by the store."),
        shopper_note=shopper_note,
        email_context=email_context,
    )
