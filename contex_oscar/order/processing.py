"""Oscar's ``EventHandler`` for the store: ``get_class("order.processing", "EventHandler")``
returns this class (``contex_oscar.loading``).

Oscar's dashboard changes an order's status and records shipping and payment events
through the event handler. The store's handler sends each of them down the store's one
route for that rule, so Oscar's pages, the store's pages, the API and commands obey the
same rules:

- a status change goes through ``order.services.change_order_status`` (the transition
  table, the on-hold rule, courier and tracking number for ``in-shipment``, a recorded
  payment for ``payment-received``, refunds on cancel, the timeline, stock, e-mails);
- the store's own shipping events (Shipped, Delivered, Returned to the store) are written
  by that route only;
- a "paid" payment event is the money staff record (``payment.review.record_payment``:
  the amount is checked against the amount due), a "refund" event a recorded refund.

It subclasses the class Oscar would load, so a site's forked ``order`` app still applies.
"""

from django.utils.translation import gettext as _
from oscar.apps.order.exceptions import InvalidShippingEvent
from oscar.core.loading import default_class_loader

from contex_oscar.order import services, statuses
from contex_oscar.payment import review
from contex_oscar.payment import services as payments

(BaseEventHandler,) = default_class_loader("order.processing", ["EventHandler"], "oscar.apps")


def _is(event_type, code_and_name):
    code, name = code_and_name
    return event_type.code == code or event_type.name == name


class EventHandler(BaseEventHandler):
    def handle_order_status_change(self, order, new_status, note_msg=None, **details):
        """The store's status route; ``details``: ``note``, ``shopper_note``, ``courier``,
        ``tracking_number``, ``delivered_on``, ``return_reason``, ``serial_numbers`` (see
        ``change_order_status``),
        ``amount_received`` (a showroom pickup paid on collection)."""
        note = details.pop("note", None) or note_msg or ""
        amount_received = details.pop("amount_received", None)
        if new_status == statuses.DELIVERED and amount_received:
            # a showroom pickup paid on collection: the cash first, with its amount check
            review.hand_over_at_showroom(
                order,
                amount_received,
                user=self.user,
                note=note,
                shopper_note=details.get("shopper_note", ""),
                picked_up_on=details.get("delivered_on"),
                serial_numbers=details.get("serial_numbers"),
            )
        else:
            services.change_order_status(order, new_status, user=self.user, note=note, **details)
        if note_msg:  # Oscar's own system note, as its handler writes it
            self.create_note(order, note_msg)

    def handle_shipping_event(self, order, event_type, lines, line_quantities, **kwargs):
        if event_type.code in services.STORE_SHIPPING_EVENTS:
            raise InvalidShippingEvent(
                _(
                    "the store records this event itself: change the order's status to "
                    "'In shipment' with the courier and tracking number (resi), or to "
                    "'Delivered' with the delivery date."
                )
            )
        return super().handle_shipping_event(order, event_type, lines, line_quantities, **kwargs)

    def handle_payment_event(
        self, order, event_type, amount, lines=None, line_quantities=None, **kwargs
    ):
        reference = kwargs.get("reference") or ""
        if _is(event_type, payments.PAID_EVENT):
            return review.record_payment(
                order,
                amount,
                user=self.user,
                reference=reference,
                accept_mismatch=kwargs.get("accept_mismatch", False),
            )
        if _is(event_type, payments.REFUND_EVENT):
            return review.record_refund(order, amount, reference=reference, user=self.user)
        return super().handle_payment_event(
            order, event_type, amount, lines, line_quantities, **kwargs
        )
