"""The service center's operations; the API, the staff desk, the demo data and tests call these.

Every change to a ticket goes through a function here: it locks the ticket
row, checks the move against the flow table, writes the timeline and queues
the shopper's e-mail (sent after commit, once per event).
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from contex_oscar import workdays
from contex_oscar.conf import contex_settings
from contex_oscar.emails import send_store_email
from contex_oscar.errors import StoreError
from contex_oscar.money import format_rupiah
from contex_oscar.order.access import emails_match, find_order
from contex_oscar.order.history import delivery_date
from contex_oscar.service_center import kinds, logistics, product_facts, statuses, warranty
from contex_oscar.service_center.models import (
    Appointment,
    Quote,
    QuoteLine,
    ServiceTicket,
    TicketAttachment,
    TicketEvent,
)
from contex_oscar.service_center.numbers import new_ticket_number, normalize_ticket_number
from contex_oscar.store_values import store_settings

Order = get_model("order", "Order")

EMAIL_TICKET_CREATED = "SERVICE_TICKET_CREATED"
EMAIL_TICKET_STATUS = "SERVICE_TICKET_STATUS"
EMAIL_QUOTE_SENT = "SERVICE_QUOTE_SENT"
EMAIL_APPOINTMENT = "SERVICE_APPOINTMENT_SCHEDULED"
NUMBER_ATTEMPTS = 10


class ServiceCenterError(StoreError):
    """A refused service-center request; ``field`` names the input that is wrong."""

    def __init__(self, code, message, field=None, status=400):
        self.field = field
        errors = {field: [str(message)]} if field else None
        super().__init__(code, message, status, errors)


def _store_settings():
    return store_settings()


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


@dataclass(frozen=True)
class Purchase:
    source: str
    order: object = None
    line: object = None
    product: object = None
    received_on: datetime.date | None = None  # this store: delivery date
    purchase_date: datetime.date | None = None  # elsewhere: the shopper's date


def resolve_purchase(
    source,
    order_number="",
    email="",
    user=None,
    line_id=None,
    product=None,
    purchase_date=None,
    require_delivered=True,
    order_token=None,
    writing=False,
):
    """The purchase a warranty question is about; raises ``ServiceCenterError`` if not found.

    The order is reached by the store's one rule (``order.access.find_order``): the
    signed-in owner, staff when only ``writing=False`` (a warranty check), the order's
    e-mail, or its signed tracking token.
    """
    if source != kinds.THIS_STORE:
        return Purchase(source=source, product=product, purchase_date=purchase_date)
    order = find_order(order_number, user=user, email=email, token=order_token, writing=writing)
    if order is None:
        raise ServiceCenterError(
            "order_not_found",
            _("No order matches this number and e-mail address."),
            field="order_number",
        )
    lines = list(order.lines.select_related("product", "product__parent"))
    if line_id is not None:
        line = next((line for line in lines if line.pk == line_id), None)
        if line is None:
            raise ServiceCenterError(
                "order_line_not_found", _("That line is not part of the order."), "order_line"
            )
    elif product is not None:
        line = next((line for line in lines if line.product_id == product.pk), None)
        if line is None:
            raise ServiceCenterError(
                "order_line_not_found", _("That product is not part of the order."), "product"
            )
    elif len(lines) == 1:
        line = lines[0]
    else:
        raise ServiceCenterError(
            "order_line_required",
            _("The order has several products: say which one (order_line)."),
            "order_line",
        )
    received_on = delivery_date(order)
    if received_on is None and require_delivered:
        raise ServiceCenterError(
            "order_not_delivered",
            _("The order has not been delivered yet; the warranty starts on delivery."),
            "order_number",
        )
    return Purchase(
        source=source, order=order, line=line, product=line.product, received_on=received_on
    )


def check_warranty(purchase, hardware_defect, box_complete, today=None):
    """Evaluate the warranty table for ``purchase`` today (store time)."""
    product = purchase.product
    facts = warranty.WarrantyFacts(
        purchase=purchase.source,
        warranty_type=product_facts.warranty_type_of(product),
        hardware_defect=bool(hardware_defect),
        box_complete=bool(box_complete),
        today=today or workdays.store_today(),
        received_on=purchase.received_on if purchase.source == kinds.THIS_STORE else None,
        model_in_production=product_facts.model_in_production(product),
    )
    return facts, warranty.evaluate_warranty(facts)


# --- appointments ------------------------------------------------------------


@dataclass(frozen=True)
class AppointmentPlan:
    purpose: str
    requested_at: datetime.datetime
    counts_from: datetime.date
    preferred_date: datetime.date | None
    window: str
    due_on: datetime.date
    latest_on: datetime.date
    surcharge: object


def plan_appointment(purpose, requested_at, preferred_date=None, window="", settings=None):
    """Due dates and surcharge for a visit, pickup or consultation visit requested now.

    A visit is due the next working day and at the latest 2 working days after
    the request (``logistics.visit_deadline``); the shopper may prefer any
    working day in that range. Pickups and consultations take the shopper's
    preferred working day from the next working day up to
    ``CONTEX_SERVICE_BOOKING_HORIZON_DAYS`` ahead.
    """
    settings = settings or _store_settings()
    deadline = logistics.visit_deadline(
        requested_at, settings.office_opens_at, settings.office_closes_at
    )
    if preferred_date is not None and not workdays.is_working_day(preferred_date):
        raise ServiceCenterError(
            "date_not_working_day",
            _("Choose a working day (Monday to Friday, not a public holiday)."),
            "preferred_date",
        )
    if purpose == Appointment.VISIT:
        due_on, latest_on = deadline.due_on, deadline.latest_on
        if preferred_date is not None:
            if not deadline.due_on <= preferred_date <= deadline.latest_on:
                raise ServiceCenterError(
                    "visit_date_out_of_range",
                    _("A visit can be booked from %(first)s to %(last)s.")
                    % {
                        "first": deadline.due_on.isoformat(),
                        "last": deadline.latest_on.isoformat(),
                    },
                    "preferred_date",
                )
            due_on = preferred_date
        surcharge = logistics.visit_surcharge(window, settings.after_hours_visit_surcharge)
    else:
        horizon = deadline.counts_from + datetime.timedelta(
            days=contex_settings.CONTEX_SERVICE_BOOKING_HORIZON_DAYS
        )
        due_on = preferred_date or deadline.due_on
        if not deadline.due_on <= due_on <= horizon:
            raise ServiceCenterError(
                "date_out_of_range",
                _("Choose a date from %(first)s to %(last)s.")
                % {"first": deadline.due_on.isoformat(), "last": horizon.isoformat()},
                "preferred_date",
            )
        latest_on = due_on
        surcharge = 0
    return AppointmentPlan(
        purpose=purpose,
        requested_at=requested_at,
        counts_from=deadline.counts_from,
        preferred_date=preferred_date,
        window=window or "",
        due_on=due_on,
        latest_on=latest_on,
        surcharge=surcharge,
    )


def appointment_purpose(kind, channel, consultation_via=""):
    if channel == kinds.ON_SITE:
        return Appointment.VISIT
    if channel == kinds.PICKUP:
        return Appointment.PICKUP
    if kind == kinds.CONSULTATION and consultation_via == kinds.CONSULT_BY_VISIT:
        return Appointment.CONSULTATION
    return None


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

    settings = _store_settings()
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
        bought_here = purchase is not None and purchase.source == kinds.THIS_STORE
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
                attachment = _store_attachment(ticket, attachment_kind, upload, content_type, user)
                saved_files.append(attachment.file.name)
    except BaseException:
        for name in saved_files:  # the rows are rolled back; don't keep their files
            TicketAttachment.file.field.storage.delete(name)
        raise
    _email(ticket, EMAIL_TICKET_CREATED, f"service-ticket:{ticket.pk}:created")
    return ticket, True


class IllegalTicketTransition(ServiceCenterError):
    def __init__(self, ticket, old, new):
        super().__init__(
            "illegal_status_transition",
            _("A ticket cannot move from %(old)s to %(new)s.")
            % {"old": statuses.label_for(old), "new": statuses.label_for(new)},
            field="status",
            status=409,
        )


def _lock(ticket):
    return ServiceTicket.objects.select_for_update().get(pk=ticket.pk)


def _sync(ticket, locked):
    for field in ("status", "technician_id", "updated_at"):
        setattr(ticket, field, getattr(locked, field))


def change_ticket_status(
    ticket,
    new_status,
    user=None,
    note="",
    shopper_note="",
    send_email=True,
    event_kind=TicketEvent.STATUS,
    _by_quote=False,
):
    """Move ``ticket`` to ``new_status`` (checked against its flow), record it, tell the shopper.

    Moves into and out of "awaiting approval" belong to the quote functions
    (``send_quote``/``decide_quote``), so a quote is never skipped.
    """
    with transaction.atomic():
        locked = _lock(ticket)
        old = locked.status
        if not statuses.is_allowed(locked.flow, old, new_status):
            raise IllegalTicketTransition(locked, old, new_status)
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
        if send_email:
            _email(
                locked,
                EMAIL_TICKET_STATUS,
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
    """Fix the visit, pickup or consultation time; a submitted ticket becomes "scheduled"."""
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
        appointment.scheduled_at = scheduled_at
        appointment.save(update_fields=["scheduled_at"])
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
        _email(
            locked,
            EMAIL_APPOINTMENT,
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


def quotes_allowed(ticket):
    return not kinds.KINDS[ticket.kind].free and ticket.flow in statuses.QUOTE_DECISION_NEXT


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
        _email(locked, EMAIL_QUOTE_SENT, f"service-quote:{quote.pk}:sent", {"quote": quote})
    _sync(ticket, locked)
    return quote


APPROVE = "approve"
DECLINE = "decline"


def decide_quote(ticket, decision, user=None, note=""):
    """The shopper's answer (or staff recording it); the ticket moves as the flow table says."""
    if decision not in (APPROVE, DECLINE):
        raise ServiceCenterError("invalid_decision", _("Answer approve or decline."), "decision")
    with transaction.atomic():
        locked = _lock(ticket)
        quote = locked.quotes.filter(status=Quote.SENT).order_by("-id").first()
        if quote is None or locked.status != statuses.AWAITING_APPROVAL:
            raise ServiceCenterError(
                "no_quote_pending", _("There is no quote waiting for a decision."), status=409
            )
        quote.status = Quote.APPROVED if decision == APPROVE else Quote.DECLINED
        quote.decided_at = timezone.now()
        quote.decision_note = note
        quote.save(update_fields=["status", "decided_at", "decision_note"])
        change_ticket_status(
            locked,
            statuses.QUOTE_DECISION_NEXT[locked.flow][decision],
            user=user,
            note=note,
            event_kind=(
                TicketEvent.QUOTE_APPROVED if decision == APPROVE else TicketEvent.QUOTE_DECLINED
            ),
            _by_quote=True,
        )
    _sync(ticket, locked)
    return quote


