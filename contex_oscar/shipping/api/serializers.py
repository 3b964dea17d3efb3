"""The shipping part of the store's API, plugged into oscarapi through its override modules.

``ShippingMethodSerializer`` replaces oscarapi's for ``POST /api/basket/shipping-methods/``
(view in ``contex_oscar.api.oscarapi_overrides.views.basket``); ``ShippingCheckoutMixin``
goes in front of oscarapi's ``CheckoutSerializer`` so the client's method and prices are
checked against what the server computes for the posted address.

Imports no oscarapi *views*: oscarapi's view modules load our serializer overrides.
"""

from decimal import Decimal as D

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from oscar.core.loading import get_class, get_model
from oscarapi.serializers import checkout as base_checkout
from oscarapi.serializers.checkout import PriceSerializer
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, ValidationError

from contex_oscar.api import prefetch
from contex_oscar.api.built_fields import BuiltOnceFieldsMixin
from contex_oscar.conf import contex_settings
from contex_oscar.shipping import addresses
from contex_oscar.shipping.methods import SHOWROOM_PICKUP, is_store_code

ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")


def get_repository():
    # Loaded per call so a site's fork (and tests' overrides) are respected.
    return get_class("shipping.repository", "Repository")()


class EstimateSerializer(serializers.Serializer):
    min_days = serializers.IntegerField(help_text="Fastest delivery, in working days.")
    max_days = serializers.IntegerField(help_text="Slowest delivery, in working days.")
    earliest_date = serializers.DateField(help_text="Earliest delivery date (store time).")
    latest_date = serializers.DateField(help_text="Latest delivery date (store time).")


class ShippingMethodSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=128,
        help_text="jabodetabek-free, zone-<zone>, quote-on-request or showroom-pickup; "
        "send it back as the checkout's shipping_method_code.",
    )
    name = serializers.CharField(max_length=128)
    description = serializers.CharField()
    price = serializers.SerializerMethodField()
    is_discounted = serializers.BooleanField()
    discount = serializers.SerializerMethodField()
    is_free = serializers.BooleanField(help_text="Nothing to pay for shipping.")
    quote_pending = serializers.BooleanField(
        help_text="The call center confirms the cost after the order is placed; the order "
        "starts on hold and price is 0 until then."
    )
    requires_address = serializers.BooleanField(help_text="False only for showroom pickup.")
    estimate = serializers.SerializerMethodField()

    @extend_schema_field(PriceSerializer)
    def get_price(self, method):
        return PriceSerializer(method.calculate(self.context.get("basket"))).data

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2))
    def get_discount(self, method):
        return f"{D(method.discount(self.context.get('basket'))):.2f}"

    @extend_schema_field(EstimateSerializer(allow_null=True))
    def get_estimate(self, method):
        estimate = method.estimate() if hasattr(method, "estimate") else None
        return EstimateSerializer(estimate).data if estimate else None


def _error(field, message, code):
    return ValidationError({field: [ErrorDetail(str(message), code=code)]})


