"""The service center's e-mails to the shopper (Oscar communication event types)."""

from contex_oscar.emails import send_store_email
from contex_oscar.service_center import kinds, statuses
from contex_oscar.store_values import store_settings, support_sender

EMAIL_TICKET_CREATED = "SERVICE_TICKET_CREATED"
EMAIL_TICKET_STATUS = "SERVICE_TICKET_STATUS"
EMAIL_QUOTE_SENT = "SERVICE_QUOTE_SENT"
EMAIL_APPOINTMENT = "SERVICE_APPOINTMENT_SCHEDULED"


def ticket_context(ticket, extra=None):
    """What every ticket e-mail's template reads (the dashboard's preview renders it too)."""
    return {
        "ticket": ticket,
        "kind_label": kinds.label_for(ticket.kind),
        "status_label": statuses.label_for(ticket.status),
        "store": store_settings(),
        **(extra or {}),
    }


def ticket_email(ticket, code, key, extra=None):
    context = ticket_context(ticket, extra)
    # the shopper answers a ticket e-mail to the support desk
    return send_store_email(
        code, ticket.email, context, key=key, sender=support_sender(context["store"])
    )
