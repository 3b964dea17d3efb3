"""oscarapi's checkout views, adapted to the store (loaded via OSCARAPI_OVERRIDE_MODULES)."""

from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from oscarapi.signals import oscarapi_post_checkout
from oscarapi.views import checkout as base
from oscarapi.views.checkout import *  # noqa: E402,F401,F403
from rest_framework import response, status
from rest_framework.serializers import ValidationError

from contex_oscar.accounts.services import AccountError, ensure_may_check_out
from contex_oscar.api import request_body
from contex_oscar.api.exceptions import error_body, validation_error_body
from contex_oscar.api.order_views import OrderDetail, OrderLineDetail, OrderLineList  # noqa: F401
from contex_oscar.api.transactions import OwnTransactionView
from contex_oscar.order.api.views import AccountOrderList as OrderList  # noqa: F401
from contex_oscar.order.checkout_once import (
    CheckoutRefused,
    basket_id_from_hyperlink,
    idempotency_key,
    lock_own_basket,
    order_already_placed,
    remember_key,
)
from contex_oscar.order.stock import InsufficientStock, is_stock_constraint_error

CHECKOUT_ERROR = OpenApiResponse(
    response=OpenApiTypes.OBJECT, description="Error: {code, message, errors?}."
)


class CheckoutView(OwnTransactionView, base.CheckoutView):
    """oscarapi's checkout with the store's error format and a submitted basket.

    oscarapi leaves the basket *Frozen* after placing the order (oscarapi #58);
    a placed order's basket is *Submitted*, as in Oscar's own checkout. The view opens
    its own transaction (no request transaction around it, see ``OwnTransactionView``).
    """

    @extend_schema(
        summary="Place the order for a basket",
        description=(
            "Refusals are JSON `{code, message, errors?}`: 406 for an invalid request "
            "(`validation_error`, shipping and payment codes), 409 `insufficient_stock` when a "
            "line can no longer be bought in its quantity (`errors.lines`), 409 "
            "`basket_already_submitted` when the basket's order was already placed. Send an "
            "`Idempotency-Key` header to make retries safe: the same key for the same basket "
            "returns the order it placed (header `Idempotent-Replayed: true`)."
        ),
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="8-100 characters: letters, digits, `_ . : -`.",
            )
        ],
        request=base.CheckoutSerializer,
        responses={
            200: base.OrderSerializer,
            400: CHECKOUT_ERROR,
            401: CHECKOUT_ERROR,
            403: CHECKOUT_ERROR,
            406: CHECKOUT_ERROR,
            409: CHECKOUT_ERROR,
        },
    )
    def post(self, request, format=None, *args, **kwargs):
        try:
            # One attempt, all or nothing: its own transaction, or a savepoint inside the
            # caller's (a site's TestCase, code calling this view). A refusal leaves the
            # block as an exception: the attempt is rolled back, the caller's transaction
            # stays usable. One checkout of a basket at a time (lock_own_basket).
            with transaction.atomic():
                return self.check_out(request, format)
        except CheckoutRefused as refusal:
            return response.Response(error_body(refusal.code, refusal.message), refusal.status)
        except InsufficientStock as error:
            return _insufficient_stock(error.shortages)
        except IntegrityError as error:
            # the database's last word (constraint contex_stock_allocated_within_stock)
            if is_stock_constraint_error(error):
                return _insufficient_stock([])
            raise

    def check_out(self, request, format=None):
        try:  # a signed-in shopper must have verified the e-mail address
            ensure_may_check_out(request.user)
        except AccountError as error:
            return response.Response(error_body(error.code, error.message), error.status)
        key = idempotency_key(request)
        try:  # a body that is not an object, a missing, bad or unknown basket URL
            basket_id = basket_id_from_hyperlink(request_body.posted_object(request), format)
            basket = lock_own_basket(request, basket_id)  # a repeat finds it submitted
        except ValidationError as error:
            return response.Response(
                validation_error_body(error.detail), status.HTTP_406_NOT_ACCEPTABLE
            )
        placed = order_already_placed(basket, key)
        if placed is not None:  # a retry with the same Idempotency-Key
            return response.Response(
                self.order_serializer_class(placed, context={"request": request}).data,
                headers={"Idempotent-Replayed": "true"},
            )
        # the serializer checks out this locked basket object (no second load)
        context = {"request": request, "basket": basket}
        c_ser = self.serializer_class(data=request.data, context=context)
        if not c_ser.is_valid():
            return response.Response(
                validation_error_body(c_ser.errors), status.HTTP_406_NOT_ACCEPTABLE
            )
        # place_order locks the stock records and re-checks them (lock_and_check_stock)
        order = c_ser.save()
        basket.submit()
        remember_key(basket, key, order)
        # what the response and the order-placed e-mail read, loaded once
        prefetch_related_objects([order], "discounts", "surcharges", "sources")
        resp = response.Response(
            self.order_serializer_class(order, context={"request": request}).data
        )
        oscarapi_post_checkout.send(
            sender=self, order=order, user=request.user, request=request, response=resp
        )
        return resp


def _insufficient_stock(shortages):
    error = InsufficientStock(shortages)
    return response.Response(
        error_body(error.code, error.message, {"lines": shortages} if shortages else None),
        status=status.HTTP_409_CONFLICT,
    )


class OrderLineAttributeDetail(base.OrderLineAttributeDetail):
    """oscarapi serves any line attribute to anyone; only the order's owner may read it."""

    def get_queryset(self):
        user = self.request.user
        if not user.is_authenticated:
            return super().get_queryset().none()
        return super().get_queryset().filter(line__order__user=user)
