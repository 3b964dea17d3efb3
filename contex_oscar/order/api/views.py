from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from oscar.core.loading import get_model
from oscarapi.views import checkout as oscarapi_checkout
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from contex_oscar.api.exceptions import (
    ErrorSerializer,
    MessageSerializer,
    error_body,
    error_codes,
)
from contex_oscar.api.transactions import OwnTransactionView
from contex_oscar.errors import StoreError
from contex_oscar.order import access, invoices, services
from contex_oscar.order.api.serializers import (
    SHIPMENT,
    CancelRequestSerializer,
    OutOfStockChoiceSerializer,
    TrackingSerializer,
    TrackRequestSerializer,
)
from contex_oscar.order.api.throttles import TrackingClientThrottle, TrackingOrderThrottle
from contex_oscar.order.exceptions import (
    ConfirmationPending,
    IllegalStatusTransition,
    OrderNotCancellable,
)
from contex_oscar.order.models import OrderShipment
from contex_oscar.order.statuses import OUT_OF_STOCK
from contex_oscar.order.tracking import tracked_orders, tracking_for
from contex_oscar.throttles import SettleThrottles

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
OrderDiscount = get_model("order", "OrderDiscount")


ORDER_NOT_FOUND = "order_not_found"


def not_found():
    # one body for every failure: unknown number, wrong e-mail, guest without e-mail
    return Response(
        error_body(ORDER_NOT_FOUND, _("No order matches this order number and e-mail address.")),
        status=status.HTTP_404_NOT_FOUND,
    )


TRACKING_ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Missing field.")),
    404: OpenApiResponse(
        ErrorSerializer,
        description=gettext_lazy("The same answer for an unknown number and a wrong e-mail."),
    ),
    429: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Too many attempts.")),
}
#: The codes of ``TRACKING_ERRORS`` (CSRF refusals are DRF's 403 ``permission_denied``).
TRACKING_CODES = ((400, "validation_error"), (403, "permission_denied"), (404, ORDER_NOT_FOUND))


class ReadOnlyView(OwnTransactionView):
    """A read-only API view: no request transaction, so no savepoint queries.

    An error answer leaves a caller's transaction (a test's) as it was.
    """


class GuestOrderView(SettleThrottles, APIView):
    """An order reached by number + e-mail, a tracking link's token, or by its signed-in owner.

    The rule is ``contex_oscar.order.access.find_order``; every failure gets the same 404.
    The session is read (and a POST with a session cookie carries the CSRF token, as
    everywhere in the API): the signed-in owner needs no e-mail.
    """

    permission_classes = (AllowAny,)
    throttle_classes = (TrackingClientThrottle, TrackingOrderThrottle)
    writing = False  # staff may read any order, but act as no order's shopper

    def find_order(self, data, queryset=None):
        return access.find_order(
            data.get("number"),
            user=self.request.user,
            email=data.get("email"),
            token=data.get("token"),
            writing=self.writing,
            queryset=queryset,
        )


class TrackOrderView(ReadOnlyView, GuestOrderView):
    @extend_schema(
        operation_id="orders_track",
        summary=gettext_lazy("Track an order by number and e-mail, or by a tracking link"),
        description=gettext_lazy(
            "Status, timeline with the store's notes, what to pay by when (awaiting "
            "payment), courier and tracking number (shipped), lines and a masked "
            "delivery address. Send `number` and `email`, or the `token` of the link in "
            "the order's e-mails (a signed-in owner may leave the e-mail out). Failed "
            "look-ups are throttled per client and per order number; a genuine link is "
            "not held up by them."
        ),
        request=TrackRequestSerializer,
        responses={200: TrackingSerializer, **TRACKING_ERRORS},
        extensions=error_codes(*TRACKING_CODES, (429, "throttled")),
        tags=["orders"],
    )
    def post(self, request):
        ser = TrackRequestSerializer(data=request.data, context={"request": request})
        ser.is_valid(raise_exception=True)
        order = self.find_order(ser.validated_data, queryset=tracked_orders())
        if order is None:
            return not_found()
        return Response(TrackingSerializer(tracking_for(order)).data)


class OutOfStockChoiceView(GuestOrderView):
    writing = True

    @extend_schema(
        operation_id="orders_out_of_stock_choice",
        summary=gettext_lazy("Wait for stock or cancel with a refund"),
        description=gettext_lazy(
            "For an order the store marked out of stock: 'wait' keeps it (staff are told), "
            "'cancel' cancels it and refunds what was paid."
        ),
        request=OutOfStockChoiceSerializer,
        responses={
            200: MessageSerializer,
            409: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not out of stock.")),
            **TRACKING_ERRORS,
        },
        tags=["orders"],
    )
    def post(self, request):
        ser = OutOfStockChoiceSerializer(data=request.data, context={"request": request})
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        order = self.find_order(data)
        if order is None:
            return not_found()
        if order.status != OUT_OF_STOCK:
            raise StoreError(
                "order_not_out_of_stock",
                _("This order is not waiting for stock."),
                status=status.HTTP_409_CONFLICT,
            )
        if data["choice"] == OutOfStockChoiceSerializer.CANCEL:
            try:
                services.cancel_order(
                    order,
                    note=_("The shopper chose to cancel (out of stock)."),
                    shopper_note=_("Cancelled at your request; what you paid is refunded."),
                )
            except IllegalStatusTransition as error:
                raise StoreError(error.code, str(error), status.HTTP_409_CONFLICT)
            return Response({"code": "order_cancelled", "message": _("The order is cancelled.")})
        OrderNote.objects.create(
            order=order,
            note_type="Shopper",
            message=_("The shopper chose to wait for stock."),
        )
        return Response(
            {
                "code": "waiting_for_stock",
                "message": _("Thank you: the store will ship as soon as stock arrives."),
            }
        )


