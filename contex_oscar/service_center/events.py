"""The service desk's webhook event (``contex_oscar.webhooks``): a ticket's status moved.

Called by ``tickets.change_ticket_status``, the one route of a ticket's status (the quote
functions take it too), in its transaction.
"""

from contex_oscar import webhooks
from contex_oscar.service_center.statuses import label_for


def ticket_status_changed(ticket, event):
    data = {
        "ticket": {
            "number": ticket.number,
            "kind": ticket.kind,
            "status": ticket.status,
            "status_label": str(label_for(ticket.status)),
            "email": ticket.email,
            "order_number": ticket.order.number if ticket.order_id else None,
        },
        "old_status": event.old_status,
        "new_status": event.new_status,
        "changed_at": event.created_at.isoformat(),
        "shopper_note": event.shopper_note,
    }
    return webhooks.emit(webhooks.TICKET_STATUS_CHANGED, data, related=ticket)