# --- attachments ---------------------------------------------------------------


def _store_attachment(ticket, kind, upload, content_type, user=None):
    attachment = TicketAttachment(
        ticket=ticket,
        kind=kind,
        content_type=content_type,
        original_name=(upload.name or "")[-120:],
        size=upload.size,
        uploaded_by=user if user is not None and user.is_authenticated else None,
    )
    upload.seek(0)
    attachment.file.save("upload", upload, save=False)
    try:
        attachment.save()
    except BaseException:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def add_attachment(ticket, kind, upload, content_type, user=None):
    """Keep a checked file on the ticket (``validate_upload`` gave ``content_type``)."""
    if ticket.is_final:
        raise ServiceCenterError(
            "ticket_closed", _("The ticket is closed; files can no longer be added."), status=409
        )
    if ticket.attachments.count() >= contex_settings.CONTEX_SERVICE_MAX_ATTACHMENTS:
        raise ServiceCenterError(
            "too_many_attachments", _("This ticket already has the most files allowed."), "file"
        )
    with transaction.atomic():
        attachment = _store_attachment(ticket, kind, upload, content_type, user)
        TicketEvent.objects.create(
            ticket=ticket,
            kind=TicketEvent.ATTACHMENT,
            old_status=ticket.status,
            new_status=ticket.status,
            by=attachment.uploaded_by,
            shopper_note=str(attachment.kind_label),
        )
    return attachment


_ATTACHMENT_SALT = "contex.service_center.attachment"


def attachment_token(attachment):
    """A signed, expiring reference handed only to people allowed to read the ticket."""
    return signing.dumps([attachment.ticket_id, attachment.pk], salt=_ATTACHMENT_SALT)


def attachment_from_token(token):
    try:
        ticket_id, attachment_id = signing.loads(
            token,
            salt=_ATTACHMENT_SALT,
            max_age=contex_settings.CONTEX_SERVICE_ATTACHMENT_LINK_SECONDS,
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        TicketAttachment.objects.filter(pk=attachment_id, ticket_id=ticket_id)
        .select_related("ticket")
        .first()
    )


# --- e-mail ----------------------------------------------------------------------


def _email(ticket, code, key, extra=None):
    settings = _store_settings()
    context = {
        "ticket": ticket,
        "kind_label": kinds.label_for(ticket.kind),
        "status_label": statuses.label_for(ticket.status),
        "store": settings,
        **(extra or {}),
    }
    return send_store_email(code, ticket.email, context, key=key)