class ShippingCheckoutMixin:
    """Put before oscarapi's ``CheckoutSerializer``.

    oscarapi silently falls back to the default method for an unknown code and
    trusts whatever method it finds; here the method must be one the
    repository offers for *this* address, and a posted shipping charge or total
    must equal the server's, else the checkout is refused with a clear code.
    """

    def validate(self, attrs):
        if attrs.get("basket") is not None:
            # lines with product, class and stock records in fixed queries (oscarapi
            # loads them one line at a time)
            prefetch.prefetch_basket(attrs["basket"], lock_stock=True)
        posted_charge = attrs.pop("shipping_charge", None)
        posted_total = attrs.pop("total", None)
        self._check_address(attrs)
        attrs = super().validate(attrs)
        charge = attrs["shipping_charge"]
        if posted_charge is not None and not _same_charge(posted_charge, charge):
            raise _error(
                "shipping_charge",
                _("The shipping charge is %(charge)s, not what was sent.")
                % {"charge": f"{charge.incl_tax:.2f}"},
                "shipping_charge_mismatch",
            )
        total = attrs["order_total"].incl_tax
        if posted_total is not None and posted_total != total:
            raise _error(
                "total",
                _("The order total is %(total)s, not what was sent.") % {"total": f"{total:.2f}"},
                "total_mismatch",
            )
        return attrs

    def _check_address(self, attrs):
        """The store's address rule (``shipping.addresses``): a delivery needs the whole
        address, a showroom pickup (chosen, or the default without an address) the name
        and phone; the phone is stored normalised."""
        code = attrs.get("shipping_method_code")
        address = attrs.get("shipping_address")
        pickup = code == SHOWROOM_PICKUP or (code is None and not address)
        if not address and not pickup:  # the method check says "needs an address"
            return
        phone, errors = addresses.address_errors(address or {}, pickup=pickup)
        if errors:
            raise ValidationError({"shipping_address": field_errors(errors)})
        address["phone_number"] = phone
        if address.get("country") is None:  # a pickup's contact: the store's own country
            address["country"] = Country.objects.get(
                pk=contex_settings.CONTEX_SHIPPING_COUNTRIES[0]
            )

    def _shipping_method(self, request, basket, shipping_method_code, shipping_address):
        offered = get_repository().get_shipping_methods(
            basket=basket, user=request.user, request=request, shipping_addr=shipping_address
        )
        if shipping_method_code is None:
            return offered[0]
        for method in offered:
            if method.code == shipping_method_code:
                return method
        available = ", ".join(method.code for method in offered)
        if not is_store_code(shipping_method_code):
            raise _error(
                "shipping_method_code",
                _("Unknown shipping method. Available: %(codes)s.") % {"codes": available},
                "unknown_shipping_method",
            )
        if not shipping_address:
            raise _error(
                "shipping_address",
                _("This shipping method needs a shipping address."),
                "shipping_address_required",
            )
        raise _error(
            "shipping_method_code",
            _("This shipping method is not available for this address. Available: %(codes)s.")
            % {"codes": available},
            "shipping_method_unavailable",
        )


def _same_charge(posted, charge):
    if posted.get("currency") and posted["currency"] != charge.currency:
        return False
    if D(posted["excl_tax"]) != charge.excl_tax:
        return False
    incl_tax = posted.get("incl_tax")
    return incl_tax is None or D(incl_tax) == charge.incl_tax


def field_errors(errors):
    """``addresses.address_errors``' errors as DRF field errors, under the API's names."""
    api_names = {line: name for name, line in addresses.NAMED_LINES.items()}
    return {
        api_names.get(field, field): [
            ErrorDetail(str(message), code=code) for message, code in rows
        ]
        for field, rows in errors.items()
    }


class StoreAddressFieldsMixin(serializers.Serializer):
    """Put before oscarapi's address serializers: the phone as typed (``08...`` too, the
    rule normalises it) and kecamatan / kelurahan under their names (kept in line3 / line2,
    see ``shipping.addresses``)."""

    phone_number = serializers.CharField(
        required=False, allow_blank=True, max_length=128, help_text="08..., 62... or +62..."
    )
    kecamatan = serializers.CharField(
        source="line3", required=False, allow_blank=True, max_length=255, help_text="line3"
    )
    kelurahan = serializers.CharField(
        source="line2", required=False, allow_blank=True, max_length=255, help_text="line2"
    )


class ShippingAddressSerializer(BuiltOnceFieldsMixin, base_checkout.ShippingAddressSerializer):
    """oscarapi's shipping address as posted for the shipping methods, its fields built once."""


class CheckoutAddressSerializer(
    BuiltOnceFieldsMixin, StoreAddressFieldsMixin, base_checkout.ShippingAddressSerializer
):
    """The checkout's shipping address: complete for a delivery, only the name and phone
    for a showroom pickup (the checkout serializer applies the rule, it knows the method)."""

    country = serializers.HyperlinkedRelatedField(
        view_name="country-detail", queryset=Country.objects, required=False
    )

    class Meta(base_checkout.ShippingAddressSerializer.Meta):
        extra_kwargs = {"line1": {"required": False, "allow_blank": True}}


class SavedAddressSerializerMixin(StoreAddressFieldsMixin):
    """Put before oscarapi's ``UserAddressSerializer``: a saved address is a delivery
    address, complete by the store's rule."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        current = {}
        if self.instance is not None:  # a partial update keeps what it does not send
            current = {field: getattr(self.instance, field) for field in addresses.RULE_FIELDS}
            current["country"] = self.instance.country
        phone, errors = addresses.address_errors({**current, **attrs})
        if errors:
            raise ValidationError(field_errors(errors))
        attrs["phone_number"] = phone
        return attrs
