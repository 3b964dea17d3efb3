"""Serializers of the order lifecycle API: tracking and the account's order list."""

from types import SimpleNamespace

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from oscar.core.loading import get_model
from oscarapi.serializers.checkout import (
    OrderOfferDiscountSerializer,
    OrderVoucherOfferSerializer,
    VoucherSerializer,
)
from rest_framework import serializers

from contex_oscar.api.fields import OrderStatusField
from contex_oscar.order import invoices
from contex_oscar.order.estimates import delivery_estimate_of
from contex_oscar.order.pickup import pickup_details
from contex_oscar.order.statuses import label_for
from contex_oscar.order.terms import terms_acceptance_of
from contex_oscar.payment.api.serializers import PaymentSummarySerializer
from contex_oscar.shipping.api.serializers import EstimateSerializer

OrderDiscount = get_model("order", "OrderDiscount")


def rupiah_field(**kwargs):
    # two places, like oscarapi's and the payment block's prices (whole rupiah in practice)
    return serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, **kwargs)


class TrackRequestSerializer(serializers.Serializer):
    """The order number with its e-mail address, or the token of a tracking link.

    The e-mail is plain text, not an EmailField: a malformed address gets the same 404
    as a wrong one. A signed-in owner may leave the e-mail out.
    """

    number = serializers.CharField(
        max_length=128, required=False, help_text=gettext_lazy("The order number.")
    )
    email = serializers.CharField(
        max_length=254,
        required=False,
        help_text=gettext_lazy("The order's e-mail address (a signed-in owner may leave it out)."),
    )
    token = serializers.CharField(
        max_length=400,
        required=False,
        help_text=gettext_lazy(
            "Instead of number and e-mail: the token of the tracking link in the order's e-mails."
        ),
    )

    def validate(self, attrs):
        if attrs.get("token"):
            if attrs.get("number") or attrs.get("email"):
                raise serializers.ValidationError(
                    {"token": [gettext_lazy("Send either the token, or the number and e-mail.")]}
                )
            return attrs
        request = self.context.get("request")
        signed_in = request is not None and request.user.is_authenticated
        required = ("number",) if signed_in else ("number", "email")
        missing = {
            name: [
                serializers.ErrorDetail(
                    str(self.fields[name].error_messages["required"]), "required"
                )
            ]
            for name in required
            if not attrs.get(name)
        }
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class CancelRequestSerializer(TrackRequestSerializer):
    """The order's e-mail or tracking token (the number is in the URL); a signed-in owner
    sends nothing."""

    number = None  # in the URL (``context["number"]``), not in the body

    def validate(self, attrs):
        number = self.context["number"]
        # with a token: the token alone (the number must be the token's, ``find_order``)
        attrs = super().validate(attrs if attrs.get("token") else {**attrs, "number": number})
        return {**attrs, "number": number}


class OutOfStockChoiceSerializer(TrackRequestSerializer):
    WAIT, CANCEL = "wait", "cancel"
    choice = serializers.ChoiceField(choices=[WAIT, CANCEL])


class DeliveryEstimateField(serializers.Field):
    """The delivery estimate kept for the order at checkout (``order.estimates``), or null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        kwargs.setdefault(
            "help_text",
            "The delivery estimate given at checkout: working days and dates (store time); "
            "null for showroom pickup.",
        )
        super().__init__(**kwargs)

    def to_representation(self, order):
        estimate = delivery_estimate_of(order)
        return _ESTIMATE.to_representation(estimate) if estimate is not None else None


extend_schema_field(EstimateSerializer(allow_null=True))(DeliveryEstimateField)


class PickupSerializer(serializers.Serializer):
    address = serializers.CharField(help_text="The showroom's address (Store settings).")
    hours = serializers.CharField(help_text="The showroom's opening hours (Store settings).")
    deadline = serializers.DateField(
        allow_null=True,
        help_text="Last day to collect (store date; CONTEX_PICKUP_DAYS working days after "
        "the order was ready); null until it is ready for pickup.",
    )
    status_label = serializers.CharField(
        help_text="The status as a pickup reads it: 'in-shipment' is ready for pickup, "
        "'delivered' picked up."
    )


class PickupField(serializers.Field):
    """A showroom-pickup order's address, hours and deadline (``order.pickup``); null for
    a delivery."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        kwargs.setdefault(
            "help_text",
            "Showroom pickup: where, when and until when to collect; null for a delivery.",
        )
        super().__init__(**kwargs)

    def to_representation(self, order):
        details = pickup_details(order)
        if details is None:
            return None
        details["status_label"] = str(label_for(order.status, pickup=True))
        return _PICKUP.to_representation(details)


