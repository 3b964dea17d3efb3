"""oscarapi's checkout serializers, adapted to the store (loaded via OSCARAPI_OVERRIDE_MODULES)."""

from django.db import transaction
from oscarapi.serializers import checkout as base

# Re-export what we do not change, so oscarapi's loader finds every name here too.
from oscarapi.serializers.checkout import *  # noqa: E402,F401,F403

from contex_oscar.api.fields import OrderStatusField
from contex_oscar.api.order_serializers import OrderLineAttributeSerializer  # noqa: F401
from contex_oscar.order.api.serializers import OrderLifecycleFieldsMixin
from contex_oscar.order.stock import lock_and_check_stock
from contex_oscar.payment.serializers import OrderPaymentField, PaymentCheckoutMixin
from contex_oscar.shipping.serializers import (  # noqa: F401  (replaces oscarapi's)
    ShippingCheckoutMixin,
    ShippingMethodSerializer,
)


# OrderLifecycleFieldsMixin: ``tracking`` (courier, number) and prefetch-friendly discounts.
class OrderSerializer(OrderLifecycleFieldsMixin, base.OrderSerializer):
    status = OrderStatusField()
    payment = OrderPaymentField()  # method, amount due (with unique code), deadline, accounts

    class Meta(base.OrderSerializer.Meta):
        fields = (*base.OrderSerializer.Meta.fields, "payment", "tracking")


# PaymentCheckoutMixin: ``payment_method``, the order's start status (on-hold while the
# shipping cost waits for a quote, via payment.services.initial_status), its payment records.
class CheckoutSerializer(PaymentCheckoutMixin, ShippingCheckoutMixin, base.CheckoutSerializer):
    def place_order(self, *args, basket, **kwargs):
        # the last unit: re-check stock under row locks in the transaction that allocates it
        with transaction.atomic():
            lock_and_check_stock(basket)
            return super().place_order(*args, basket=basket, **kwargs)
