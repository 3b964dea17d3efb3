"""What the staff API reads and writes. Inputs mirror the dashboard's forms; outputs are
the rows of the dashboard's lists."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from contex_oscar import webhooks
from contex_oscar.models import OutboxMessage
from contex_oscar.order.statuses import STATUSES as ORDER_STATUSES
from contex_oscar.order.statuses import label_for
from contex_oscar.payment.models import PaymentConfirmation
from contex_oscar.service_center import statuses as ticket_statuses
from contex_oscar.service_center.api.serializers import TicketSummarySerializer
from contex_oscar.service_center.desk import OPEN, staff_members
from contex_oscar.service_center.kinds import KINDS
from contex_oscar.service_center.models import QuoteLine

RUPIAH = {"max_digits": 14, "decimal_places": 0}


def paginated(name, row_serializer):
    """The schema of a page of ``row_serializer`` rows (``api.pagination.StorePagination``)."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": row_serializer(many=True),
        },
    )


# --- payments ---------------------------------------------------------------------
class ConfirmationSerializer(serializers.Serializer):
    """One row of the confirmation queue (``payment.queues.annotate_review``)."""

    id = serializers.IntegerField()
    order_number = serializers.CharField(source="order.number")
    status = serializers.ChoiceField(choices=PaymentConfirmation.STATUSES)
    amount = serializers.DecimalField(**RUPIAH)
    amount_due = serializers.DecimalField(**RUPIAH)
    amount_mismatch = serializers.BooleanField()
    bank_account = serializers.CharField()
    sender_bank = serializers.CharField()
    sender_account_holder = serializers.CharField()
    transfer_date = serializers.DateField()
    has_proof = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    review_due = serializers.DateTimeField(help_text=_("When staff must have reviewed it."))
    is_overdue = serializers.BooleanField()
    rejection_reason = serializers.CharField(allow_blank=True)

    def get_has_proof(self, confirmation) -> bool:
        return bool(confirmation.proof)


class ConfirmationFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=PaymentConfirmation.STATUSES, default=PaymentConfirmation.PENDING
    )


class ApproveSerializer(serializers.Serializer):
    accept_mismatch = serializers.BooleanField(
        default=False, help_text=_("Approve although the amount differs from the amount due.")
    )


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, help_text=_("Sent to the shopper."))


class UnpaidTransferSerializer(serializers.Serializer):
    """An open bank-transfer order (``payment.queues.annotate_unpaid``)."""

    order_number = serializers.CharField(source="order.number")
    amount_due = serializers.DecimalField(**RUPIAH)
    deadline = serializers.DateTimeField(allow_null=True)
    is_overdue = serializers.BooleanField()
    has_pending_confirmation = serializers.BooleanField(source="has_pending")


class UnpaidFilterSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        required=False,
        min_value=1,
        max_digits=14,
        decimal_places=2,  # "1500123" or "1500123.00", as the statement shows it
        help_text=_("The amount on the bank statement (total + unique code)."),
    )


class RecordPaymentSerializer(serializers.Serializer):
    amount = serializers.DecimalField(min_value=1, **RUPIAH)
    reference = serializers.CharField(required=False, allow_blank=True, max_length=128)
    accept_mismatch = serializers.BooleanField(default=False)


# --- orders and shipping ----------------------------------------------------------
class OrderStatusSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.SerializerMethodField()

    def get_status_label(self, order) -> str:
        return str(label_for(order.status))


class StatusChangeSerializer(serializers.Serializer):
    """A move along the status route; ``in-shipment`` needs ``courier`` and
    ``tracking_number``, a return its ``return_reason``."""

    status = serializers.ChoiceField(choices=list(ORDER_STATUSES))
    note = serializers.CharField(required=False, allow_blank=True, default="")
    shopper_note = serializers.CharField(required=False, allow_blank=True, default="")
    courier = serializers.CharField(required=False, allow_blank=True, max_length=80, default="")
    tracking_number = serializers.CharField(
        required=False, allow_blank=True, max_length=80, default=""
    )
    delivered_on = serializers.DateField(required=False, allow_null=True, default=None)
    return_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )


