"""Oscar's e-mail editor (``/dashboard/comms/``) for the store's e-mails.

The store's texts live in template files (``oscar/communication/emails/commtype_<code>_*``),
and that stays the single source of truth: an event type's fields hold only what staff
changed. The form therefore *shows* the file's text where a field is empty, and a text
saved unchanged is stored empty again, so a file updated with the package keeps reaching
shoppers until staff really rewrite that e-mail. (Copying the files into the rows would
freeze every text at the day of the copy and leave two versions to drift apart.)

Each event type is about a ticket, an order or an account (``EMAIL_KINDS``): the variable
help lists that kind's variables and the preview renders a sample of that kind through
the context the real e-mail gets (``notifications.ticket_context``,
``order.notifications.status_email_context``, ``emails.email_context``).
"""

from dataclasses import dataclass

from django import forms
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import default_class_loader, get_model

from contex_oscar.conf import contex_settings
from contex_oscar.order.models import OrderStatusRecord
from contex_oscar.order.notifications import status_email_context
from contex_oscar.service_center.models import ServiceTicket
from contex_oscar.service_center.notifications import ticket_context
from contex_oscar.service_center.numbers import normalize_ticket_number

(OscarCommunicationEventTypeForm,) = default_class_loader(
    "dashboard.communications.forms", ["CommunicationEventTypeForm"], "oscar.apps"
)
CommunicationEventType = get_model("communication", "CommunicationEventType")
Order = get_model("order", "Order")

#: the form field -> the model's file-name pattern for it
TEMPLATE_FIELDS = {
    "email_subject_template": "email_subject_template_file",
    "email_body_template": "email_body_template_file",
    "email_body_html_template": "email_body_html_template_file",
}


def _ticket_sample(number):
    tickets = ServiceTicket.objects.select_related("appointment")
    ticket = (
        tickets.filter(number=normalize_ticket_number(number)).first()
        if number
        else tickets.order_by("-created_at", "-id").first()
    )
    if ticket is None:
        return None, ""
    event = ticket.events.filter(public=True).order_by("-created_at", "-id").first()
    extra = {"event": event, "appointment": getattr(ticket, "appointment", None)}
    quote = ticket.quotes.exclude(status="draft").first()
    if quote is not None:
        extra["quote"] = quote
    return ticket_context(ticket, extra), ticket.email


def _order_sample(number):
    order = (
        Order.objects.filter(number=number).first()
        if number
        else Order.objects.order_by("-date_placed", "-id").first()
    )
    if order is None:
        return None, ""
    record = OrderStatusRecord.objects.filter(order=order).order_by("-created_at", "-id").first()
    if record is not None:
        return status_email_context(order, record), order.email
    return {"order": order, "store_timezone": contex_settings.CONTEX_STORE_TIMEZONE}, order.email


def _account_sample(number, user=None):
    return {"user": user}, getattr(user, "email", "")


@dataclass(frozen=True)
class EmailKind:
    code: str
    sample_label: str  # the preview's number field ("" : the signed-in staff member)
    not_found: str
    variables: tuple  # (variable, what it holds)
    sample: object  # (number, user) -> (context or None, recipient)


STORE_VARIABLES = (
    ("store.name", _("The store's name (store settings)")),
    ("store.call_center_phone", _("The call center's phone number")),
    ("store.support_email", _("The support e-mail address")),
)

EMAIL_KINDS = {
    k.code: k
    for k in (
        EmailKind(
            "ticket",
            _("Preview with ticket number (empty: the latest ticket)"),
            _("No ticket found with this number"),
            (
                ("ticket.number", _("Ticket number")),
                ("ticket.name", _("The shopper's name")),
                ("kind_label", _("The kind of request")),
                ("status_label", _("The ticket's status")),
                ("ticket.get_warranty_outcome_display", _("The warranty outcome")),
                ("event.shopper_note", _("The note for the shopper of the latest change")),
                ("appointment.scheduled_at", _("The visit or pickup time")),
                ("quote.total", _("The repair quote's total")),
                ("store.store_name", _("The store's name (store settings)")),
                ("store.call_center_phone", _("The call center's phone number")),
            ),
            lambda number, user: _ticket_sample(number),
        ),
        EmailKind(
            "order",
            _("Preview with order number (empty: the latest order)"),
            _("No order found with this number"),
            (
                ("order.number", _("Order number")),
                ("order.total_incl_tax", _("The order total")),
                ("status_label", _("The order's status")),
                ("shopper_note", _("The note for the shopper of the latest change")),
                ("tracking_url", _("The link to track the order")),
                *STORE_VARIABLES,
            ),
            lambda number, user: _order_sample(number),
        ),
        EmailKind(
            "account",
            "",
            "",
            (
                ("user.first_name", _("The shopper's first name")),
                ("user.email", _("The shopper's e-mail address")),
                *STORE_VARIABLES,
            ),
            lambda number, user: _account_sample(number, user),
        ),
    )
}


def kind_of(commtype):
    """Which kind an event type is about: the service center's codes start ``SERVICE_``."""
    if (commtype.code or "").startswith("SERVICE_"):
        return EMAIL_KINDS["ticket"]
    if commtype.is_user_related():
        return EMAIL_KINDS["account"]
    return EMAIL_KINDS["order"]


def file_text(commtype, field):
    """The text of the template file ``field`` falls back to ("" when there is none)."""
    name = getattr(commtype, TEMPLATE_FIELDS[field]) % (commtype.code or "").lower()
    try:
        return get_template(name).template.source
    except TemplateDoesNotExist:
        return ""


def _same_text(a, b):
    return (a or "").replace("\r\n", "\n").strip() == (b or "").replace("\r\n", "\n").strip()


class CommunicationEventTypeForm(OscarCommunicationEventTypeForm):
    """Shows the text being sent, needs no HTML body, previews a sample of its kind."""

    preview_number = forms.CharField(required=False, max_length=40)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.kind = kind_of(self.instance)
        self.sample_context, self.sample_recipient = {}, ""
        self.fields["email_body_html_template"].required = False
        # the number of a sample of this kind replaces Oscar's order-only field
        del self.fields["preview_order_number"]
        self.fields["preview_number"].label = self.kind.sample_label
        for name in TEMPLATE_FIELDS:
            if not getattr(self.instance, name):
                self.initial[name] = file_text(self.instance, name)

    def clean_preview_number(self):
        number = self.cleaned_data["preview_number"].strip()
        if not (self.show_preview or self.send_preview):
            return number
        context, recipient = self.kind.sample(number, self.user)
        if context is None:
            if number:
                raise forms.ValidationError(self.kind.not_found)
            context = {}
        self.sample_context, self.sample_recipient = context, recipient
        return number

    def clean(self):
        cleaned = super().clean()
        for name in TEMPLATE_FIELDS:
            # the file's own text: keep following the file (see the module)
            if name in cleaned and _same_text(cleaned[name], file_text(self.instance, name)):
                cleaned[name] = None
        return cleaned

    def get_preview_context(self):
        return dict(self.sample_context)
