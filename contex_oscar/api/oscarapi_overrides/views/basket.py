"""oscarapi's basket views, adapted to the store (loaded via OSCARAPI_OVERRIDE_MODULES)."""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from oscar.core.loading import get_model
from oscarapi.views import basket as base
from rest_framework import status
from rest_framework.response import Response

from contex_oscar.api import prefetch
from contex_oscar.api.basket_views import (  # noqa: F401  (fixed queries, owner-only)
    AddProductView,
    BasketLineDetail,
    BasketView,
    LineList,
)
from contex_oscar.api.exceptions import ErrorSerializer, error_body, validation_error_body
from contex_oscar.api.oscarapi_overrides.serializers.basket import VoucherAddSerializer
from contex_oscar.shipping.api.serializers import (
    ShippingAddressSerializer,
    ShippingMethodSerializer,
    get_repository,
)
from contex_oscar.shipping.postcodes import check_postcode

ShippingAddress = get_model("order", "ShippingAddress")


class AddVoucherView(base.AddVoucherView):
    """oscarapi's voucher view, refusing (406, as oscarapi) with the store's error JSON:
    ``voucher_unknown``, ``voucher_expired`` or ``voucher_unavailable`` with the reason as
    the message (oscarapi: DRF's bare field errors), ``validation_error`` for a missing
    code, and ``voucher_not_applicable`` when the basket gets no discount from it
    (oscarapi: ``{"reason": ...}``)."""

    add_voucher_serializer_class = VoucherAddSerializer

    def post(self, request, *args, **kwargs):
        answer = super().post(request, *args, **kwargs)
        if answer.status_code != status.HTTP_406_NOT_ACCEPTABLE:
            return answer
        if set(answer.data) == {"reason"}:  # the voucher gives this basket no discount
            message = _("This basket does not qualify for this voucher's discount.")
            body = error_body("voucher_not_applicable", message)
        elif answer.data.get("non_field_errors"):  # the code's own refusal
            reason = answer.data["non_field_errors"][0]
            body = error_body(reason.code, reason, answer.data)
        else:
            body = validation_error_body(answer.data)
        return Response(body, status=status.HTTP_406_NOT_ACCEPTABLE)


class ShippingMethodView(base.ShippingMethodView):
    """The basket's shipping methods for an address: region-aware, with estimates."""

    serializer_class = ShippingAddressSerializer
    shipping_method_serializer_class = ShippingMethodSerializer

    @classmethod
    def as_view(cls, **initkwargs):
        # Reads only (at most a guest's empty basket is created): no transaction and
        # savepoint round trips under ATOMIC_REQUESTS.
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    def _get(self, request, shipping_address=None):
        basket = prefetch.get_basket(request)  # fixed queries, offers applied
        methods = get_repository().get_shipping_methods(
            basket=basket, user=request.user, shipping_addr=shipping_address, request=request
        )
        data = self.shipping_method_serializer_class(
            methods, many=True, context={"basket": basket}
        ).data
        return Response(data)

    @extend_schema(
        summary="Shipping methods without an address",
        description="Without an address only showroom pickup can be offered.",
        responses={200: ShippingMethodSerializer(many=True)},
    )
    def get(self, request, *args, **kwargs):
        return self._get(request)

    @extend_schema(
        summary="Shipping methods for an address",
        description=(
            "Methods for the session's basket and the posted shipping address: free delivery "
            "in Jabodetabek (postcodes 10xxx–17xxx), the zone's weight-band charge elsewhere, "
            "a quote by the call center when no rate fits (the order then starts on hold), and "
            "always showroom pickup. "
            "Estimates count working days (Monday–Friday without Indonesian public holidays)."
        ),
        request=base.ShippingAddressSerializer,
        responses={200: ShippingMethodSerializer(many=True), 406: ErrorSerializer},
    )
    def post(self, request, *args, **kwargs):
        address = self.serializer_class(data=request.data, context={"request": request})
        if not address.is_valid():
            return Response(
                validation_error_body(address.errors), status=status.HTTP_406_NOT_ACCEPTABLE
            )
        check_postcode(address.validated_data, status=status.HTTP_406_NOT_ACCEPTABLE)
        return self._get(request, shipping_address=ShippingAddress(**address.validated_data))
