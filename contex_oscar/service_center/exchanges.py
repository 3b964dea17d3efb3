"""A dead-on-arrival claim becomes an exchange: three moves, each one changing the stock.

1. ``reserve_replacement``: a new unit is allocated (Oscar's ``num_allocated``) from the stock
   record the unit was sold from, under that record's row lock, so two exchanges cannot
   both take the last unit; refused with ``replacement_out_of_stock`` when none is left.
2. ``record_defective_return``: the defective unit is back in the store's hands. It is held
   as defective stock (the ``Exchange`` row), never added to ``num_in_stock``: not sellable.
3. ``send_replacement``: the new unit leaves; its allocation is consumed like a shipped order's.

Before the defective unit is back, ``release_replacement`` calls the exchange off (the claim
does not qualify after all): the reserved unit goes back to stock and the ticket back to
"diagnosing", where the technician decides on a repair instead.

Only tickets whose warranty outcome opens the exchange branch (``warranty.DOA_EXCHANGE``)
take these moves; ``tickets.change_ticket_status`` refuses them to anyone else.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contex_oscar.order.stock import lock_available_stockrecord
from contex_oscar.service_center import statuses, tickets
from contex_oscar.service_center.exceptions import IllegalTicketTransition, ServiceCenterError
from contex_oscar.service_center.models import Exchange, ServiceTicket


def _locked_exchange_ticket(ticket, new_status):
    """The ticket row locked, checked to be on the exchange branch with ``new_status`` next."""
    locked = ServiceTicket.objects.select_for_update().get(pk=ticket.pk)
    if locked.branch != statuses.EXCHANGE:
        raise ServiceCenterError(
            "exchange_not_allowed",
            _("Only a dead-on-arrival warranty claim is exchanged for a new unit."),
            status=409,
        )
    if new_status not in locked.next_statuses():
        raise IllegalTicketTransition(locked, locked.status, new_status)
    return locked


def _move(ticket, new_status, user, note, shopper_note):
    return tickets.change_ticket_status(
        ticket, new_status, user=user, note=note, shopper_note=shopper_note, _by_exchange=True
    )


def _replacement_product(ticket):
    line = ticket.order_line
    if line is not None and line.product_id:
        return line.product, line.stockrecord
    return ticket.product, None


def reserve_replacement(ticket, user=None, note=""):
    """Set a new unit aside for the exchange; the ticket becomes "replacement reserved"."""
    with transaction.atomic():
        locked = _locked_exchange_ticket(ticket, statuses.EXCHANGE_RESERVED)
        product, sold_from = _replacement_product(locked)
        record = lock_available_stockrecord(product, sold_from) if product else None
        if record is None:
            raise ServiceCenterError(
                "replacement_out_of_stock",
                _(
                    "No unit of this product is left in stock to exchange. Order stock, or "
                    "repair the unit under warranty instead."
                ),
                status=409,
            )
        record.allocate(1)
        Exchange.objects.create(ticket=locked, product=product, stockrecord=record)
        shopper_note = str(_("A new %(product)s has been reserved for your exchange.")) % {
            "product": product.get_title()
        }
        return _move(ticket, statuses.EXCHANGE_RESERVED, user, note, shopper_note)


def record_defective_return(ticket, user=None, serial_number="", note=""):
    """The defective unit is back with the store, kept as defective (not sellable) stock."""
    with transaction.atomic():
        locked = _locked_exchange_ticket(ticket, statuses.DEFECTIVE_RETURNED)
        exchange = locked.exchange
        exchange.defective_returned_at = timezone.now()
        exchange.defective_serial_number = (serial_number or locked.serial_number).strip()
        exchange.save(update_fields=["defective_returned_at", "defective_serial_number"])
        shopper_note = str(_("We have received the defective unit back."))
        return _move(ticket, statuses.DEFECTIVE_RETURNED, user, note, shopper_note)


def send_replacement(ticket, user=None, courier="", tracking="", note=""):
    """The new unit leaves the store (handed over, or with ``courier`` and ``tracking``)."""
    with transaction.atomic():
        locked = _locked_exchange_ticket(ticket, statuses.REPLACEMENT_SENT)
        exchange = locked.exchange
        record = (
            type(exchange.stockrecord).objects.select_for_update().get(pk=exchange.stockrecord_id)
        )
        record.consume_allocation(1)
        exchange.replacement_sent_at = timezone.now()
        exchange.save(update_fields=["replacement_sent_at"])
        shopper_note = str(_("Your new unit is on its way."))
        if tracking.strip():
            locked.outbound_courier, locked.outbound_tracking = courier.strip(), tracking.strip()
            locked.save(update_fields=["outbound_courier", "outbound_tracking", "updated_at"])
            ticket.outbound_courier, ticket.outbound_tracking = courier.strip(), tracking.strip()
            shopper_note = str(_("Your new unit is on its way: %(courier)s %(number)s.")) % {
                "courier": locked.outbound_courier,
                "number": locked.outbound_tracking,
            }
        return _move(ticket, statuses.REPLACEMENT_SENT, user, note, shopper_note)


def release_replacement(ticket, user=None, note=""):
    """Call the exchange off: the reserved unit back to stock, the ticket to "diagnosing"."""
    with transaction.atomic():
        locked = _locked_exchange_ticket(ticket, statuses.DIAGNOSING)
        if locked.status != statuses.EXCHANGE_RESERVED:
            raise IllegalTicketTransition(locked, locked.status, statuses.DIAGNOSING)
        exchange = locked.exchange
        record = (
            type(exchange.stockrecord).objects.select_for_update().get(pk=exchange.stockrecord_id)
        )
        record.cancel_allocation(1)
        exchange.delete()  # a later reservation starts afresh; the ticket's history keeps it
        shopper_note = str(_("The exchange is called off: a technician examines your unit again."))
        return _move(ticket, statuses.DIAGNOSING, user, note, shopper_note)
