"""The store's payment endpoints (mounted by ``contex_oscar.payment.api.urls``)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, parsers, permissions, status, views
from rest_framework.response import Response

from contex_oscar.api import prefetch
from contex_oscar.api.request_body import posted_object
from contex_oscar.api.transactions import OwnTransactionView
from contex_oscar.errors import StoreError
from contex_oscar.order.access import find_order
from contex_oscar.order.api.throttles import OrderLookupThrottle
from contex_oscar.payment import review
from contex_oscar.payment.api.serializers import (
    BankAccountSerializer,
    PaymentConfirmationCreatedSerializer,
    PaymentConfirmationCreateSerializer,
    PaymentConfirmationSerializer,
    PaymentMethodSerializer,
    PaymentMethodsRequestSerializer,
    method_rows,
)
from contex_oscar.payment.models import BankAccount, PaymentConfirmation
from contex_oscar.payment.storage import proof_response
from contex_oscar.shipping.api.serializers import get_repository
from contex_oscar.shipping.methods import is_store_code
from contex_oscar.shipping.postcodes import check_postcode
from contex_oscar.shipping.regions import zones_remembered
from contex_oscar.throttles import SettleThrottles, client, url_kwarg

TAGS = ["payments"]
ERROR = OpenApiResponse(
    response=OpenApiTypes.OBJECT, description="Error: {code, message, errors?}."
)
EMAIL_PARAMETER = OpenApiParameter(
    "email",
    OpenApiTypes.EMAIL,
    OpenApiParameter.QUERY,
    required=False,
    description="The order's e-mail address (a signed-in owner may leave it out).",
)
TOKEN_PARAMETER = OpenApiParameter(
    "token",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=False,
    description="Instead of the e-mail: the token of the tracking link in the order's e-mails.",
)


# --- access to an order by number -----------------------------------------------------


class GuestOrderClientThrottle(OrderLookupThrottle):
    """Failed look-ups per client, across order numbers (no enumeration from one client)."""

    scope = "contex_payment_guest_client"
    rate_setting = "CONTEX_PAYMENT_CONFIRMATION_RATE"
    key = (client,)


class GuestOrderNumberThrottle(OrderLookupThrottle):
    """Failed look-ups per order number, from any client (no guessing one order's e-mail)."""

    scope = "contex_payment_guest_number"
    rate_setting = "CONTEX_PAYMENT_CONFIRMATION_RATE"
    key = (url_kwarg("number"),)


def order_for(request, number, email, token=None, writing=False):
    """The order if the requester may reach it (``order.access.find_order``), else ``NotFound``.

    One answer for every failure. ``writing``: sending a confirmation, which only the
    order's shopper does (staff read every order's confirmations and proofs).
    """
    order = find_order(number, user=request.user, email=email, token=token, writing=writing)
    if order is None:
        raise exceptions.NotFound()
    return order


class OrderAccessMixin(SettleThrottles):
    """The owner (signed in: DRF's session auth enforces CSRF), staff reading, or whoever
    names the order's e-mail or the token of its tracking link. Such a request carries
    its own credential (in the body or query), not a cookie, so a forged cross-site
    request gains nothing."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [GuestOrderClientThrottle, GuestOrderNumberThrottle]

    def get_order(self, params, writing=False):
        return order_for(
            self.request,
            self.kwargs["number"],
            params.get("email"),
            token=params.get("token"),
            writing=writing,
        )


# --- endpoints ------------------------------------------------------------------------


class BankAccountList(generics.ListAPIView):
    """The store's bank accounts to transfer to, in display order."""

    serializer_class = BankAccountSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None
    queryset = BankAccount.objects.active()

    @extend_schema(tags=TAGS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class PaymentMethodsView(OwnTransactionView, views.APIView):
    """Every payment method for the basket and the posted destination, available or why not.

    It only reads (at most a guest's empty basket is created): no request transaction.
    """

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=TAGS,
        request=PaymentMethodsRequestSerializer,
        responses={
            200: OpenApiResponse(
                response=PaymentMethodSerializer(many=True),
                description="Every method with `available` and, if not, a reason.",
            ),
            400: ERROR,
        },
    )
    def post(self, request):
        serializer = PaymentMethodsRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        address = serializer.validated_data.get("shipping_address") or None
        check_postcode(address, field="shipping_address")
        code = serializer.validated_data.get("shipping_method_code") or None
        # the basket's lines, products and stock in fixed queries, offers applied
        basket = prefetch.get_basket(request)
        with zones_remembered():  # the shipping method and the COD rule ask for one zone
            shipping_method = self.shipping_method(request, basket, address, code)
            rows = method_rows(basket, address, shipping_method)
        return Response(PaymentMethodSerializer(rows, many=True).data)

    def shipping_method(self, request, basket, address, code):
        """The method checkout would use: the one named, else the first one offered."""
        offered = get_repository().get_shipping_methods(
            basket=basket, user=request.user, request=request, shipping_addr=address
        )
        if not code:
            return offered[0] if offered else None
        for method in offered:
            if method.code == code:
                return method
        if not is_store_code(code):
            raise StoreError("unknown_shipping_method", _("Unknown shipping method."))
        raise StoreError(
            "shipping_method_unavailable",
            _("This shipping method is not available for this address."),
        )


class PaymentConfirmationList(OrderAccessMixin, views.APIView):
    """An order's payment confirmations: list them, or send one with the proof of transfer."""

    parser_classes = [parsers.MultiPartParser, parsers.FormParser]

    @extend_schema(
        tags=TAGS,
        parameters=[EMAIL_PARAMETER, TOKEN_PARAMETER],
        responses={200: PaymentConfirmationSerializer(many=True), 404: ERROR},
    )
    def get(self, request, number):
        order = self.get_order(request.query_params)
        confirmations = (
            PaymentConfirmation.objects.filter(order=order)
            .select_related("bank_account", "order")
            .order_by("created_at", "pk")
        )
        return Response(PaymentConfirmationSerializer(confirmations, many=True).data)

    @extend_schema(
        tags=TAGS,
        request={"multipart/form-data": PaymentConfirmationCreateSerializer},
        responses={201: PaymentConfirmationCreatedSerializer, 400: ERROR, 404: ERROR, 409: ERROR},
        description=(
            "Send a payment confirmation, with the proof (JPEG, PNG, WebP or PDF) if you "
            "have it (recommended: those with a proof are reviewed first). An amount other "
            "than the amount due is accepted with a warning in `warnings` (code "
            "`amount_differs`: amount due, amount stated, difference). Refused "
            "with 409 `confirmation_pending` while another waits for review, "
            "`payment_deadline_passed` after the deadline, `order_not_awaiting_payment` when "
            "nothing is due."
        ),
    )
    def post(self, request, number):
        order = self.get_order(posted_object(request), writing=True)
        serializer = PaymentConfirmationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        confirmation = review.submit_confirmation(
            order,
            bank_account=data["bank_account"],
            sender_bank=data["sender_bank"],
            sender_account_holder=data["sender_account_holder"],
            amount=data["amount"],
            transfer_date=data["transfer_date"],
            note=data.get("note", ""),
            proof=data.get("proof"),
            proof_content_type=getattr(serializer, "proof_content_type", ""),
            user=request.user,
        )
        return Response(
            PaymentConfirmationCreatedSerializer(confirmation).data,
            status=status.HTTP_201_CREATED,
        )


class PaymentProofView(OrderAccessMixin, views.APIView):
    """The proof file of one confirmation, for whoever may reach the order, and staff."""

    @extend_schema(
        tags=TAGS,
        parameters=[EMAIL_PARAMETER, TOKEN_PARAMETER],
        description=(
            "Download the proof (Content-Disposition: attachment). Without a session add "
            "`?email=<the order's e-mail>` or `?token=<the tracking link's token>`; anybody "
            "else gets 404."
        ),
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            404: ERROR,
        },
    )
    def get(self, request, number, pk):
        order = self.get_order(request.query_params)
        confirmation = (
            PaymentConfirmation.objects.filter(order=order, pk=pk).select_related("order").first()
        )
        if confirmation is None or not confirmation.proof:
            raise exceptions.NotFound()
        return proof_response(confirmation)
