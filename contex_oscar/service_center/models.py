import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contex_oscar.service_center import kinds, logistics, statuses, warranty
from contex_oscar.service_center.storage import attachment_storage
from contex_oscar.workdays import store_today


def _choices(table):
    return [(code, getattr(value, "label", value)) for code, value in table.items()]


def get_attachment_storage():
    return attachment_storage


class ServiceTicketQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=statuses.FINAL_STATUSES)

    def overdue(self, today=None):
        """Open tickets whose visit or pickup was not done by its due day."""
        return self.open().filter(
            appointment__due_on__lt=today or store_today(), appointment__done_at__isnull=True
        )

    def search(self, text):
        """The desk's search: ticket number, name, e-mail, the serial number the shopper gave
        or the unit's recorded one, and the store's order number."""
        q = (text or "").strip()
        if not q:
            return self
        return self.filter(
            Q(number__icontains=q)
            | Q(name__icontains=q)
            | Q(email__icontains=q)
            | Q(serial_number__icontains=q)
            | Q(sold_unit__serial_number__icontains=q)
            | Q(order__number__icontains=q)
        )

    def for_desk(self):
        return self.select_related("product", "technician", "appointment", "user")


class ServiceTicket(models.Model):
    """One service request: a warranty claim, repair, visit, pickup, consultation, etc."""

    number = models.CharField(_("ticket number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=_choices(kinds.KINDS), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=_choices(statuses.STATUSES),
        default=statuses.SUBMITTED,
        db_index=True,
    )
    channel = models.CharField(_("channel"), max_length=20, choices=list(kinds.CHANNELS.items()))
    flow = models.CharField(_("flow"), max_length=20, editable=False)

    # contact: a signed-in shopper or a guest
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contex_service_tickets",
        verbose_name=_("shopper account"),
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"), db_index=True)
    phone = models.CharField(_("phone"), max_length=40)

    # the unit
    product = models.ForeignKey(
        "catalogue.Product",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("catalogue product"),
    )
    brand = models.CharField(_("brand"), max_length=80, blank=True)
    model_name = models.CharField(_("model"), max_length=120, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=80, blank=True)
    units = models.PositiveSmallIntegerField(_("number of units"), default=1)

    # where it was bought
    purchase_source = models.CharField(
        _("bought"), max_length=20, choices=list(kinds.PURCHASE_SOURCES.items()), blank=True
    )
    order = models.ForeignKey(
        "order.Order",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contex_service_tickets",
        verbose_name=_("order"),
    )
    order_line = models.ForeignKey(
        "order.Line",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("order line"),
    )
    purchase_date = models.DateField(_("bought or received on"), null=True, blank=True)
    sold_unit = models.ForeignKey(
        "contex_order.SoldUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_tickets",
        verbose_name=_("unit sold (by serial number)"),
    )

    # the fault and the warranty answer given when the ticket was opened
    fault_description = models.TextField(_("fault description"), blank=True)
    hardware_defect = models.BooleanField(_("hardware defect"), null=True, blank=True)
    box_complete = models.BooleanField(_("box and accessories complete"), null=True, blank=True)
    warranty_outcome = models.CharField(
        _("warranty outcome"), max_length=32, choices=_choices(warranty.OUTCOMES), blank=True
    )
    warranty_reason = models.CharField(_("warranty reason"), max_length=40, blank=True)
    warranty_until = models.DateField(_("store warranty until"), null=True, blank=True)

    # ship-in: who pays the way back, and both couriers
    return_shipping_payer = models.CharField(
        _("return shipping paid by"),
        max_length=10,
        choices=list(logistics.RETURN_SHIPPING_PAYERS.items()),
        blank=True,
    )
    return_shipping_reason = models.CharField(
        _("return shipping reason"), max_length=30, blank=True
    )
    free_return_until = models.DateField(_("free return if claimed by"), null=True, blank=True)
    inbound_courier = models.CharField(_("inbound courier"), max_length=60, blank=True)
    inbound_tracking = models.CharField(_("inbound tracking number"), max_length=80, blank=True)
    outbound_courier = models.CharField(_("return courier"), max_length=60, blank=True)
    outbound_tracking = models.CharField(_("return tracking number"), max_length=80, blank=True)

    # visits and pickups happen here
    address = models.TextField(_("address"), blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)

    # kind-specific
    consultation_via = models.CharField(
        _("consultation by"),
        max_length=10,
        choices=list(kinds.CONSULTATION_VIA.items()),
        blank=True,
    )
    condition = models.TextField(_("condition (trade-in)"), blank=True)
    trade_in_for = models.ForeignKey(
        "catalogue.Product",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("wanted product (trade-in)"),
    )

    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contex_assigned_tickets",
        verbose_name=_("technician"),
    )
    pickup_fee = models.DecimalField(
        _("pickup & delivery fee (IDR)"), max_digits=12, decimal_places=0, default=Decimal("0")
    )

    idempotency_key = models.CharField(max_length=100, blank=True, editable=False)
    request_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ServiceTicketQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("service ticket")
        verbose_name_plural = _("service tickets")
        constraints = [
            # a retried POST with the same Idempotency-Key finds the first ticket
            models.UniqueConstraint(
                fields=["email", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="contex_service_ticket_idempotency",
            )
        ]

    def __str__(self):
        return self.number

    @property
    def kind_label(self):
        return kinds.label_for(self.kind)

    @property
    def status_label(self):
        return statuses.label_for(self.status)

    @property
    def is_final(self):
        return self.status in statuses.FINAL_STATUSES

    @property
    def unit_label(self):
        if self.product_id:
            return self.product.get_title()
        return " ".join(part for part in (self.brand, self.model_name) if part)

    def next_statuses(self):
        return statuses.next_statuses(self.flow, self.status, self.branch)

    @property
    def branch(self):
        """The exchange or manufacturer branch its warranty outcome opens ("" for none)."""
        return warranty.branch_for(self.warranty_outcome)

    def is_overdue(self, today=None):
        appointment = getattr(self, "appointment", None)
        if appointment is None or self.is_final:
            return False
        return appointment.is_overdue(today)


class Appointment(models.Model):
    """A visit to the shopper's premises, a pickup, or a consultation visit booked for a ticket."""

    VISIT = "visit"
    PICKUP = "pickup"
    CONSULTATION = "consultation"
    PURPOSES = {
        VISIT: _("On-site visit"),
        PICKUP: _("Pickup"),
        CONSULTATION: _("Consultation at the service center"),
    }

    ticket = models.OneToOneField(
        ServiceTicket, on_delete=models.CASCADE, related_name="appointment"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=list(PURPOSES.items()))
    requested_at = models.DateTimeField(_("requested at"))
    counts_from = models.DateField(_("counted from"))
    preferred_date = models.DateField(_("preferred date"), null=True, blank=True)
    window = models.CharField(
        _("time window"), max_length=20, choices=_choices(logistics.VISIT_WINDOWS), blank=True
    )
    due_on = models.DateField(_("due on"))
    latest_on = models.DateField(_("at the latest on"))
    surcharge = models.DecimalField(
        _("after-hours surcharge (IDR)"), max_digits=12, decimal_places=0, default=Decimal("0")
    )
    scheduled_at = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self):
        return f"{self.ticket_id}: {self.purpose} {self.due_on}"

    @property
    def after_hours(self):
        return bool(self.window) and logistics.VISIT_WINDOWS[self.window].after_hours

    def is_overdue(self, today=None):
        return logistics.is_overdue(self.due_on, self.done_at, today or store_today())


