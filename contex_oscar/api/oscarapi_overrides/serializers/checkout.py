"""oscarapi's checkout serializers, adapted to the store (loaded via OSCARAPI_OVERRIDE_MODULES)."""

from django.db import transaction
from oscarapi.serializers import checkout as base

# Re-export what we do not change, so oscarapi's loader finds every name here too.
from oscarapi.serializers.checkout import *  # noqa: E402,F401,F403

from contex_oscar.api.fields import OrderStatusField
from contex_oscar.api.order_serializers import OrderLineAttributeSerializer  # noqa: F401
from contex_oscar.conf import contex_settings
from contex_oscar.order.api.serializers import OrderLifecycleFieldsMixin
from contex_oscar.order.stock import lock_and_check_stock
from contex_oscar.payment.serializers import OrderPaymentField, PaymentCheckoutMixin
from contex_oscar.shipping.serializers import (  # noqa: F401  (replaces oscarapi's)
    ShippingCheckoutMixin,
    ShippingMethodSerializer,
)
from contex_oscar.shipping.services import initial_status_for


# OrderLifecycleFieldsMixin: ``tracking`` (courier, number) and prefetch-friendly discounts.
class OrderSerializer(OrderLifecycleFieldsMixin, base.OrderSerializer):
    status = OrderStatusField()
    payment = OrderPaymentField()  # method, amount due (with unique code), deadline, accounts

    class Meta(base.OrderSerializer.Meta):
        fields = (*base.OrderSerializer.Meta.fields, "payment", "tracking")


# PaymentCheckoutMixin: ``payment_method``, the order's start status, its payment records.
class CheckoutSerializer(PaymentCheckoutMixin, ShippingCheckoutMixin, base.CheckoutSerializer):
    def get_initial_order_status(self, basket):
        # a shipping cost still to be quoted holds the order (on-hold)
        shipping_method = self.validated_data.get("shipping_method")
        return initial_status_for(shipping_method) or contex_settings.CONTEX_INITIAL_ORDER_STATUS

    def place_order(self, *args, basket, **kwargs):
        # the last unit: re-check stock under row locks in the transaction that allocates it
        with transaction.atomic():
            lock_and_check_stock(basket)
            return super().place_order(*args, basket=basket, **kwargs)
