"""The store's payment endpoints (mounted by ``contex_oscar.payment.api_urls``)."""

import hashlib

from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from oscar.core.loading import get_model
from oscarapi.basket.operations import get_basket
from rest_framework import exceptions, generics, parsers, permissions, status, throttling, views
from rest_framework.response import Response

from contex_oscar.api.exceptions import ContexAPIException
from contex_oscar.api.request_body import posted_field
from contex_oscar.conf import contex_settings
from contex_oscar.payment import review
from contex_oscar.payment.exceptions import PaymentError
from contex_oscar.payment.models import BankAccount, PaymentConfirmation
from contex_oscar.payment.serializers import (
    BankAccountSerializer,
    PaymentConfirmationCreateSerializer,
    PaymentConfirmationSerializer,
    PaymentMethodSerializer,
    PaymentMethodsRequestSerializer,
    method_rows,
)
from contex_oscar.payment.storage import proof_response
from contex_oscar.shipping.methods import is_store_code
from contex_oscar.shipping.serializers import get_repository

Order = get_model("order", "Order")

TAGS = ["payments"]
ERROR = OpenApiResponse(
    response=OpenApiTypes.OBJECT, description="Error: {code, message, errors?}."
)
EMAIL_PARAMETER = OpenApiParameter(
    "email",
    OpenApiTypes.EMAIL,
    OpenApiParameter.QUERY,
    required=False,
    description="The order's e-mail address (guest orders; owners are signed in).",
)


def api_error(error):
    return ContexAPIException(error.code, error.message, status_code=error.status_code)


# --- access to an order by number -----------------------------------------------------


class _GuestOrderThrottle(throttling.SimpleRateThrottle):
    """Guests reach an order by number + e-mail: limit the guessing (signed-in users exempt)."""

    def get_rate(self):
        return contex_settings.CONTEX_PAYMENT_CONFIRMATION_RATE

    def key_parts(self, request, view):
        """What attempts are counted under: one client, or one order number (subclasses)."""
        raise NotImplementedError

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        # hashed: the order number comes from the URL and may hold any character,
        # which cache backends such as memcached refuse in keys
        ident = hashlib.sha256(self.key_parts(request, view).encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class GuestOrderClientThrottle(_GuestOrderThrottle):
    scope = "contex_payment_guest_client"

    def key_parts(self, request, view):
        return f"{self.get_ident(request)}:{view.kwargs.get('number', '')}"


class GuestOrderNumberThrottle(_GuestOrderThrottle):
    scope = "contex_payment_guest_number"

    def key_parts(self, request, view):
        return str(view.kwargs.get("number", ""))


def order_for(request, number, email, writing=False):
    """The order if the requester may see it, else ``NotFound`` (one answer for every failure).

    Staff see every order (``writing``: they act only as its shopper could, since
    confirmations come from the one who paid); a shopper's own order needs them signed
    in; a guest order needs its e-mail address.
    """
    order = Order._default_manager.filter(number=str(number)[:128]).first()
    user = request.user
    if order is not None:
        if user.is_authenticated and user.is_staff and not writing:
            return order
        if order.user_id:
            if user.is_authenticated and user.pk == order.user_id:
                return order
        elif email and order.guest_email:
            given = str(email).strip().lower().encode()
            expected = order.guest_email.strip().lower().encode()
            if constant_time_compare(given, expected):
                return order
    raise exceptions.NotFound()


class OrderAccessMixin:
    """Owner (signed in: DRF's session auth enforces CSRF), staff, or a guest naming the
    order's e-mail. A guest's request carries its own credential (the e-mail in the
    body or query), not a cookie, so a forged cross-site request gains nothing."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [GuestOrderClientThrottle, GuestOrderNumberThrottle]

    def get_order(self, email, writing=False):
        return order_for(self.request, self.kwargs["number"], email, writing=writing)


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


class PaymentMethodsView(views.APIView):
    """Every payment method for the basket and the posted destination, available or why not."""

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
        code = serializer.validated_data.get("shipping_method_code") or None
        basket = get_basket(request)
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
            raise ContexAPIException("unknown_shipping_method", _("Unknown shipping method."))
        raise ContexAPIException(
            "shipping_method_unavailable",
            _("This shipping method is not available for this address."),
        )


class PaymentConfirmationList(OrderAccessMixin, views.APIView):
    """An order's payment confirmations: list them, or send one with the proof of transfer."""

    parser_classes = [parsers.MultiPartParser, parsers.FormParser]

    @extend_schema(
        tags=TAGS,
        parameters=[EMAIL_PARAMETER],
        responses={200: PaymentConfirmationSerializer(many=True), 404: ERROR},
    )
    def get(self, request, number):
        order = self.get_order(request.query_params.get("email"))
        confirmations = (
            PaymentConfirmation.objects.filter(order=order)
            .select_related("bank_account", "order")
            .order_by("created_at", "pk")
        )
        return Response(PaymentConfirmationSerializer(confirmations, many=True).data)

    @extend_schema(
        tags=TAGS,
        request={"multipart/form-data": PaymentConfirmationCreateSerializer},
        responses={201: PaymentConfirmationSerializer, 400: ERROR, 404: ERROR, 409: ERROR},
        description=(
            "Send a payment confirmation with the proof (JPEG, PNG, WebP or PDF). Refused "
            "with 409 `confirmation_pending` while another waits for review, "
            "`payment_deadline_passed` after the deadline, `order_not_awaiting_payment` when "
            "nothing is due."
        ),
    )
    def post(self, request, number):
        order = self.get_order(posted_field(request, "email"), writing=True)
        serializer = PaymentConfirmationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            confirmation = review.submit_confirmation(
                order,
                bank_account=data["bank_account"],
                sender_bank=data["sender_bank"],
                sender_account_holder=data["sender_account_holder"],
                amount=data["amount"],
                transfer_date=data["transfer_date"],
                note=data.get("note", ""),
                proof=data["proof"],
                proof_content_type=serializer.proof_content_type,
                user=request.user,
            )
        except PaymentError as error:
            raise api_error(error)
        return Response(
            PaymentConfirmationSerializer(confirmation).data, status=status.HTTP_201_CREATED
        )


class PaymentProofView(OrderAccessMixin, views.APIView):
    """The proof file of one confirmation, for the order's owner (or guest e-mail) and staff."""

    @extend_schema(
        tags=TAGS,
        parameters=[EMAIL_PARAMETER],
        description=(
            "Download the proof (Content-Disposition: attachment). Guests add "
            "`?email=<the order's e-mail>`; anybody else gets 404."
        ),
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            404: ERROR,
        },
    )
    def get(self, request, number, pk):
        order = self.get_order(request.query_params.get("email"))
        confirmation = (
            PaymentConfirmation.objects.filter(order=order, pk=pk).select_related("order").first()
        )
        if confirmation is None or not confirmation.proof:
            raise exceptions.NotFound()
        return proof_response(confirmation)
