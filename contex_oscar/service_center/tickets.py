"""Service tickets: finding one, opening one, and every change to it.

Every change to a ticket goes through a function here (quotes: ``quotes``; files:
``attachments``): it locks the ticket row, checks the move against the flow table,
writes the timeline and queues the shopper's e-mail (sent after commit, once per event).
"""

import datetime
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from contex_oscar import workdays
from contex_oscar.order.access import emails_match
from contex_oscar.service_center import (
    events,
    kinds,
    logistics,
    notifications,
    statuses,
    warranty,
)
from contex_oscar.service_center.appointments import (
    appointment_purpose,
    check_schedule,
    plan_appointment,
)
from contex_oscar.service_center.attachments import store_attachment
from contex_oscar.service_center.exceptions import (
    IllegalTicketTransition,
    OpenClaimExists,
    ServiceCenterError,
)
from contex_oscar.service_center.models import (
    Appointment,
    Quote,
    ServiceTicket,
    TicketAttachment,
    TicketEvent,
)
from contex_oscar.service_center.numbers import new_ticket_number, normalize_ticket_number
from contex_oscar.service_center.purchases import Purchase, check_warranty
from contex_oscar.store_values import store_settings

Order = get_model("order", "Order")
OrderLine = get_model("order", "Line")

NUMBER_ATTEMPTS = 10


# --- identity: who may see a ticket (an order: ``contex_oscar.order.access``) ----------


def find_ticket(number, email="", user=None, queryset=None):
    """The ticket if ``user`` is staff or its owner, or ``email`` is its e-mail; else None.

    A wrong number and a wrong e-mail take the same path and give the same None.
    """
    queryset = queryset if queryset is not None else ServiceTicket.objects.all()
    normalized = normalize_ticket_number(number)
    ticket = queryset.filter(number=normalized).first() if normalized else None
    if ticket is None:
        emails_match(email, "")  # the same work for a wrong number
        return None
    if user is not None and user.is_authenticated:
        if user.is_staff or ticket.user_id == user.pk:
            return ticket
    return ticket if emails_match(email, ticket.email) else None


# --- purchases and warranty ------------------------------------------------------
# --- tickets -----------------------------------------------------------------


