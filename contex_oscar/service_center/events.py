"""The service desk's webhook events (``contex_oscar.webhooks``): a ticket was opened
(``tickets.create_ticket``) or its status moved (``tickets.change_ticket_status``, the one
route of a ticket's status, the quote functions' too), each in its transaction.
"""

from contex_oscar import webhooks
from contex_oscar.service_center.statuses import label_for


def ticket_data(ticket):
    return {
        "number": ticket.number,
        "kind": ticket.kind,
        "status": ticket.status,
        "status_label": str(label_for(ticket.status)),
        "email": ticket.email,
        "order_number": ticket.order.number if ticket.order_id else None,
    }


def ticket_opened(ticket):
    data = {"ticket": ticket_data(ticket), "opened_at": ticket.created_at.isoformat()}
    return webhooks.emit(webhooks.TICKET_OPENED, data, related=ticket)


def ticket_status_changed(ticket, event):
    data = {
        "ticket": ticket_data(ticket),
        "old_status": event.old_status,
        "new_status": event.new_status,
        "changed_at": event.created_at.isoformat(),
        "shopper_note": event.shopper_note,
    }
    return webhooks.emit(webhooks.TICKET_STATUS_CHANGED, data, related=ticket)