class TicketEvent(models.Model):
    """One line of a ticket's timeline: a status change, a quote, a visit or a staff note."""

    STATUS = "status"
    QUOTE_SENT = "quote-sent"
    QUOTE_APPROVED = "quote-approved"
    QUOTE_DECLINED = "quote-declined"
    SCHEDULED = "scheduled"
    LOGISTICS = "logistics"
    NOTE = "note"
    ATTACHMENT = "attachment"
    KINDS = {
        STATUS: _("Status changed"),
        QUOTE_SENT: _("Quote sent"),
        QUOTE_APPROVED: _("Quote approved"),
        QUOTE_DECLINED: _("Quote declined"),
        SCHEDULED: _("Appointment scheduled"),
        LOGISTICS: _("Courier details updated"),
        NOTE: _("Staff note"),
        ATTACHMENT: _("File added"),
    }

    ticket = models.ForeignKey(ServiceTicket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=list(KINDS.items()))
    old_status = models.CharField(_("old status"), max_length=32, blank=True)
    new_status = models.CharField(_("new status"), max_length=32, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note for staff"), blank=True)
    shopper_note = models.TextField(_("note shown to the shopper"), blank=True)
    public = models.BooleanField(_("shown to the shopper"), default=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")

    def __str__(self):
        return f"{self.ticket_id}: {self.kind} {self.new_status}"

    @property
    def kind_label(self):
        return self.KINDS.get(self.kind, self.kind)

    @property
    def new_status_label(self):
        return statuses.label_for(self.new_status) if self.new_status else ""


def _attachment_path(instance, filename):
    # The shopper's file name is never used on disk.
    extension = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}.get(
        instance.content_type, "pdf"
    )
    return f"service-center/{instance.ticket.number}/{uuid.uuid4().hex}.{extension}"


class TicketAttachment(models.Model):
    WARRANTY_CARD = "warranty-card"
    INVOICE = "invoice"
    PHOTO = "photo"
    OTHER = "other"
    KINDS = {
        WARRANTY_CARD: _("Warranty card or sticker"),
        INVOICE: _("Invoice"),
        PHOTO: _("Photo"),
        OTHER: _("Other document"),
    }

    ticket = models.ForeignKey(ServiceTicket, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=list(KINDS.items()))
    file = models.FileField(
        _("file"), upload_to=_attachment_path, storage=get_attachment_storage, max_length=200
    )
    content_type = models.CharField(_("content type"), max_length=40)
    original_name = models.CharField(_("original file name"), max_length=120, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ticket attachment")
        verbose_name_plural = _("ticket attachments")

    def __str__(self):
        return f"{self.ticket_id}: {self.kind}"

    @property
    def kind_label(self):
        return self.KINDS.get(self.kind, self.kind)


class Quote(models.Model):
    """Parts and labour for out-of-warranty work; the shopper approves it before work starts."""

    DRAFT = "draft"
    SENT = "sent"
    APPROVED = "approved"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    STATUSES = {
        DRAFT: _("Draft"),
        SENT: _("Waiting for the shopper"),
        APPROVED: _("Approved"),
        DECLINED: _("Declined"),
        WITHDRAWN: _("Withdrawn"),
    }

    # how the decision reached the store: the shopper online, or staff recording it
    ONLINE = "online"
    BY_PHONE = "phone"
    BY_WHATSAPP = "whatsapp"
    IN_PERSON = "in-person"
    DECISION_CHANNELS = {
        ONLINE: _("Online, by the shopper"),
        BY_PHONE: _("By phone"),
        BY_WHATSAPP: _("By WhatsApp"),
        IN_PERSON: _("In person at the service center"),
    }
    RECORDED_BY_STAFF = (BY_PHONE, BY_WHATSAPP, IN_PERSON)

    ticket = models.ForeignKey(ServiceTicket, on_delete=models.CASCADE, related_name="quotes")
    status = models.CharField(_("status"), max_length=20, choices=list(STATUSES.items()))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("shopper's note"), blank=True)
    decision_channel = models.CharField(
        _("decided"), max_length=20, choices=list(DECISION_CHANNELS.items()), blank=True
    )
    decided_by_name = models.CharField(_("decided by (shopper)"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("repair quote")
        verbose_name_plural = _("repair quotes")

    def __str__(self):
        return f"{self.ticket_id}: {self.status}"

    @property
    def status_label(self):
        return self.STATUSES.get(self.status, self.status)

    @property
    def total(self):
        return sum((line.amount for line in self.lines.all()), Decimal("0"))


class QuoteLine(models.Model):
    PART = "part"
    LABOUR = "labour"
    KINDS = {PART: _("Spare part"), LABOUR: _("Labour")}

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=10, choices=list(KINDS.items()))
    description = models.CharField(_("description"), max_length=200)
    quantity = models.PositiveSmallIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1)]
    )
    unit_price = models.DecimalField(
        _("unit price (IDR)"),
        max_digits=12,
        decimal_places=0,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")

    def __str__(self):
        return self.description

    @property
    def amount(self):
        return self.unit_price * self.quantity

    @property
    def kind_label(self):
        return self.KINDS.get(self.kind, self.kind)


class SupportedBrandQuerySet(models.QuerySet):
    def supported_names(self):
        """The names of the brands supported now (the help page and the warranty rule)."""
        return list(self.filter(active=True).values_list("name", flat=True))


class SupportedBrand(models.Model):
    """A brand whose warranty claims the store helps with, also for a unit bought from
    another seller (the ``brand-supported`` outcome). Staff keep the list in the CMS."""

    name = models.CharField(_("brand"), max_length=80)
    active = models.BooleanField(_("supported"), default=True)

    objects = SupportedBrandQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("supported brand")
        verbose_name_plural = _("supported brands")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("name"), name="contex_supported_brand_name_unique"
            )
        ]

    def __str__(self):
        return self.name


class ExchangeQuerySet(models.QuerySet):
    def defective_in_store(self):
        """Defective units handed back and kept by the store (never sellable stock)."""
        return self.filter(defective_returned_at__isnull=False)


class Exchange(models.Model):
    """A dead-on-arrival claim's exchange: the replacement reserved from stock, the defective
    unit returned (held as defective, outside ``num_in_stock``), the replacement sent."""

    ticket = models.OneToOneField(ServiceTicket, on_delete=models.CASCADE, related_name="exchange")
    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("replacement product"),
    )
    stockrecord = models.ForeignKey(
        "partner.StockRecord",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reserved from stock record"),
    )
    reserved_at = models.DateTimeField(_("reserved at"), auto_now_add=True)
    defective_returned_at = models.DateTimeField(
        _("defective unit returned at"), null=True, blank=True
    )
    defective_serial_number = models.CharField(
        _("serial number of the defective unit"), max_length=80, blank=True
    )
    replacement_sent_at = models.DateTimeField(_("replacement sent at"), null=True, blank=True)

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")

    def __str__(self):
        return f"{self.ticket_id}: {self.product_id}"