class QuoteOrderSerializer(serializers.Serializer):
    """An order on hold until staff set the shipping cost quoted by phone."""

    number = serializers.CharField()
    date_placed = serializers.DateTimeField()
    status = serializers.CharField()
    postcode = serializers.CharField(source="shipping_address.postcode", default="")
    city = serializers.CharField(source="shipping_address.line4", default="")
    total = serializers.DecimalField(source="total_incl_tax", **RUPIAH)


class ShippingQuoteSerializer(serializers.Serializer):
    amount = serializers.DecimalField(min_value=0, max_digits=12, decimal_places=0)


# --- the service desk -------------------------------------------------------------
class DeskTicketSerializer(TicketSummarySerializer):
    """A ticket as the desk lists it."""

    name = serializers.CharField()
    email = serializers.EmailField()
    serial_number = serializers.CharField(allow_blank=True)
    technician = serializers.EmailField(source="technician.email", default=None)
    is_overdue = serializers.SerializerMethodField()

    def get_is_overdue(self, ticket) -> bool:
        return ticket.is_overdue(self.context.get("today"))


class TicketFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=120, default="")
    kind = serializers.ChoiceField(choices=list(KINDS), required=False)
    status = serializers.ChoiceField(choices=[OPEN, *ticket_statuses.STATUSES], required=False)
    technician = serializers.PrimaryKeyRelatedField(
        queryset=staff_members(), required=False, default=None
    )
    overdue = serializers.BooleanField(required=False, default=False)


class AssignSerializer(serializers.Serializer):
    technician = serializers.PrimaryKeyRelatedField(
        queryset=staff_members(), allow_null=True, help_text=_("A staff member's id, or null.")
    )


class TicketStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=list(ticket_statuses.STATUSES))
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    shopper_note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default=""
    )


class QuoteLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuoteLine
        fields = ["kind", "description", "quantity", "unit_price"]


# --- webhooks ---------------------------------------------------------------------
class WebhookEndpointSerializer(serializers.Serializer):
    """A site's webhook endpoint as staff register or change it (``webhooks``)."""

    id = serializers.IntegerField(read_only=True)
    url = serializers.CharField(max_length=500)
    events = serializers.MultipleChoiceField(choices=list(webhooks.EVENTS.items()))
    description = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    is_active = serializers.BooleanField(required=False, default=True)
    created_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, endpoint):
        row = super().to_representation(endpoint)
        row["events"] = sorted(row["events"])
        return row


class WebhookEndpointWithSecretSerializer(WebhookEndpointSerializer):
    """One endpoint with its signing secret (the receiver checks signatures with it)."""

    secret = serializers.CharField(read_only=True)


class DeliveryFilterSerializer(serializers.Serializer):
    # left out: every delivery
    status = serializers.ChoiceField(choices=OutboxMessage.STATUS_CHOICES, required=False)
    endpoint = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class DeliveryAttemptSerializer(serializers.Serializer):
    attempted_at = serializers.DateTimeField()
    succeeded = serializers.BooleanField()
    response_code = serializers.IntegerField(allow_null=True)
    error = serializers.CharField(allow_blank=True)
    duration_ms = serializers.IntegerField()


class WebhookDeliverySerializer(serializers.Serializer):
    """One delivery of the log: the event, where to, its state and every attempt."""

    id = serializers.IntegerField()
    event = serializers.CharField(source="kind")
    event_id = serializers.CharField(source="message_id")
    endpoint = serializers.IntegerField(source="endpoint_id")
    url = serializers.CharField(source="endpoint.url")
    status = serializers.ChoiceField(choices=OutboxMessage.STATUS_CHOICES)
    attempts = serializers.IntegerField()
    next_attempt_at = serializers.DateTimeField()
    last_error = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)
    body = serializers.CharField()
    delivery_attempts = DeliveryAttemptSerializer(many=True)
