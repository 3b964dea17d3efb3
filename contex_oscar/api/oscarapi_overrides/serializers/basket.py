"""oscarapi's basket serializers, adapted to the store (loaded via OSCARAPI_OVERRIDE_MODULES).

- A basket's owner and status cannot be written through the API (oscarapi lets a
  shopper hand their basket to any user by URL).
- A line's only writable field is its quantity, checked against stock and the basket
  limit as adding does (oscarapi lets a shopper move a line into another basket or
  swap its product).
- A line is rendered from its basket's already priced lines instead of re-applying
  the offers once per line (oscarapi's cost grows with the square of the lines).
"""

from oscarapi.serializers import basket as base
from oscarapi.serializers.fields import DrillDownHyperlinkedRelatedField
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from contex_oscar.api import prefetch
from contex_oscar.order import limits


class UnboundedAmountsMixin:
    """Amounts render whatever their size: oscarapi's 12-digit fields raise (a 500) on a
    basket worth Rp 10 billion or more, which a price raised after adding can still make."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            if isinstance(field, serializers.DecimalField):
                field.max_digits = None
        return fields


class BasketSerializer(UnboundedAmountsMixin, base.BasketSerializer):
    owner = serializers.HyperlinkedRelatedField(
        view_name="user-detail", read_only=True, allow_null=True
    )
    is_tax_known = serializers.BooleanField(read_only=True)  # typed for the OpenAPI schema

    class Meta(base.BasketSerializer.Meta):
        read_only_fields = ("status",)


class BasketLineSerializer(UnboundedAmountsMixin, base.BasketLineSerializer):
    stockrecord = DrillDownHyperlinkedRelatedField(
        view_name="product-stockrecord-detail",
        extra_url_kwargs={"product_pk": "product_id"},
        read_only=True,
    )
    is_tax_known = serializers.BooleanField(read_only=True)

    class Meta(base.BasketLineSerializer.Meta):
        read_only_fields = ("product", "basket", "date_created", "date_updated")
        # below 1 is refused by validate_quantity, with the store's code
        extra_kwargs = {"quantity": {"min_value": None}}

    def validate_quantity(self, quantity):
        limits.check_quantity(quantity)  # the store's one refusal (invalid_quantity, 400)
        line = self.instance
        if line is None:
            return quantity
        # the same checks as Oscar's basket form: stock for the new quantity, the
        # basket's item limit for the change
        allowed, message = line.purchase_info.availability.is_purchase_permitted(quantity)
        if allowed:
            allowed, message = line.basket.is_quantity_allowed(quantity - line.quantity, line=line)
        if not allowed:
            raise serializers.ValidationError(str(message), code="quantity_not_allowed")
        unit = line.unit_price_incl_tax if line.is_tax_known else line.unit_price_excl_tax
        try:  # a basket must stay small enough to become an order
            limits.check_basket_change(line.basket, unit, quantity - line.quantity)
        except limits.AmountTooLarge as error:
            raise serializers.ValidationError(error.message, code=error.code)
        return quantity

    def to_representation(self, instance):
        request = self.context["request"]
        line = None
        if request.method in SAFE_METHODS:
            line = prefetch.line_from_basket(instance)
        if line is None:
            # after a change, price the basket again so discounts show at once
            prefetch.prepare_basket(instance.basket, request)
            line = prefetch.line_from_basket(instance) or instance
        # skip oscarapi's to_representation, which re-applies the offers per line
        return super(base.BasketLineSerializer, self).to_representation(line)


class VoucherAddSerializer(base.VoucherAddSerializer):
    """oscarapi's voucher check, each refusal with its own code (``voucher_unknown``,
    ``voucher_expired``, ``voucher_unavailable``) for the store's error answer; the
    messages are Oscar's and oscarapi's, in the store's Indonesian."""

    def validate(self, attrs):
        try:
            return super().validate(attrs)
        except serializers.ValidationError as refusal:
            messages = [str(message) for message in refusal.detail]
            raise serializers.ValidationError(messages, code=self._code(attrs)) from None

    def _code(self, attrs):
        voucher = base.Voucher.objects.filter(code=attrs["vouchercode"]).first()
        if voucher is None:
            return "voucher_unknown"
        return "voucher_unavailable" if voucher.is_active() else "voucher_expired"
