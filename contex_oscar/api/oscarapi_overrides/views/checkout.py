"""oscarapi's checkout views, adapted to the store (loaded via OSCARAPI_OVERRIDE_MODULES)."""

from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from oscar.core.loading import get_model
from oscarapi.basket.operations import get_basket_id_from_session
from oscarapi.signals import oscarapi_post_checkout
from oscarapi.views import checkout as base
from rest_framework import response, status
from rest_framework.fields import empty
from rest_framework.relations import HyperlinkedRelatedField
from rest_framework.serializers import ValidationError

from contex_oscar.accounts.services import ensure_may_check_out
from contex_oscar.api import request_body
from contex_oscar.api.exceptions import error_codes, error_response, validation_error_body
from contex_oscar.api.idempotency import idempotency_key
from contex_oscar.api.order_views import OrderDetail, OrderLineDetail, OrderLineList  # noqa: F401
from contex_oscar.api.transactions import OwnTransactionView
from contex_oscar.errors import StoreError
from contex_oscar.order.api.views import AccountOrderList as OrderList  # noqa: F401
from contex_oscar.order.checkout_once import (
    lock_own_basket,
    order_already_placed,
    remember_key,
)
from contex_oscar.order.limits import InvalidQuantity
from contex_oscar.order.stock import InsufficientStock, is_stock_constraint_error
from contex_oscar.order.terms import TermsNotAccepted
from contex_oscar.payment.services import UniqueAmountExhausted
from contex_oscar.shipping.regions import zones_remembered

CHECKOUT_ERROR = OpenApiResponse(
    response=OpenApiTypes.OBJECT, description="Error: {code, message, errors?}."
)


Basket = get_model("basket", "Basket")


class _BasketLink(HyperlinkedRelatedField):
    """Reads the basket id from its URL without loading it (``lock_own_basket`` does)."""

    def get_object(self, view_name, view_args, view_kwargs):
        try:
            return int(view_kwargs[self.lookup_url_kwarg])
        except (KeyError, TypeError, ValueError):
            raise Basket.DoesNotExist from None


def basket_id_from_hyperlink(data, format=None):
    """The id in the posted ``basket`` URL (``data``: the posted fields).

    A missing or bad URL raises the ``ValidationError`` the checkout serializer would
    give, on ``basket`` (the checkout answers it 406 ``validation_error``, as oscarapi).
    """
    link = _BasketLink(view_name="basket-detail", queryset=Basket.objects, format=format)
    try:
        return link.run_validation(data.get("basket", empty))
    except ValidationError as error:
        raise ValidationError({"basket": error.detail}) from None


def lock_shoppers_basket(request, basket_id):
    """The requester's basket, locked (``lock_own_basket``); none gives the serializer's
    ``ValidationError`` on ``basket``, as for a URL naming no basket."""
    try:
        guest_basket = (
            None if request.user.is_authenticated else get_basket_id_from_session(request)
        )
        return lock_own_basket(basket_id, request.user, guest_basket)
    except Basket.DoesNotExist:
        message = HyperlinkedRelatedField.default_error_messages["does_not_exist"]
        raise ValidationError({"basket": [message]}, code="does_not_exist") from None


class CheckoutView(OwnTransactionView, base.CheckoutView):
    """oscarapi's checkout with the store's error format and a submitted basket.

    oscarapi leaves the basket *Frozen* after placing the order (oscarapi #58);
    a placed order's basket is *Submitted*, as in Oscar's own checkout. The view opens
    its own transaction (no request transaction around it, see ``OwnTransactionView``).
    """

    @extend_schema(
        summary="Place the order for a basket",
        description=(
            "`accept_terms: true` is required: without it 400 `terms_not_accepted` (nothing "
            "placed). "
            "Refusals are JSON `{code, message, errors?}`: 406 for an invalid request "
            "(`validation_error`, shipping and payment codes), 409 `insufficient_stock` when a "
            "line can no longer be bought in its quantity (`errors.lines`), 409 "
            "`basket_already_submitted` when the basket's order was already placed, 503 "
            "`unique_amount_exhausted` when every unique code would repeat the amount due of "
            "another unpaid bank transfer of the same total (nothing placed). Send an "
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
            503: CHECKOUT_ERROR,
        },
        # 406 (the serializer's field codes: shipping, payment, address) keeps any code
        extensions=error_codes(
            TermsNotAccepted,
            InvalidQuantity,
            (400, "invalid_idempotency_key"),
            (401, "basket_not_yours"),
            (403, "email_not_verified"),
            InsufficientStock,
            (409, "basket_already_submitted"),
            (409, "basket_not_open"),
            UniqueAmountExhausted,
        ),
    )
    def post(self, request, format=None, *args, **kwargs):
        try:
            # One attempt, all or nothing: its own transaction, or a savepoint inside the
            # caller's (a site's TestCase, code calling this view). A refusal leaves the
            # block as an exception: the attempt is rolled back, the caller's transaction
            # stays usable. One checkout of a basket at a time (lock_own_basket). The
            # address's zone is looked up once (shipping method, COD when validating, placing).
            with transaction.atomic(), zones_remembered():
                return self.check_out(request, format)
        except StoreError as refusal:  # refused, insufficient stock, e-mail not verified...
            return error_response(refusal)
        except IntegrityError as error:
            # the database's last word (constraint contex_stock_allocated_within_stock)
            if is_stock_constraint_error(error):
                return error_response(InsufficientStock())
            raise

    def check_out(self, request, format=None):
        ensure_may_check_out(request.user)  # a signed-in shopper verified the e-mail address
        key = idempotency_key(request)
        try:  # a body that is not an object, a missing, bad or unknown basket URL
            basket_id = basket_id_from_hyperlink(request_body.posted_object(request), format)
            basket = lock_shoppers_basket(request, basket_id)  # a repeat finds it submitted
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
        # the order creator locks the stock records and re-checks them (lock_and_check_stock)
        order = c_ser.save()
        basket.submit()
        remember_key(basket, key, order)
        # what the response reads, loaded once (the creator left the lines and the payment
        # source in memory); a just-placed order has no shipment (latest_shipment)
        prefetch_related_objects([order], "discounts", "surcharges", "sources")
        order.contex_tracking_number = ""
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