class CancelOrderView(GuestOrderView):
    """The shopper cancels an order with nothing paid and nothing shipped."""

    writing = True

    @extend_schema(
        operation_id="orders_cancel",
        summary=gettext_lazy("Cancel an unpaid order"),
        description=gettext_lazy(
            "The shopper cancels their order while nothing was paid and nothing shipped "
            "(awaiting payment, payment declined, on hold): the reserved stock is released "
            "and the shopper gets the cancellation e-mail. A signed-in owner sends nothing; "
            "anyone else sends the order's `email` or the tracking link's `token`. A paid, "
            "prepared or shipped order: 409 `order_not_cancellable`; a payment confirmation "
            "waiting for review: 409 `confirmation_pending`."
        ),
        request=CancelRequestSerializer,
        responses={
            200: MessageSerializer,
            409: OpenApiResponse(
                ErrorSerializer, description=gettext_lazy("Paid, prepared or shipped.")
            ),
            **TRACKING_ERRORS,
        },
        extensions=error_codes(
            *TRACKING_CODES,
            (429, "throttled"),
            OrderNotCancellable,
            ConfirmationPending,
            IllegalStatusTransition,
        ),
        tags=["orders"],
    )
    def post(self, request, number):
        ser = CancelRequestSerializer(
            data=request.data, context={"request": request, "number": number}
        )
        ser.is_valid(raise_exception=True)
        order = self.find_order(ser.validated_data)
        if order is None:
            return not_found()
        try:
            services.cancel_at_shoppers_request(order, user=request.user)
        except IllegalStatusTransition as error:  # e.g. a confirmation waiting for review
            raise StoreError(error.code, str(error), status.HTTP_409_CONFLICT)
        return Response({"code": "order_cancelled", "message": _("The order is cancelled.")})


class AccountOrderList(ReadOnlyView, oscarapi_checkout.OrderList):
    """oscarapi's ``orders/`` for the signed-in shopper: newest first, fixed query count."""

    def get_queryset(self):
        latest = OrderShipment.objects.filter(order=OuterRef("pk")).order_by("-created_at", "-pk")
        return (
            Order._default_manager.filter(user=self.request.user)
            .select_related(
                "user",
                "shipping_address",
                "billing_address",
                "contex_payment",
                "contex_delivery_estimate",
                "contex_terms_acceptance",
            )
            .annotate(**{f"contex_{name}": Subquery(latest.values(name)[:1]) for name in SHIPMENT})
            .prefetch_related(
                Prefetch("discounts", queryset=OrderDiscount.objects.order_by("pk")),
                "surcharges",
                "sources",
            )
            .order_by("-date_placed", "-pk")
        )


INVOICE_DESCRIPTION = (
    "The order's invoice (number INV/<year>/<month>/<sequence>, buyer's company and NPWP, "
    "lines, discount, shipping, unique code, total, payment state), in Indonesian or in "
    "English with `Accept-Language: en`. The signed-in owner and staff need nothing more; "
    "anybody else adds `?email=<the order's e-mail>` or `?token=<the tracking link's token>` "
    "and otherwise gets 404."
)


INVOICE_PARAMETERS = [
    OpenApiParameter("email", str, required=False),
    OpenApiParameter("token", str, required=False),
]


class InvoiceView(ReadOnlyView, GuestOrderView):
    """``GET /api/orders/<number>/invoice/``: the invoice as an HTML page."""

    def invoice_for(self, number):
        order = self.find_order({**self.request.query_params.dict(), "number": number})
        invoice = invoices.invoice_of(order) if order is not None else None
        if invoice is None:
            raise NotFound()
        return order, invoice

    @extend_schema(
        tags=["orders"],
        parameters=INVOICE_PARAMETERS,
        description=INVOICE_DESCRIPTION,
        responses={(200, "text/html"): OpenApiTypes.STR, **TRACKING_ERRORS},
    )
    def get(self, request, number):
        order, invoice = self.invoice_for(number)
        return HttpResponse(
            invoices.invoice_html(order, invoice, request), content_type="text/html; charset=utf-8"
        )


class InvoicePdfView(InvoiceView):
    """``GET /api/orders/<number>/invoice.pdf``: the same invoice as a PDF download."""

    @extend_schema(
        tags=["orders"],
        parameters=INVOICE_PARAMETERS,
        description=INVOICE_DESCRIPTION,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **TRACKING_ERRORS},
    )
    def get(self, request, number):
        order, invoice = self.invoice_for(number)
        return invoices.pdf_response(order, invoice, request)
