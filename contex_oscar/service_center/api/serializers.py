"""Serializers of the service-center API (``/api/service-center/...``)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from oscar.core.loading import get_model
from rest_framework import serializers

from contex_oscar.api.fields import UploadField
from contex_oscar.service_center import (
    attachments,
    exceptions,
    kinds,
    logistics,
    purchases,
    quotes,
    statuses,
    warranty,
)
from contex_oscar.service_center.models import Appointment, TicketAttachment

Product = get_model("catalogue", "Product")


class ServiceCodeLabelSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


def code_label(code, label):
    return {"code": code, "label": str(label)} if code else None


def _public_products():
    return Product.objects.filter(is_public=True)


# --- purchase (shared by the warranty check and warranty claims) -------------------


class PurchaseFieldsMixin(serializers.Serializer):
    purchase = serializers.ChoiceField(
        choices=list(kinds.PURCHASE_SOURCES.items()),
        required=False,
        help_text=_("Where the unit was bought."),
    )
    order_number = serializers.CharField(
        required=False, allow_blank=True, max_length=128, help_text=_("This store's order number.")
    )
    order_token = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=400,
        help_text=_(
            "Instead of the order number and e-mail: the token of the order's tracking link."
        ),
    )
    order_line = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("Which line of the order (needed when it has several products)."),
    )
    product = serializers.PrimaryKeyRelatedField(
        queryset=_public_products(), required=False, allow_null=True
    )
    purchase_date = serializers.DateField(
        required=False, allow_null=True, help_text=_("Bought elsewhere or abroad: when.")
    )

    def resolve_purchase(self, attrs, email, for_warranty=True, writing=False):
        """Turn the purchase fields into a ``purchases.Purchase`` (or field errors)."""
        source = attrs.get("purchase")
        if not source:
            return None
        if (
            source == kinds.THIS_STORE
            and not attrs.get("order_number")
            and not attrs.get("order_token")
        ):
            raise serializers.ValidationError(
                {"order_number": [_("Give the order number of this store's order.")]},
                code="required",
            )
        if source != kinds.THIS_STORE:
            purchase_date = attrs.get("purchase_date")
            if purchase_date and purchase_date > timezone.localdate():
                raise serializers.ValidationError(
                    {"purchase_date": [_("The purchase date is in the future.")]},
                    code="date_in_future",
                )
        request = self.context.get("request")
        try:
            return purchases.resolve_purchase(
                source,
                order_number=attrs.get("order_number", ""),
                email=email,
                user=getattr(request, "user", None),
                line_id=attrs.get("order_line"),
                product=attrs.get("product"),
                purchase_date=attrs.get("purchase_date"),
                for_warranty=for_warranty,
                order_token=attrs.get("order_token") or None,
                writing=writing,
            )
        except exceptions.ServiceCenterError as error:
            raise serializers.ValidationError(
                {error.field or "purchase": [serializers.ErrorDetail(error.message, error.code)]}
            )


# --- warranty check ----------------------------------------------------------------


class WarrantyCheckSerializer(PurchaseFieldsMixin):
    purchase = serializers.ChoiceField(choices=list(kinds.PURCHASE_SOURCES.items()))
    email = serializers.EmailField(
        required=False, allow_blank=True, help_text=_("The order's e-mail (guests).")
    )
    hardware_defect = serializers.BooleanField(help_text=_("Is the fault a hardware defect?"))
    box_complete = serializers.BooleanField(
        help_text=_("Are the original box and all accessories complete?")
    )

    def validate(self, attrs):
        attrs["resolved"] = self.resolve_purchase(attrs, attrs.get("email", ""))
        return attrs


class WarrantyAnswerSerializer(serializers.Serializer):
    outcome = ServiceCodeLabelSerializer()
    free_of_charge = serializers.BooleanField()
    handled_by = serializers.ChoiceField(choices=["store", "manufacturer"])
    reason = ServiceCodeLabelSerializer(help_text=_("Why: a stable code and an explanation."))
    bring = ServiceCodeLabelSerializer(
        many=True, help_text=_("What the shopper must bring or send.")
    )
    warranty_type = ServiceCodeLabelSerializer()
    received_on = serializers.DateField(allow_null=True)
    days_since_receipt = serializers.IntegerField(allow_null=True)
    doa_until = serializers.DateField(allow_null=True)
    store_warranty_until = serializers.DateField(allow_null=True)
    product = serializers.CharField(allow_blank=True)


def warranty_answer(facts, result, purchase):
    product = purchase.product
    return {
        "outcome": code_label(result.code, result.outcome.label),
        "free_of_charge": result.outcome.free_of_charge,
        "handled_by": result.outcome.handled_by,
        "reason": code_label(result.reason, result.message),
        "bring": warranty.bring_items(result.bring),
        "warranty_type": code_label(
            facts.warranty_type, warranty.WARRANTY_TYPES[facts.warranty_type]
        ),
        "received_on": purchase.received_on,
        "days_since_receipt": result.days_since_receipt,
        "doa_until": result.doa_until,
        "store_warranty_until": result.store_warranty_until,
        "product": product.get_title() if product is not None else "",
    }


# --- opening a ticket --------------------------------------------------------------


class TicketCreateSerializer(PurchaseFieldsMixin):
    """Fields of every kind; ``kinds.required_fields(kind, channel)`` says which are needed."""

    kind = serializers.ChoiceField(choices=[(k.code, k.label) for k in kinds.KINDS.values()])
    channel = serializers.ChoiceField(
        choices=list(kinds.CHANNELS.items()),
        required=False,
        help_text=_("How the unit reaches a technician; defaults to the kind's first channel."),
    )
    name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.RegexField(
        r"^\+?[0-9 ()\-.]{6,25}$",
        max_length=40,
        error_messages={"invalid": _("Not a phone number.")},
    )
    brand = serializers.CharField(required=False, allow_blank=True, max_length=80)
    model_name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    serial_number = serializers.CharField(required=False, allow_blank=True, max_length=80)
    units = serializers.IntegerField(required=False, min_value=1, max_value=100)
    fault_description = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    hardware_defect = serializers.BooleanField(required=False, allow_null=True, default=None)
    box_complete = serializers.BooleanField(required=False, allow_null=True, default=None)
    address = serializers.CharField(required=False, allow_blank=True, max_length=500)
    city = serializers.CharField(required=False, allow_blank=True, max_length=80)
    postcode = serializers.RegexField(r"^[0-9]{5}$", required=False, allow_blank=True)
    preferred_date = serializers.DateField(required=False, allow_null=True)
    visit_window = serializers.ChoiceField(
        choices=[(w.code, w.label) for w in logistics.VISIT_WINDOWS.values()], required=False
    )
    consultation_via = serializers.ChoiceField(
        choices=list(kinds.CONSULTATION_VIA.items()), required=False
    )
    condition = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    trade_in_for = serializers.PrimaryKeyRelatedField(
        queryset=_public_products(), required=False, allow_null=True
    )
    warranty_card = UploadField(required=False, help_text=_("Warranty card or sticker photo."))
    invoice = UploadField(required=False)
    photos = serializers.ListField(child=UploadField(), required=False, max_length=5)

    PRESENCE = {
        "serial_number": _("Give the unit's serial number."),
        "fault_description": _("Describe the fault or the question."),
        "hardware_defect": _("Say whether the fault is a hardware defect."),
        "box_complete": _("Say whether the box and accessories are complete."),
        "units": _("Say how many units need maintenance."),
        "condition": _("Describe the unit's condition."),
        "consultation_via": _("Choose visit, phone or e-mail."),
        "visit_window": _("Choose a time window for the visit."),
        "preferred_date": _("Choose a date for the pickup."),
    }

    def validate(self, attrs):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        kind = attrs["kind"]
        if kind == kinds.CONSULTATION and "channel" not in attrs:
            via = attrs.get("consultation_via")
            attrs["channel"] = kinds.WALK_IN if via == kinds.CONSULT_BY_VISIT else kinds.REMOTE
        channel = attrs.setdefault("channel", kinds.default_channel(kind))
        errors = {}
        if channel not in kinds.KINDS[kind].channels:
            errors["channel"] = [
                serializers.ErrorDetail(
                    str(_("This kind of request is not handled through that channel.")),
                    "channel_not_allowed",
                )
            ]
        # contact: a signed-in shopper's own address, or the guest's
        if user is not None and user.is_authenticated:
            attrs["email"] = user.email
            attrs["name"] = attrs.get("name") or user.get_full_name() or user.email
        for field, message in (
            ("name", _("Give your name.")),
            ("email", _("Give your e-mail address.")),
        ):
            if not attrs.get(field):
                errors[field] = [serializers.ErrorDetail(str(message), "required_for_kind")]

        for requirement in kinds.required_fields(kind, channel):
            if requirement == kinds.PRODUCT_OR_MODEL:
                has_unit = (
                    attrs.get("product")
                    or attrs.get("order_line")
                    or (
                        attrs.get("purchase") == kinds.THIS_STORE
                        and (attrs.get("order_number") or attrs.get("order_token"))
                    )
                )
                if not has_unit and not (attrs.get("brand") and attrs.get("model_name")):
                    errors["product"] = [
                        serializers.ErrorDetail(
                            str(_("Choose a product, or give the brand and model.")),
                            "required_for_kind",
                        )
                    ]
            elif requirement == kinds.PURCHASE:
                if not attrs.get("purchase"):
                    errors["purchase"] = [
                        serializers.ErrorDetail(
                            str(_("Say where the unit was bought.")), "required_for_kind"
                        )
                    ]
            elif requirement == kinds.ADDRESS:
                for field in ("address", "city"):
                    if not attrs.get(field):
                        errors[field] = [
                            serializers.ErrorDetail(
                                str(_("Give the address to visit or collect from.")),
                                "required_for_kind",
                            )
                        ]
            elif attrs.get(requirement) in (None, ""):
                errors[requirement] = [
                    serializers.ErrorDetail(str(self.PRESENCE[requirement]), "required_for_kind")
                ]
        if errors:
            raise serializers.ValidationError(errors)
        attrs["resolved"] = self.resolve_purchase(
            attrs,
            attrs["email"],
            for_warranty=kinds.KINDS[kind].evaluates_warranty,
            writing=True,  # the ticket is the shopper's: staff open none on others' orders
        )
        return attrs

    def service_data(self):
        data = dict(self.validated_data)
        data["purchase"] = data.pop("resolved", None)
        attachments = []
        for field, attachment_kind in (
            ("warranty_card", TicketAttachment.WARRANTY_CARD),
            ("invoice", TicketAttachment.INVOICE),
        ):
            upload = data.pop(field, None)
            if upload is not None:
                attachments.append((attachment_kind, upload, upload.contex_content_type))
        for upload in data.pop("photos", None) or ():
            attachments.append((TicketAttachment.PHOTO, upload, upload.contex_content_type))
        for field in ("order_number", "order_token", "order_line", "purchase_date"):
            data.pop(field, None)
        return data, attachments


# --- reading a ticket --------------------------------------------------------------


@extend_schema_field(ServiceCodeLabelSerializer(allow_null=True))
class CodeLabelField(serializers.Field):
    """``{code, label}`` of the object: its ``code`` attribute, and as label the attribute
    named ``label`` or what ``label(code)`` gives (null when there is no code)."""

    def __init__(self, code, label, **kwargs):
        self.code_attribute, self.label_from = code, label
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        code = getattr(obj, self.code_attribute)
        if not code:
            return None
        label_from = self.label_from
        label = getattr(obj, label_from) if isinstance(label_from, str) else label_from(code)
        return code_label(code, label)


def _label_of(table):
    return lambda code: table.get(code, "")


class TicketTimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField(source="created_at")
    event = CodeLabelField("kind", "kind_label")
    status = CodeLabelField("new_status", statuses.label_for)
    note = serializers.CharField(source="shopper_note", allow_blank=True)


class TicketQuoteLineSerializer(serializers.Serializer):
    kind = CodeLabelField("kind", "kind_label")
    description = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=0)
    amount = serializers.DecimalField(max_digits=14, decimal_places=0)


class TicketQuoteSerializer(serializers.Serializer):
    status = CodeLabelField("status", "status_label")
    lines = TicketQuoteLineSerializer(many=True, source="lines.all")
    total = serializers.DecimalField(max_digits=14, decimal_places=0)
    currency = serializers.SerializerMethodField()
    sent_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)

    def get_currency(self, quote) -> str:
        return "IDR"


class TicketAppointmentSerializer(serializers.Serializer):
    purpose = CodeLabelField("purpose", _label_of(Appointment.PURPOSES))
    requested_at = serializers.DateTimeField()
    counts_from = serializers.DateField()
    preferred_date = serializers.DateField(allow_null=True)
    window = CodeLabelField(
        "window", lambda code: logistics.VISIT_WINDOWS[code].label if code else ""
    )
    due_on = serializers.DateField()
    latest_on = serializers.DateField()
    after_hours = serializers.BooleanField()
    surcharge = serializers.DecimalField(max_digits=12, decimal_places=0)
    scheduled_at = serializers.DateTimeField(allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField(source="ticket.is_overdue")


class TicketCourierSerializer(serializers.Serializer):
    courier = serializers.CharField(allow_blank=True)
    tracking_number = serializers.CharField(allow_blank=True)


class ShipInSerializer(serializers.Serializer):
    """What a ship-in ticket's shopper needs: where to send the unit, with what, who pays
    the way back. Reads the ticket; the address comes from the store's settings."""

    address = serializers.SerializerMethodField(help_text=_("Service-center address."))
    include = serializers.SerializerMethodField()
    return_shipping_payer = CodeLabelField(
        "return_shipping_payer", _label_of(logistics.RETURN_SHIPPING_PAYERS)
    )
    return_shipping_reason = CodeLabelField(
        "return_shipping_reason", _label_of(logistics.RETURN_SHIPPING_REASONS)
    )
    free_return_until = serializers.DateField(allow_null=True)
    inbound = serializers.SerializerMethodField()
    outbound = serializers.SerializerMethodField()

    def get_address(self, ticket) -> str:
        return self.context["store"].service_center_address

    @extend_schema_field(ServiceCodeLabelSerializer(many=True))
    def get_include(self, ticket):
        return [code_label(code, label) for code, label in logistics.SHIP_IN_INCLUDE.items()]

    @extend_schema_field(TicketCourierSerializer)
    def get_inbound(self, ticket):
        return {"courier": ticket.inbound_courier, "tracking_number": ticket.inbound_tracking}

    @extend_schema_field(TicketCourierSerializer)
    def get_outbound(self, ticket):
        return {"courier": ticket.outbound_courier, "tracking_number": ticket.outbound_tracking}


class TicketAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = CodeLabelField("kind", "kind_label")
    name = serializers.CharField(source="original_name", allow_blank=True)
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField(
        help_text=_("Signed download link; expires after a while.")
    )

    def get_url(self, attachment) -> str:
        return self.context["request"].build_absolute_uri(
            reverse(
                "contex-service-center-attachment",
                kwargs={"token": attachments.attachment_token(attachment)},
            )
        )


class WarrantySummarySerializer(serializers.Serializer):
    outcome = CodeLabelField(
        "warranty_outcome", lambda code: warranty.OUTCOMES[code].label if code else ""
    )
    reason = serializers.SerializerMethodField()
    store_warranty_until = serializers.DateField(source="warranty_until", allow_null=True)

    @extend_schema_field(ServiceCodeLabelSerializer)
    def get_reason(self, ticket):
        return code_label(ticket.warranty_reason, warranty.reason_message(ticket.warranty_reason))


NEXT_STEPS = {
    statuses.AWAITING_APPROVAL: _("Approve or decline the repair quote."),
    statuses.READY: _("The unit is ready: pick it up or wait for the courier."),
    statuses.EXCHANGE_RESERVED: _(
        "Hand the defective unit back with its box and accessories to receive the new one."
    ),
    statuses.SENT_TO_MANUFACTURER: _(
        "The manufacturer is handling the claim; we will write when the unit is back."
    ),
}


