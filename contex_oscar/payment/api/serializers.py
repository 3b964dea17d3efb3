from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contex_oscar.api.built_fields import BuiltOnceFieldsMixin
from contex_oscar.api.fields import UploadField
from contex_oscar.order import limits
from contex_oscar.payment import services
from contex_oscar.payment.models import BankAccount, OrderPayment, PaymentConfirmation


class BankAccountSerializer(BuiltOnceFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = BankAccount
        fields = ("id", "bank_name", "branch", "account_number", "account_holder")


class PaymentSummarySerializer(serializers.Serializer):
    """The ``payment`` block: what the shopper pays, how, and by when."""

    method = serializers.CharField()
    method_label = serializers.CharField()
    state = serializers.ChoiceField(choices=OrderPayment.STATES)
    amount_due = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text=_("The order total plus the unique code: transfer exactly this."),
    )
    unique_code = serializers.IntegerField(allow_null=True)
    deadline = serializers.DateTimeField(
        allow_null=True, help_text=_("Pay before this moment (bank transfer, while unpaid).")
    )
    bank_accounts = BankAccountSerializer(many=True)
    amount_paid = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text=_("Money the store received for the order, less what it refunded."),
    )
    is_paid = serializers.BooleanField(
        help_text=_("The money received pays for the order (false once it is cancelled).")
    )
    refund_owed = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text=_("Money the store still has to pay back (a cancel, a lower price)."),
    )
    amount_refunded = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text=_("Money the store has paid back so far.")
    )


@extend_schema_field(PaymentSummarySerializer(allow_null=True))
class OrderPaymentField(serializers.Field):
    """An order's payment block; the bank accounts are read once per response."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, order):
        cache = self.context.setdefault("contex_payment", {}) if self.context is not None else {}
        if "bank_accounts" not in cache:  # (the order-placed e-mail may have read them)
            cache["bank_accounts"] = services.bank_accounts_for(order)
        order._contex_bank_accounts = cache["bank_accounts"]  # e.g. for the order-placed e-mail
        summary = services.payment_summary(order, bank_accounts=cache["bank_accounts"])
        return PaymentSummarySerializer(summary).data if summary else None


class PaymentCheckoutMixin(serializers.Serializer):
    """Adds ``payment_method`` to oscarapi's checkout and records the payment with the order."""

    payment_method = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        help_text=_("Code from /api/checkout/payment-methods/ (default: bank-transfer)."),
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        try:
            method = services.choose_method(
                attrs.get("payment_method"),
                attrs.get("basket"),
                attrs.get("shipping_address"),
                attrs.get("shipping_method"),
            )
        except services.PaymentError as error:
            raise serializers.ValidationError(
                {"payment_method": [serializers.ErrorDetail(error.message, code=error.code)]}
            )
        try:  # the total with shipping, and the unique code, must fit the order columns
            limits.check_amount(
                services.largest_amount_due(attrs["order_total"].incl_tax, method),
                "order_total_too_large",
            )
        except limits.AmountTooLarge as error:
            raise serializers.ValidationError(
                {"total": [serializers.ErrorDetail(error.message, code=error.code)]}
            )
        attrs["payment_method"] = method.code
        self._contex_payment_method = method
        return attrs

    def place_order(self, *args, **kwargs):
        # the order creator records the payment and picks the method's starting status
        kwargs["payment_method"] = self._contex_payment_method.code
        kwargs.setdefault("status", None)
        return super().place_order(*args, **kwargs)


class PaymentMethodsRequestSerializer(serializers.Serializer):
    shipping_address = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=255),
        required=False,
        allow_null=True,
        help_text=_("The shipping address as posted to /api/checkout/ (country as a URL)."),
    )
    shipping_method_code = serializers.CharField(max_length=128, required=False, allow_blank=True)


class PaymentMethodSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    description = serializers.CharField()
    available = serializers.BooleanField()
    reason_code = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True)
    order_status = serializers.CharField(
        help_text=_("Code of the status an order placed with this method starts in."),
    )


class PaymentConfirmationSerializer(serializers.ModelSerializer):
    bank_account = BankAccountSerializer(read_only=True)
    proof_url = serializers.SerializerMethodField()

    class Meta:
        model = PaymentConfirmation
        fields = (
            "id",
            "status",
            "bank_account",
            "sender_bank",
            "sender_account_holder",
            "amount",
            "transfer_date",
            "note",
            "rejection_reason",
            "proof_url",
            "proof_content_type",
            "created_at",
            "reviewed_at",
        )

    def get_proof_url(self, confirmation) -> str | None:
        from django.urls import reverse

        if not confirmation.proof:
            return None
        return reverse(
            "contex-payment-proof",
            kwargs={"number": confirmation.order.number, "pk": confirmation.pk},
        )


class ConfirmationWarningSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=_("amount_differs: the amount stated is not the amount due.")
    )
    message = serializers.CharField(help_text=_("What differs, in the request's language."))
    amount_due = serializers.DecimalField(max_digits=12, decimal_places=2)
    amount_stated = serializers.DecimalField(max_digits=12, decimal_places=2)
    difference = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text=_("Amount stated minus amount due.")
    )


class PaymentConfirmationCreatedSerializer(PaymentConfirmationSerializer):
    """The 201 answer: the confirmation, and what the shopper should know at once."""

    warnings = serializers.SerializerMethodField()

    class Meta(PaymentConfirmationSerializer.Meta):
        fields = (*PaymentConfirmationSerializer.Meta.fields, "warnings")

    @extend_schema_field(ConfirmationWarningSerializer(many=True))
    def get_warnings(self, confirmation):
        warning = getattr(confirmation, "amount_warning", None)
        return ConfirmationWarningSerializer([warning] if warning else [], many=True).data


class PaymentConfirmationCreateSerializer(serializers.Serializer):
    """Multipart form of ``POST /api/orders/{number}/payment-confirmations/``."""

    email = serializers.EmailField(
        required=False,
        help_text=_("The order's e-mail address (a signed-in owner may leave it out)."),
    )
    token = serializers.CharField(
        required=False,
        max_length=400,
        help_text=_(
            "Instead of the e-mail: the token of the tracking link in the order's e-mails."
        ),
    )
    bank_account = serializers.PrimaryKeyRelatedField(
        queryset=BankAccount.objects.active(),
        help_text=_("Id of the store account paid to (GET /api/bank-accounts/)."),
        error_messages={"does_not_exist": _("Choose one of the store's bank accounts.")},
    )
    sender_bank = serializers.CharField(max_length=80)
    sender_account_holder = serializers.CharField(max_length=120)
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=1, help_text=_("Whole rupiah.")
    )
    transfer_date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    proof = UploadField(
        required=False,
        help_text=_(
            "Recommended, not required (JPEG, PNG, WebP or PDF, at most 5 MB): a "
            "confirmation with a proof is reviewed first."
        ),
    )

    def validate_amount(self, value):
        try:
            return services.clean_amount(value)
        except services.PaymentError as error:
            raise serializers.ValidationError(error.message, code=error.code)

    def validate_proof(self, upload):
        self.proof_content_type = upload.contex_content_type
        return upload


def method_rows(basket, shipping_address, shipping_method):
    rows = []
    for method, availability in services.available_methods(
        basket, shipping_address, shipping_method
    ):
        rows.append(
            {
                "code": method.code,
                "label": method.label,
                "description": method.description,
                "available": availability.available,
                "reason_code": availability.reason_code,
                "reason": availability.reason,
                "order_status": services.initial_status(method, shipping_method),
            }
        )
    return rows
