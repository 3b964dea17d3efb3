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

from contex_oscar.order.exceptions import IllegalStatusTransition
from contex_oscar.order.statuses import STATUSES, is_allowed

Order = get_model("order", "Order")

# Who is changing statuses right now and why; read by the receivers. A context
# variable so that concurrent requests (threads or async tasks) never mix.
_change_context = contextvars.ContextVar("contex_status_change", default=None)


@contextmanager
def status_change_context(user=None, note="", shopper_note=""):
    token = _change_context.set({"user": user, "note": note, "shopper_note": shopper_note})
    try:
        yield
    finally:
        _change_context.reset(token)


def current_change_context():
    return _change_context.get() or {}


def change_order_status(order, new_status, user=None, note="", shopper_note=""):
    """Move ``order`` to ``new_status`` or raise ``IllegalStatusTransition``.

    Locks the order row so two staff members cannot both move it from the same
    status. Returns the order as saved.
    """
    if new_status not in STATUSES:
        raise IllegalStatusTransition(order.number, order.status, new_status)
    with transaction.atomic():
        locked = Order._default_manager.select_for_update().get(pk=order.pk)
        if not is_allowed(locked.status, new_status):
            raise IllegalStatusTransition(locked.number, locked.status, new_status)
        with status_change_context(user=user, note=note, shopper_note=shopper_note):
            locked.set_status(new_status)
    order.status = locked.status
    return locked


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
    """
    from contex_oscar.order.models import OrderStatusRecord
    from contex_oscar.order.statuses import DELIVERED
    from contex_oscar.workdays import store_timezone

    record = (
        OrderStatusRecord.objects.filter(order=order, new_status=DELIVERED)
        .order_by("-created_at")
        .first()
    )
    return record.created_at.astimezone(store_timezone()).date() if record else None