class TicketSummarySerializer(serializers.Serializer):
    number = serializers.CharField()
    kind = CodeLabelField("kind", kinds.label_for)
    status = CodeLabelField("status", statuses.label_for)
    created_at = serializers.DateTimeField()
    unit = serializers.CharField(source="unit_label", allow_blank=True)


class TicketSerializer(TicketSummarySerializer):
    """A ticket as its shopper sees it (no staff notes, no technician): the one shape of a
    ticket in every answer. Reads a ticket loaded with ``views.ticket_queryset``; the
    context carries the ``request`` and the ``store`` settings."""

    channel = CodeLabelField("channel", _label_of(kinds.CHANNELS))
    name = serializers.CharField()
    email = serializers.EmailField()
    serial_number = serializers.CharField(allow_blank=True)
    order_number = serializers.CharField(source="order.number", allow_null=True, default=None)
    fault_description = serializers.CharField(allow_blank=True)
    warranty = serializers.SerializerMethodField()
    ship_in = serializers.SerializerMethodField()
    appointment = serializers.SerializerMethodField()
    pickup_fee = serializers.DecimalField(max_digits=12, decimal_places=0)
    quote = serializers.SerializerMethodField()
    next_step = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    attachments = TicketAttachmentSerializer(many=True, source="attachments.all")

    @extend_schema_field(WarrantySummarySerializer(allow_null=True))
    def get_warranty(self, ticket):
        if ticket.warranty_outcome not in warranty.OUTCOMES:
            return None
        return WarrantySummarySerializer(ticket, context=self.context).data

    @extend_schema_field(ShipInSerializer(allow_null=True))
    def get_ship_in(self, ticket):
        if ticket.channel != kinds.SHIP_IN:
            return None
        return ShipInSerializer(ticket, context=self.context).data

    @extend_schema_field(TicketAppointmentSerializer(allow_null=True))
    def get_appointment(self, ticket):
        appointment = getattr(ticket, "appointment", None)
        if appointment is None:
            return None
        return TicketAppointmentSerializer(appointment, context=self.context).data

    @extend_schema_field(TicketQuoteSerializer(allow_null=True))
    def get_quote(self, ticket):
        """The latest quote sent to the shopper (drafts stay with staff)."""
        sent = [quote for quote in ticket.quotes.all() if quote.status != quote.DRAFT]
        if not sent:
            return None
        latest = max(sent, key=lambda quote: (quote.created_at, quote.pk))
        return TicketQuoteSerializer(latest, context=self.context).data

    def get_next_step(self, ticket) -> str:
        if ticket.channel == kinds.SHIP_IN and ticket.status == statuses.SUBMITTED:
            return str(_("Send the unit to the service center with the items listed."))
        return str(NEXT_STEPS.get(ticket.status, ""))

    @extend_schema_field(TicketTimelineEntrySerializer(many=True))
    def get_timeline(self, ticket):
        events = [event for event in ticket.events.all() if event.public]
        return TicketTimelineEntrySerializer(events, many=True, context=self.context).data