# One of each for every answer: they read no context, and a serializer built per answer
# copies its fields anew (the tracking answer's are a tenth of its CPU time).
_ESTIMATE = EstimateSerializer()
_PICKUP = PickupSerializer()


extend_schema_field(PickupSerializer(allow_null=True))(PickupField)


class TimelineEntrySerializer(serializers.Serializer):
    status = OrderStatusField()
    at = serializers.DateTimeField()
    note = serializers.CharField(help_text="Note from the store for the shopper (may be empty).")


class ShipmentSerializer(serializers.Serializer):
    courier = serializers.CharField()
    tracking_number = serializers.CharField()
    shipped_at = serializers.DateTimeField(source="created_at")


class TrackedLineSerializer(serializers.Serializer):
    title = serializers.CharField()
    upc = serializers.CharField(allow_null=True)
    quantity = serializers.IntegerField()
    unit_price = rupiah_field(source="unit_price_incl_tax")
    line_price = rupiah_field(source="line_price_incl_tax")


class MaskedAddressSerializer(serializers.Serializer):
    name = serializers.CharField()
    line1 = serializers.CharField()
    city = serializers.CharField()
    state = serializers.CharField()
    postcode = serializers.CharField()
    country = serializers.CharField()
    phone_number = serializers.CharField()


class TrackingSerializer(serializers.Serializer):
    """What ``POST /api/orders/track/`` answers for the right number and e-mail."""

    number = serializers.CharField(source="order.number")
    status = OrderStatusField(source="order.status")
    date_placed = serializers.DateTimeField(source="order.date_placed")
    currency = serializers.CharField(source="order.currency")
    total = rupiah_field(source="order.total_incl_tax")
    shipping = rupiah_field(source="order.shipping_incl_tax")
    timeline = TimelineEntrySerializer(many=True)
    payment = PaymentSummarySerializer(
        allow_null=True, help_text="While awaiting payment: what to pay, where, by when."
    )
    shipment = ShipmentSerializer(allow_null=True)
    delivered_on = serializers.DateField(allow_null=True)
    lines = TrackedLineSerializer(many=True)
    shipping_address = MaskedAddressSerializer(source="address", allow_null=True)
    delivery_estimate = DeliveryEstimateField(source="order")
    pickup = PickupField(source="order")


class TrackingBriefSerializer(serializers.Serializer):
    tracking_number = serializers.CharField()
    courier = serializers.CharField()
    shipped_at = serializers.DateTimeField(source="created_at")


# OrderShipment fields the account's order list annotates onto each order.
SHIPMENT = ("courier", "tracking_number", "created_at")


def latest_shipment(order):
    """The order's latest shipment; from ``AccountOrderList``'s annotations when present."""
    if hasattr(order, "contex_tracking_number"):
        if not order.contex_tracking_number:
            return None
        return SimpleNamespace(**{name: getattr(order, f"contex_{name}") for name in SHIPMENT})
    from contex_oscar.order.history import shipment_of

    return shipment_of(order)


