"""oscarapi's checkout serializers, adapted to the store (loaded via OSCARAPI_OVERRIDE_MODULES)."""

from oscarapi.serializers import checkout as base

from contex_oscar.api.built_fields import BuiltOnceFieldsMixin
from contex_oscar.api.fields import OrderStatusField
from contex_oscar.api.order_serializers import OrderLineAttributeSerializer  # noqa: F401
from contex_oscar.order.api.serializers import (
    InvoiceCheckoutMixin,
    OrderLifecycleFieldsMixin,
    TermsCheckoutMixin,
)
from contex_oscar.payment.api.serializers import OrderPaymentField, PaymentCheckoutMixin
from contex_oscar.shipping.api.serializers import (  # noqa: F401  (replaces oscarapi's)
    CheckoutAddressSerializer,
    SavedAddressSerializerMixin,
    ShippingCheckoutMixin,
    ShippingMethodSerializer,
)


# OrderLifecycleFieldsMixin: ``tracking`` (courier, number), ``delivery_estimate`` (kept at
# checkout), ``pickup`` (showroom address, hours, deadline) and prefetch-friendly discounts.
class InlineShippingAddressSerializer(BuiltOnceFieldsMixin, base.InlineShippingAddressSerializer):
    pass


class InlineBillingAddressSerializer(BuiltOnceFieldsMixin, base.InlineBillingAddressSerializer):
    pass


class OrderSerializer(BuiltOnceFieldsMixin, OrderLifecycleFieldsMixin, base.OrderSerializer):
    status = OrderStatusField()
    payment = OrderPaymentField()  # method, amount due (with unique code), deadline, accounts
    shipping_address = InlineShippingAddressSerializer(many=False, required=False)
    billing_address = InlineBillingAddressSerializer(many=False, required=False)

    class Meta(base.OrderSerializer.Meta):
        # no ``payment_url``: oscarapi fills it with "You need to implement a view named
        # 'api-payment'..."; the store's payment instructions are ``payment``
        fields = (
            *(name for name in base.OrderSerializer.Meta.fields if name != "payment_url"),
            "payment",
            "tracking",
            "delivery_estimate",
            "pickup",
            "terms_accepted_at",
            "terms_version",
        )


class CheckoutBasketField(base.serializers.HyperlinkedRelatedField):
    """The posted basket URL; the view's locked basket object when it names that basket."""

    def get_object(self, view_name, view_args, view_kwargs):
        locked = self.context.get("basket")
        if locked is not None and str(locked.pk) == str(view_kwargs.get(self.lookup_url_kwarg)):
            return locked
        return super().get_object(view_name, view_args, view_kwargs)


# PaymentCheckoutMixin: ``payment_method``, checked for the answer's field errors and
# handed to the order creator (``contex_oscar.order.creator``, through Oscar's class
# loader), which places the order with its payment like every other path.
# InvoiceCheckoutMixin: the buyer's optional company name and NPWP, for the invoice.
# TermsCheckoutMixin: ``accept_terms``, handed to the order creator (refused without).
class CheckoutSerializer(
    TermsCheckoutMixin,
    InvoiceCheckoutMixin,
    PaymentCheckoutMixin,
    ShippingCheckoutMixin,
    base.CheckoutSerializer,
):
    basket = CheckoutBasketField(view_name="basket-detail", queryset=base.Basket.objects)
    # complete for a delivery, name and phone for a pickup (``shipping.addresses``)
    shipping_address = CheckoutAddressSerializer(many=False, required=False)


# ``/api/useraddresses/``: a saved address is complete by the store's address rule
class UserAddressSerializer(SavedAddressSerializerMixin, base.UserAddressSerializer):
    class Meta(base.UserAddressSerializer.Meta):
        fields = (*base.UserAddressSerializer.Meta.fields, "kecamatan", "kelurahan")
