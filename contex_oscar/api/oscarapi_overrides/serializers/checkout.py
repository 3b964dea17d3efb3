"""oscarapi's checkout serializers, adapted to the store (loaded via OSCARAPI_OVERRIDE_MODULES)."""

from django.db import transaction
from django.urls import reverse
from oscarapi.serializers import checkout as base

from contex_oscar.api.fields import OrderStatusField
from contex_oscar.api.order_serializers import OrderLineAttributeSerializer  # noqa: F401
from contex_oscar.order.api.serializers import OrderLifecycleFieldsMixin
from contex_oscar.order.creator import StoreOrderCreator
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

    def get_payment_url(self, obj) -> str:
        """Where the shopper tells the store about a bank transfer (oscarapi's field is a
        payment provider's redirect, which the store has none of; ``payment`` says whether
        the order is paid by transfer)."""
        url = reverse("contex-payment-confirmations", kwargs={"number": obj.number})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class CheckoutBasketField(base.serializers.HyperlinkedRelatedField):
    """The posted basket URL; the view's locked basket object when it names that basket."""

    def get_object(self, view_name, view_args, view_kwargs):
        locked = self.context.get("basket")
        if locked is not None and str(locked.pk) == str(view_kwargs.get(self.lookup_url_kwarg)):
            return locked
        return super().get_object(view_name, view_args, view_kwargs)


class StoreOrderPlacementMixin:
    """Oscar's ``OrderPlacementMixin.place_order`` with the store's batched order creator."""

    order_creator_class = StoreOrderCreator

    def place_order(
        self,
        order_number,
        user,
        basket,
        shipping_address,
        shipping_method,
        shipping_charge,
        order_total,
        billing_address=None,
        surcharges=None,
        **kwargs,
    ):
        shipping_address = self.create_shipping_address(user, shipping_address)
        billing_address = self.create_billing_address(
            user, billing_address, shipping_address, **kwargs
        )
        if "status" in kwargs:
            status = kwargs.pop("status")
        else:
            status = self.get_initial_order_status(basket)
        request = kwargs.pop("request") if "request" in kwargs else getattr(self, "request", None)
        order = self.order_creator_class().place_order(
            user=user,
            order_number=order_number,
            basket=basket,
            shipping_address=shipping_address,
            shipping_method=shipping_method,
            shipping_charge=shipping_charge,
            total=order_total,
            billing_address=billing_address,
            status=status,
            request=request,
            surcharges=surcharges,
            **kwargs,
        )
        self.save_payment_details(order)
        return order


# PaymentCheckoutMixin: ``payment_method``, the order's start status (on-hold while the
# shipping cost waits for a quote, via payment.services.initial_status), its payment records.
class CheckoutSerializer(
    PaymentCheckoutMixin, ShippingCheckoutMixin, StoreOrderPlacementMixin, base.CheckoutSerializer
):
    basket = CheckoutBasketField(view_name="basket-detail", queryset=base.Basket.objects)

    def place_order(self, *args, basket, **kwargs):
        # the last unit: re-check stock under row locks in the transaction that allocates it
        # (the view's transaction: no savepoint of our own)
        with transaction.atomic(savepoint=False):
            lock_and_check_stock(basket)
            return super().place_order(*args, basket=basket, **kwargs)
