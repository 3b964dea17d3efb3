"""Repair quotes: lines staff add, the quote sent to the shopper, their decision."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contex_oscar.money import format_rupiah
from contex_oscar.service_center import notifications, statuses
from contex_oscar.service_center.exceptions import IllegalTicketTransition, ServiceCenterError
from contex_oscar.service_center.models import (
    Quote,
    QuoteLine,
    TicketEvent,
)
from contex_oscar.service_center.tickets import (
    _lock,
    _sync,
    change_ticket_status,
    quotes_allowed,
)


def add_quote_line(ticket, kind, description, quantity, unit_price, user=None):
    """Add a parts or labour line to the ticket's draft quote (created on first use)."""
    if not quotes_allowed(ticket):
        raise ServiceCenterError(
            "quote_not_allowed", _("This kind of request has no repair quote."), status=409
        )
    if ticket.is_final or ticket.status == statuses.AWAITING_APPROVAL:
        raise ServiceCenterError("quote_locked", _("The quote cannot be changed now."), status=409)
    try:
        unit_price = Decimal(unit_price)
    except (InvalidOperation, TypeError, ValueError):
        unit_price = Decimal("-1")
    if (
        kind not in QuoteLine.KINDS
        or not description
        or not 1 <= quantity <= 999
        or not unit_price.is_finite()
        or unit_price < 0
        or unit_price != unit_price.to_integral_value()
        or unit_price >= Decimal("1e12")
    ):
        raise ServiceCenterError(
            "invalid_quote_line",
            _("A quote line needs a kind, a description, a quantity and a whole-rupiah price."),
        )
    with transaction.atomic():
        _lock(ticket)
        quote = ticket.quotes.filter(status=Quote.DRAFT).order_by("-id").first()
        if quote is None:
            quote = Quote.objects.create(ticket=ticket, status=Quote.DRAFT, created_by=user)
        return QuoteLine.objects.create(
            quote=quote,
            kind=kind,
            description=description,
            quantity=quantity,
            unit_price=Decimal(unit_price).quantize(Decimal("1")),
        )


def remove_quote_line(ticket, line_id):
    deleted, _rows = QuoteLine.objects.filter(
        pk=line_id, quote__ticket=ticket, quote__status=Quote.DRAFT
    ).delete()
    return bool(deleted)


def send_quote(ticket, user=None):
    """Send the draft quote to the shopper; the ticket waits for their approval."""
    with transaction.atomic():
        locked = _lock(ticket)
        quote = locked.quotes.filter(status=Quote.DRAFT).order_by("-id").first()
        if quote is None or not quote.lines.exists():
            raise ServiceCenterError(
                "quote_empty", _("Add at least one line before sending the quote."), status=409
            )
        if not statuses.is_allowed(locked.flow, locked.status, statuses.AWAITING_APPROVAL):
            raise IllegalTicketTransition(locked, locked.status, statuses.AWAITING_APPROVAL)
        quote.status = Quote.SENT
        quote.sent_at = timezone.now()
        quote.save(update_fields=["status", "sent_at"])
        change_ticket_status(
            locked,
            statuses.AWAITING_APPROVAL,
            user=user,
            shopper_note=str(_("Repair quote: %(total)s. Please approve or decline."))
            % {"total": format_rupiah(quote.total)},
            send_email=False,
            event_kind=TicketEvent.QUOTE_SENT,
            _by_quote=True,
        )
        notifications.ticket_email(
            locked,
            notifications.EMAIL_QUOTE_SENT,
            f"service-quote:{quote.pk}:sent",
            {"quote": quote},
        )
    _sync(ticket, locked)
    return quote


APPROVE = "approve"
DECLINE = "decline"


def decide_quote(ticket, decision, user=None, note=""):
    """The shopper's answer (or staff recording a decline); the ticket moves as the flow
    table says."""
    if decision not in (APPROVE, DECLINE):
        raise ServiceCenterError("invalid_decision", _("Answer approve or decline."), "decision")
    with transaction.atomic():
        locked = _lock(ticket)
        quote = locked.quotes.filter(status=Quote.SENT).order_by("-id").first()
        if quote is None or locked.status != statuses.AWAITING_APPROVAL:
            raise ServiceCenterError(
                "no_quote_pending", _("There is no quote waiting for a decision."), status=409
            )
        # staff answering for the shopper keep who approved and how: record_approval_by_phone
        staff = user is not None and user.is_staff and locked.user_id != user.pk
        if staff and decision == APPROVE:
            raise ServiceCenterError(
                "approval_by_phone_required",
                _("Record the shopper's approval with their name and how they gave it."),
                "decision",
                409,
            )
        _record_decision(
            locked,
            quote,
            decision,
            user,
            note,
            channel="" if staff else Quote.ONLINE,
            name="" if staff else locked.name,
        )
    _sync(ticket, locked)
    return quote


def record_approval_by_phone(ticket, approved_by, channel=Quote.BY_PHONE, user=None, note=""):
    """Staff record the shopper's approval given by phone (or WhatsApp, or in person): of the
    quote sent to them, or of the draft read out to them. Who approved, through which
    channel, which staff member recorded it and when are kept on the quote."""
    approved_by = (approved_by or "").strip()
    if not approved_by:
        raise ServiceCenterError(
            "approver_required", _("Give the name of the person who approved."), "approved_by"
        )
    if channel not in Quote.RECORDED_BY_STAFF:
        raise ServiceCenterError(
            "invalid_channel", _("Choose how the shopper approved."), "channel"
        )
    with transaction.atomic():
        locked = _lock(ticket)
        quote = locked.quotes.filter(status__in=(Quote.DRAFT, Quote.SENT)).order_by("-id").first()
        if quote is None or not quote.lines.exists():
            raise ServiceCenterError(
                "quote_empty", _("Add at least one line before sending the quote."), status=409
            )
        next_status = statuses.QUOTE_DECISION_NEXT[locked.flow][APPROVE]
        waiting = quote.status == Quote.SENT and locked.status == statuses.AWAITING_APPROVAL
        if not waiting and not statuses.is_allowed(locked.flow, locked.status, next_status):
            raise IllegalTicketTransition(locked, locked.status, next_status)
        _record_decision(locked, quote, APPROVE, user, note, channel=channel, name=approved_by)
    _sync(ticket, locked)
    return quote


def _record_decision(locked, quote, decision, user, note, channel, name):
    quote.status = Quote.APPROVED if decision == APPROVE else Quote.DECLINED
    quote.decided_at = timezone.now()
    quote.decision_note = note
    quote.decision_channel = channel
    quote.decided_by_name = name
    quote.recorded_by = user if user is not None and user.is_staff else None
    quote.save(
        update_fields=[
            "status",
            "decided_at",
            "decision_note",
            "decision_channel",
            "decided_by_name",
            "recorded_by",
        ]
    )
    # the shopper's own words are theirs to see; what staff write stays internal
    internal, shown = ("", note) if quote.recorded_by is None else (note, "")
    if channel in Quote.RECORDED_BY_STAFF:
        shown = str(_("Quote approved by %(name)s (%(channel)s).")) % {
            "name": name,
            "channel": Quote.DECISION_CHANNELS[channel],
        }
    change_ticket_status(
        locked,
        statuses.QUOTE_DECISION_NEXT[locked.flow][decision],
        user=user,
        note=internal,
        shopper_note=shown,
        event_kind=(
            TicketEvent.QUOTE_APPROVED if decision == APPROVE else TicketEvent.QUOTE_DECLINED
        ),
        _by_quote=True,
    )
