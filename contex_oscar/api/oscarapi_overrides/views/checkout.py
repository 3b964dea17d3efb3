"""oscarapi's checkout views, adapted to the store (loaded via OSCARAPI_OVERRIDE_MODULES)."""

from oscarapi.basket.operations import request_allows_access_to_basket
from oscarapi.signals import oscarapi_post_checkout
from oscarapi.views import checkout as base
from oscarapi.views.checkout import *  # noqa: E402,F401,F403
from oscarapi.views.utils import parse_basket_from_hyperlink
from rest_framework import response, status

from contex_oscar.api.exceptions import error_body, validation_error_body


class CheckoutView(base.CheckoutView):
    """oscarapi's checkout with the store's error format and a submitted basket.

    oscarapi leaves the basket *Frozen* after placing the order (oscarapi #58);
    a placed order's basket is *Submitted*, as in Oscar's own checkout.
    """

    def post(self, request, format=None, *args, **kwargs):
        basket = parse_basket_from_hyperlink(request.data, format)
        if not request_allows_access_to_basket(request, basket):
            return response.Response(
                error_body("basket_not_yours", "This basket does not belong to you."),
                status=status.HTTP_401_UNAUTHORIZED,
            )
        c_ser = self.serializer_class(data=request.data, context={"request": request})
        if not c_ser.is_valid():
            return response.Response(
                validation_error_body(c_ser.errors), status.HTTP_406_NOT_ACCEPTABLE
            )
        order = c_ser.save()
        basket.submit()
        resp = response.Response(
            self.order_serializer_class(order, context={"request": request}).data
        )
        oscarapi_post_checkout.send(
            sender=self, order=order, user=request.user, request=request, response=resp
        )
        return resp


class OrderLineAttributeDetail(base.OrderLineAttributeDetail):
    """oscarapi serves any line attribute to anyone; only the order's owner may read it."""

    def get_queryset(self):
        user = self.request.user
        if not user.is_authenticated:
            return super().get_queryset().none()
        return super().get_queryset().filter(line__order__user=user)