class OrderLifecycleFieldsMixin(serializers.Serializer):
    """What the store adds to oscarapi's order: the shipment's courier and tracking number,
    the delivery estimate given at checkout.

    (What to pay by when is the payments app's ``payment`` block.) With
    ``AccountOrderList``'s prefetching the list runs a fixed number of queries.
    """

    tracking = serializers.SerializerMethodField()
    delivery_estimate = DeliveryEstimateField()
    pickup = PickupField()
    terms_accepted_at = serializers.SerializerMethodField(
        help_text=gettext_lazy("When the shopper accepted the terms and conditions at checkout.")
    )
    terms_version = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Which terms were accepted: the terms page's publication time, or the store's "
            "terms version."
        )
    )

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_terms_accepted_at(self, order):
        acceptance = terms_acceptance_of(order)
        if acceptance is None:
            return None
        return serializers.DateTimeField().to_representation(acceptance.accepted_at)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_terms_version(self, order):
        acceptance = terms_acceptance_of(order)
        return acceptance.version if acceptance is not None else None

    @extend_schema_field(TrackingBriefSerializer(allow_null=True))
    def get_tracking(self, order):
        shipment = latest_shipment(order)
        return TrackingBriefSerializer(shipment).data if shipment else None

    # oscarapi filters ``basket_discounts`` per order (two queries per order); read
    # the prefetched ``discounts`` instead, and vouchers from one lookup per list.
    def _basket_discounts(self, order):
        return [d for d in order.discounts.all() if d.category == OrderDiscount.BASKET]

    @extend_schema_field(OrderOfferDiscountSerializer(many=True))
    def get_offer_discounts(self, order):
        rows = [d for d in self._basket_discounts(order) if d.offer_id and not d.voucher_id]
        return OrderOfferDiscountSerializer(rows, many=True).data

    @extend_schema_field(OrderVoucherOfferSerializer(many=True))
    def get_voucher_discounts(self, order):
        rows = [d for d in self._basket_discounts(order) if d.voucher_id]
        vouchers = self._vouchers([d.voucher_id for d in rows])
        result = []
        for row in rows:
            data = dict(OrderOfferDiscountSerializer(row).data)
            voucher = vouchers.get(row.voucher_id)
            data["voucher"] = VoucherSerializer(voucher).data if voucher else None
            result.append(data)
        return result

    def _vouchers(self, ids):
        known = self.context.setdefault("contex_vouchers", {})
        missing = {pk for pk in ids if pk not in known}
        if missing:
            # in a list, fetch the vouchers of every order at once
            parent = getattr(self, "parent", None)
            for order in getattr(parent, "instance", None) or ():
                missing |= {d.voucher_id for d in order.discounts.all() if d.voucher_id}
            Voucher = get_model("voucher", "Voucher")
            found = {v.pk: v for v in Voucher.objects.filter(pk__in=missing)}
            for pk in missing:
                known[pk] = found.get(pk)
        return known


class InvoiceCheckoutMixin(serializers.Serializer):
    """Adds the buyer's optional company name and NPWP to oscarapi's checkout; the order
    creator prints them on the order's invoice (``order.invoices``)."""

    company_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text=gettext_lazy("For the invoice.")
    )
    npwp = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("The company's tax number for the invoice: 15 or 16 digits."),
    )

    def validate_npwp(self, value):
        try:
            return invoices.clean_npwp(value)
        except invoices.InvalidNpwp as error:
            raise serializers.ValidationError(error.message, code=error.code)

    def validate(self, attrs):
        self._contex_invoice_buyer = {
            "company_name": attrs.pop("company_name", ""),
            "npwp": attrs.pop("npwp", ""),
        }
        return super().validate(attrs)

    def place_order(self, *args, **kwargs):
        kwargs["invoice_buyer"] = self._contex_invoice_buyer
        return super().place_order(*args, **kwargs)


class AcceptTermsField(serializers.BooleanField):
    """``accept_terms``: required in the schema; a missing (or null) value is False, so the
    order creator's one check answers it (``terms_not_accepted``, 400) like ``false``."""

    def validate_empty_values(self, data):
        if data is serializers.empty or data is None:
            return True, False
        return super().validate_empty_values(data)


class TermsCheckoutMixin(serializers.Serializer):
    """Adds ``accept_terms`` to oscarapi's checkout; the order creator refuses the order
    without it and records the acceptance (``order.terms``)."""

    accept_terms = AcceptTermsField(
        help_text=gettext_lazy(
            "true: the shopper has read and accepts the store's terms and conditions "
            "(false or missing: 400 terms_not_accepted, nothing placed)."
        )
    )

    def validate(self, attrs):
        self._contex_terms_accepted = attrs.pop("accept_terms", False)
        return super().validate(attrs)

    def place_order(self, *args, **kwargs):
        kwargs["terms_accepted"] = self._contex_terms_accepted
        return super().place_order(*args, **kwargs)