# --- actions on a ticket ------------------------------------------------------------


class TicketTrackSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=40, help_text=_("Ticket number, e.g. SC-7KQ4-M2XD."))
    email = serializers.EmailField(max_length=254)


class TicketGuestEmailSerializer(serializers.Serializer):
    email = serializers.EmailField(
        required=False,
        allow_blank=True,
        max_length=254,
        help_text=_("The ticket's e-mail (guests; signed-in owners may leave it out)."),
    )


class QuoteDecisionSerializer(TicketGuestEmailSerializer):
    decision = serializers.ChoiceField(choices=[quotes.APPROVE, quotes.DECLINE])
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class TicketAttachmentUploadSerializer(TicketGuestEmailSerializer):
    kind = serializers.ChoiceField(choices=list(TicketAttachment.KINDS.items()))
    file = UploadField()


class ServiceVisitWindowSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    starts = serializers.TimeField()
    ends = serializers.TimeField()
    after_hours = serializers.BooleanField()
    surcharge = serializers.DecimalField(max_digits=12, decimal_places=0)


class VisitOptionsSerializer(serializers.Serializer):
    requested_at = serializers.DateTimeField()
    counts_from = serializers.DateField()
    due_on = serializers.DateField(help_text=_("The standard: the next working day."))
    latest_on = serializers.DateField(help_text=_("Never later than this."))
    bookable_dates = serializers.ListField(child=serializers.DateField())
    windows = ServiceVisitWindowSerializer(many=True)


class ServiceKindSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    channels = ServiceCodeLabelSerializer(many=True)
    required = serializers.ListField(child=serializers.CharField())
    free = serializers.BooleanField()


class ServiceCenterInfoSerializer(serializers.Serializer):
    address = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    whatsapp = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    office_hours = serializers.CharField(allow_blank=True)
    office_opens_at = serializers.TimeField()
    office_closes_at = serializers.TimeField()
    after_hours_visit_surcharge = serializers.DecimalField(max_digits=12, decimal_places=0)
    pickup_fee = serializers.DecimalField(max_digits=12, decimal_places=0)
    kinds = ServiceKindSerializer(many=True)
    ship_in_include = ServiceCodeLabelSerializer(many=True)