def request_fingerprint(data):
    """A stable digest of a request, to tell a retry from a different request."""

    def plain(value):
        if hasattr(value, "pk"):
            return value.pk
        if isinstance(value, Purchase):
            return [value.source, getattr(value.order, "pk", None), getattr(value.line, "pk", None)]
        if isinstance(value, datetime.date | datetime.time):
            return value.isoformat()
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value if isinstance(value, str | int | float | bool | type(None)) else str(value)

    body = json.dumps({k: plain(v) for k, v in sorted(data.items())}, sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


def _replay(email, key, fingerprint):
    existing = ServiceTicket.objects.filter(email=email, idempotency_key=key).first()
    if existing is not None and existing.request_fingerprint != fingerprint:
        raise ServiceCenterError(
            "idempotency_key_reused",
            _("This Idempotency-Key was already used for a different request."),
            status=409,
        )
    return existing


def _insert_with_unique_number(ticket):
    """Save ``ticket`` under a fresh random number; on a clash draw again.

    Returns ``(ticket, True)``, or ``(first_ticket, False)`` when a concurrent
    request with the same idempotency key won the race.
    """
    for _attempt in range(NUMBER_ATTEMPTS):
        ticket.number = new_ticket_number()
        try:
            with transaction.atomic():
                ticket.save(force_insert=True)
            return ticket, True
        except IntegrityError:
            ticket.pk = None
            if ticket.idempotency_key:
                existing = _replay(ticket.email, ticket.idempotency_key, ticket.request_fingerprint)
                if existing is not None:
                    return existing, False
            if not ServiceTicket.objects.filter(number=ticket.number).exists():
                raise
    raise ServiceCenterError(
        "ticket_number_unavailable", _("Please try again."), status=503
    )  # pragma: no cover - 10 clashes in a row among 8.5e11 numbers


TICKET_FIELDS = (
    "kind",
    "channel",
    "name",
    "email",
    "phone",
    "product",
    "brand",
    "model_name",
    "serial_number",
    "units",
    "fault_description",
    "hardware_defect",
    "box_complete",
    "address",
    "city",
    "postcode",
    "consultation_via",
    "condition",
    "trade_in_for",
)


def create_ticket(data, user=None, idempotency_key="", attachments=(), now=None):
    """Open a ticket from validated request ``data``; returns ``(ticket, created)``.

    ``data`` holds ``TICKET_FIELDS`` plus ``purchase`` (a ``Purchase`` or None),
    ``preferred_date`` and ``visit_window``. ``attachments`` is a list of
    ``(kind, uploaded_file, content_type)`` already checked by
    ``contex_oscar.uploads.validate_upload``. With an ``idempotency_key`` a
    repeated request returns the first ticket instead of opening another.
    """
    now = now or timezone.now()
    today = workdays.store_today(now)
    kind, channel = data["kind"], data["channel"]
    fingerprint = ""
    if idempotency_key:
        fingerprint = request_fingerprint(
            {**data, "attachments": [(k, f.name, f.size) for k, f, _ in attachments]}
        )
        existing = _replay(data["email"], idempotency_key, fingerprint)
        if existing is not None:
            return existing, False

    settings = store_settings()
    purpose = appointment_purpose(kind, channel, data.get("consultation_via", ""))
    plan = None
    if purpose:
        plan = plan_appointment(
            purpose, now, data.get("preferred_date"), data.get("visit_window", ""), settings
        )

    ticket = ServiceTicket(
        user=user if user is not None and user.is_authenticated else None,
        flow=kinds.flow_for(kind, channel),
        idempotency_key=idempotency_key or "",
        request_fingerprint=fingerprint,
        **{name: data[name] for name in TICKET_FIELDS if data.get(name) is not None},
    )
    purchase = data.get("purchase")
    if purchase is not None:
        ticket.purchase_source = purchase.source
        ticket.order = purchase.order
        ticket.order_line = purchase.line
        ticket.purchase_date = purchase.received_on or purchase.purchase_date
        if purchase.sold_unit is not None:  # the ticket is about this very unit
            ticket.sold_unit = purchase.sold_unit
            ticket.serial_number = purchase.sold_unit.serial_number
        if ticket.product_id is None and purchase.product is not None:
            ticket.product = purchase.product
    if kinds.KINDS[kind].evaluates_warranty and purchase is not None:
        _facts, result = check_warranty(
            purchase, data.get("hardware_defect"), data.get("box_complete"), today
        )
        ticket.warranty_outcome = result.code
        ticket.warranty_reason = result.reason
        ticket.warranty_until = result.store_warranty_until
    if channel == kinds.SHIP_IN:
        bought_here = None if purchase is None else purchase.source == kinds.THIS_STORE
        answer = logistics.return_shipping(
            purchase.received_on if bought_here else None, today, bought_here=bought_here
        )
        ticket.return_shipping_payer = answer.payer
        ticket.return_shipping_reason = answer.reason
        ticket.free_return_until = answer.free_until
    if channel == kinds.PICKUP:
        ticket.pickup_fee = settings.pickup_fee or 0

    saved_files = []
    try:
        with transaction.atomic():
            if kinds.KINDS[kind].evaluates_warranty and ticket.order_line_id:
                _refuse_a_second_open_claim(ticket)
            ticket, created = _insert_with_unique_number(ticket)
            if not created:
                return ticket, False
            if plan is not None:
                Appointment.objects.create(
                    ticket=ticket,
                    purpose=plan.purpose,
                    requested_at=plan.requested_at,
                    counts_from=plan.counts_from,
                    preferred_date=plan.preferred_date,
                    window=plan.window,
                    due_on=plan.due_on,
                    latest_on=plan.latest_on,
                    surcharge=plan.surcharge,
                )
            TicketEvent.objects.create(
                ticket=ticket,
                kind=TicketEvent.STATUS,
                new_status=statuses.SUBMITTED,
                by=ticket.user,
            )
            for attachment_kind, upload, content_type in attachments:
                attachment = store_attachment(ticket, attachment_kind, upload, content_type, user)
                saved_files.append(attachment.file.name)
            events.ticket_opened(ticket)
    except BaseException:
        for name in saved_files:  # the rows are rolled back; don't keep their files
            TicketAttachment.file.field.storage.delete(name)
        raise
    notifications.ticket_email(
        ticket, notifications.EMAIL_TICKET_CREATED, f"service-ticket:{ticket.pk}:created"
    )
    return ticket, True


def _refuse_a_second_open_claim(ticket):
    """One open warranty claim per unit: the same order line (of one unit, or the same serial
    number when the line has several). The line's row lock queues two claims sent at once."""
    line = OrderLine.objects.select_for_update().get(pk=ticket.order_line_id)
    claims = ServiceTicket.objects.open().filter(
        order_line=line, kind__in=[k.code for k in kinds.KINDS.values() if k.evaluates_warranty]
    )
    if line.quantity > 1:
        claims = claims.filter(serial_number__iexact=ticket.serial_number.strip())
    open_claim = claims.order_by("created_at").first()
    if open_claim is not None:
        raise OpenClaimExists(open_claim.number)


def _lock(ticket):
    return ServiceTicket.objects.select_for_update().get(pk=ticket.pk)


def _sync(ticket, locked):
    for field in ("status", "technician_id", "updated_at"):
        setattr(ticket, field, getattr(locked, field))


def quotes_allowed(ticket):
    return not kinds.KINDS[ticket.kind].free and ticket.flow in statuses.QUOTE_DECISION_NEXT


def needs_approved_quote(ticket):
    """Paid work: a kind with quotes, unless the warranty answer made the repair free."""
    outcome = warranty.OUTCOMES.get(ticket.warranty_outcome)
    return quotes_allowed(ticket) and not (outcome is not None and outcome.free_of_charge)


def _has_approved_quote(ticket):
    """The shopper's latest answer (online, or by phone recorded by staff) approved."""
    decided = (
        ticket.quotes.exclude(status__in=(Quote.DRAFT, Quote.WITHDRAWN)).order_by("-id").first()
    )
    return decided is not None and decided.status == Quote.APPROVED


def change_ticket_status(
    ticket,
    new_status,
    user=None,
    note="",
    shopper_note="",
    send_email=True,
    event_kind=TicketEvent.STATUS,
    _by_quote=False,
    _by_exchange=False,
):
    """Move ``ticket`` to ``new_status`` (checked against its flow), record it, tell the shopper.

    Moves into and out of "awaiting approval" belong to the quote functions
    (``send_quote``/``decide_quote``), so a quote is never skipped; paid work
    (``statuses.PAID_WORK_STATUSES``) starts only after an approved quote; moves of an
    exchange to the functions of ``exchanges``, which move the stock with them.
    """
    with transaction.atomic():
        locked = _lock(ticket)
        old = locked.status
        if not statuses.is_allowed(locked.flow, old, new_status, locked.branch):
            raise IllegalTicketTransition(locked, old, new_status)
        if not _by_exchange and statuses.is_exchange_move(old, new_status):
            raise ServiceCenterError(
                "exchange_action_required",
                _("Use the exchange actions: they reserve, take back and send the units."),
                "status",
                409,
            )
        if not _by_quote and statuses.AWAITING_APPROVAL in (old, new_status):
            if new_status == statuses.AWAITING_APPROVAL:
                raise ServiceCenterError(
                    "quote_required", _("Send a quote to ask for approval."), "status", 409
                )
            raise ServiceCenterError(
                "quote_decision_required",
                _("The quote waits for the shopper's decision."),
                "status",
                409,
            )
        if (
            new_status in statuses.PAID_WORK_STATUSES
            and needs_approved_quote(locked)
            and not _has_approved_quote(locked)
        ):
            raise ServiceCenterError(
                "quote_approval_required",
                _(
                    "Paid work starts only after the shopper approved the quote sent to them, "
                    "or staff recorded their approval by phone."
                ),
                "status",
                409,
            )
        locked.status = new_status
        locked.save(update_fields=["status", "updated_at"])
        appointment = Appointment.objects.filter(ticket=locked, done_at__isnull=True).first()
        # leaving "submitted"/"scheduled" for real work means the visit or pickup happened
        if (
            appointment is not None
            and old in (statuses.SUBMITTED, statuses.SCHEDULED)
            and new_status not in (statuses.SCHEDULED, statuses.CANCELLED)
        ):
            appointment.done_at = timezone.now()
            appointment.save(update_fields=["done_at"])
        event = TicketEvent.objects.create(
            ticket=locked,
            kind=event_kind,
            old_status=old,
            new_status=new_status,
            by=user if user is not None and user.is_authenticated else None,
            note=note,
            shopper_note=shopper_note,
        )
        events.ticket_status_changed(locked, event)
        if send_email:
            notifications.ticket_email(
                locked,
                notifications.EMAIL_TICKET_STATUS,
                f"service-ticket:{locked.pk}:event:{event.pk}",
                {"event": event},
            )
    _sync(ticket, locked)
    return event


def add_note(ticket, note, user=None):
    """A staff-only note on the timeline."""
    return TicketEvent.objects.create(
        ticket=ticket,
        kind=TicketEvent.NOTE,
        old_status=ticket.status,
        new_status=ticket.status,
        by=user,
        note=note,
        public=False,
    )


def assign_technician(ticket, technician, user=None):
    with transaction.atomic():
        locked = _lock(ticket)
        locked.technician = technician
        locked.save(update_fields=["technician", "updated_at"])
        TicketEvent.objects.create(
            ticket=locked,
            kind=TicketEvent.NOTE,
            old_status=locked.status,
            new_status=locked.status,
            by=user,
            note=str(_("Technician: %(name)s"))
            % {"name": technician.get_full_name() or technician.email if technician else "-"},
            public=False,
        )
    _sync(ticket, locked)


def schedule_appointment(ticket, scheduled_at, technician=None, user=None):
    """Fix the visit, pickup or consultation time (``appointments.check_schedule``: the
    calendar and the surcharge); a submitted ticket becomes "scheduled"."""
    with transaction.atomic():
        locked = _lock(ticket)
        appointment = Appointment.objects.filter(ticket=locked).first()
        if appointment is None:
            raise ServiceCenterError(
                "no_appointment", _("This ticket has no visit or pickup to schedule."), status=409
            )
        if locked.is_final or appointment.done_at is not None:
            raise ServiceCenterError(
                "appointment_done", _("The visit or pickup has already taken place."), status=409
            )
        slot = check_schedule(appointment, scheduled_at)
        appointment.scheduled_at = scheduled_at
        appointment.window = slot.window
        appointment.surcharge = slot.surcharge
        appointment.save(update_fields=["scheduled_at", "window", "surcharge"])
        if technician is not None:
            locked.technician = technician
            locked.save(update_fields=["technician", "updated_at"])
        local = timezone.localtime(scheduled_at, workdays.store_timezone())
        shopper_note = str(_("%(purpose)s scheduled for %(when)s.")) % {
            "purpose": Appointment.PURPOSES[appointment.purpose],
            "when": local.strftime("%Y-%m-%d %H:%M"),
        }
        if statuses.is_allowed(locked.flow, locked.status, statuses.SCHEDULED):
            change_ticket_status(
                locked,
                statuses.SCHEDULED,
                user=user,
                shopper_note=shopper_note,
                send_email=False,
                event_kind=TicketEvent.SCHEDULED,
            )
        else:
            TicketEvent.objects.create(
                ticket=locked,
                kind=TicketEvent.SCHEDULED,
                old_status=locked.status,
                new_status=locked.status,
                by=user,
                shopper_note=shopper_note,
            )
        notifications.ticket_email(
            locked,
            notifications.EMAIL_APPOINTMENT,
            f"service-appointment:{appointment.pk}:{scheduled_at.isoformat()}",
            {"appointment": appointment, "scheduled_local": local},
        )
    _sync(ticket, locked)
    return appointment


def update_logistics(ticket, user=None, **couriers):
    """Inbound/outbound courier and tracking numbers (shown to the shopper when tracking)."""
    allowed = ("inbound_courier", "inbound_tracking", "outbound_courier", "outbound_tracking")
    with transaction.atomic():
        locked = _lock(ticket)
        changed = []
        for name in allowed:
            if name in couriers and couriers[name] is not None:
                value = couriers[name].strip()
                if getattr(locked, name) != value:
                    setattr(locked, name, value)
                    changed.append(name)
        if not changed:
            return []
        locked.save(update_fields=[*changed, "updated_at"])
        TicketEvent.objects.create(
            ticket=locked,
            kind=TicketEvent.LOGISTICS,
            old_status=locked.status,
            new_status=locked.status,
            by=user,
            shopper_note=_courier_summary(locked),
        )
    for name in changed:
        setattr(ticket, name, getattr(locked, name))
    return changed


def _courier_summary(ticket):
    parts = []
    if ticket.inbound_tracking:
        parts.append(
            str(_("Inbound: %(courier)s %(number)s"))
            % {"courier": ticket.inbound_courier, "number": ticket.inbound_tracking}
        )
    if ticket.outbound_tracking:
        parts.append(
            str(_("Return: %(courier)s %(number)s"))
            % {"courier": ticket.outbound_courier, "number": ticket.outbound_tracking}
        )
    return "; ".join(parts)


# --- quotes ------------------------------------------------------------------
