"""``/api/staff/…``: the work staff do in the dashboard, over HTTP. Each view names its
staff action (``contex_oscar.staff_permissions.ACTIONS``) and calls the same service the
dashboard page calls; refusals are the store's errors (``{code, message, errors}``).

Two shapes: a list (``StaffListView``: filters, rows, paged as every list of the API) and
an action on one object (``StaffActionView``: body, object, service call, the object's row).
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from oscar.core.loading import get_model
from rest_framework.response import Response
from rest_framework.views import APIView

from contex_oscar import webhooks
from contex_oscar.api.exceptions import ErrorSerializer
from contex_oscar.api.pagination import StorePagination
from contex_oscar.api.staff import serializers as s
from contex_oscar.api.staff.permissions import StaffActionPermission
from contex_oscar.models import WebhookEndpoint
from contex_oscar.order import services as orders
from contex_oscar.payment import queues, review
from contex_oscar.payment.models import PaymentConfirmation
from contex_oscar.service_center import desk, quotes, tickets
from contex_oscar.service_center.models import ServiceTicket
from contex_oscar.shipping import services as shipping
from contex_oscar.workdays import store_today

Order = get_model("order", "Order")

ERROR = OpenApiResponse(ErrorSerializer, description=_("Error: `code`, `message`, `errors`."))
REFUSED = {400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR}
PERMISSION_NOTE = (
    "Staff whose groups hold this action's permission (README, staff permissions); others "
    "get 403 `staff_permission_required`, anonymous requests 403 `not_authenticated`."
)


def listing(tag, operation_id, summary, filters, row, page_name):
    """The schema of a staff list (``StaffListView``)."""
    parameters = [filters] if filters else []
    return extend_schema_view(
        get=extend_schema(
            tags=[tag],
            operation_id=operation_id,
            summary=summary,
            description=PERMISSION_NOTE,
            parameters=parameters,
            responses={200: s.paginated(page_name, row), 400: ERROR, 403: ERROR},
        )
    )


def action(tag, operation_id, summary, body, answer, description=None):
    """The schema of a staff action (``StaffActionView``)."""
    return extend_schema_view(
        post=extend_schema(
            tags=[tag],
            operation_id=operation_id,
            summary=summary,
            description=f"{description} {PERMISSION_NOTE}" if description else PERMISSION_NOTE,
            request=body,
            responses={200: answer, **REFUSED},
        )
    )


class StaffAPIView(APIView):
    permission_classes = [StaffActionPermission]
    staff_action = None


class StaffListView(StaffAPIView):
    """GET: the ``filters`` of the query string, ``rows(filters)``, one page of them."""

    filters = None
    row_serializer = None
    #: what a row shows beyond its columns, for the whole page at once
    annotate = None

    def get(self, request):
        filters = {}
        if self.filters is not None:
            serializer = self.filters(data=request.query_params)
            serializer.is_valid(raise_exception=True)
            filters = serializer.validated_data
        paginator = StorePagination()
        page = paginator.paginate_queryset(self.rows(filters), request, view=self)
        if self.annotate is not None:
            self.annotate(page)
        context = {"today": store_today()}
        body = self.row_serializer(page, many=True, context=context).data
        return paginator.get_paginated_response(body)


class StaffActionView(StaffAPIView):
    """POST: the ``body`` validated, the object of the URL (``target``), the service call
    (``act``), the object as its list shows it (``answer``); subclasses define the three."""

    body = None

    def post(self, request, **kwargs):
        data = {}
        if self.body is not None:
            serializer = self.body(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        target = self.target(**kwargs)
        self.act(target, data)
        return Response(self.answer(target))


# --- payments ---------------------------------------------------------------------
PAYMENTS = "staff: payments"


@listing(
    PAYMENTS,
    "staff_payment_confirmations_list",
    "Payment confirmations to review: with proof first, oldest first; `review_due` (2 "
    "working days) and `is_overdue`",
    s.ConfirmationFilterSerializer,
    s.ConfirmationSerializer,
    "PaginatedStaffConfirmationList",
)
class ConfirmationQueueView(StaffListView):
    staff_action = "payments.confirmations.view"
    filters = s.ConfirmationFilterSerializer
    row_serializer = s.ConfirmationSerializer

    annotate = staticmethod(queues.annotate_reviews)

    def rows(self, filters):
        return queues.confirmations(filters["status"])


class ConfirmationActionView(StaffActionView):
    def target(self, pk):
        return get_object_or_404(PaymentConfirmation.objects.select_related("order"), pk=pk)

    def answer(self, confirmation):
        found = queues.confirmations(confirmation.status).get(pk=confirmation.pk)
        return s.ConfirmationSerializer(queues.annotate_review(found)).data


@action(
    PAYMENTS,
    "staff_payment_confirmation_approve",
    "Approve a confirmation: the order moves to payment-received",
    s.ApproveSerializer,
    s.ConfirmationSerializer,
)
class ApproveConfirmationView(ConfirmationActionView):
    staff_action = "payments.confirmations.review"
    body = s.ApproveSerializer

    def act(self, confirmation, data):
        review.approve_confirmation(
            confirmation, self.request.user, accept_mismatch=data["accept_mismatch"]
        )


@action(
    PAYMENTS,
    "staff_payment_confirmation_reject",
    "Reject a confirmation; the shopper is told the reason",
    s.RejectSerializer,
    s.ConfirmationSerializer,
)
class RejectConfirmationView(ConfirmationActionView):
    staff_action = "payments.confirmations.review"
    body = s.RejectSerializer

    def act(self, confirmation, data):
        review.reject_confirmation(confirmation, self.request.user, data["reason"])


@listing(
    PAYMENTS,
    "staff_unpaid_transfers_list",
    "Open bank-transfer orders, nearest deadline first; `amount` finds the one owed it",
    s.UnpaidFilterSerializer,
    s.UnpaidTransferSerializer,
    "PaginatedUnpaidTransferList",
)
class UnpaidTransferListView(StaffListView):
    staff_action = "payments.unpaid.view"
    filters = s.UnpaidFilterSerializer
    row_serializer = s.UnpaidTransferSerializer

    annotate = staticmethod(queues.annotate_unpaid)

    def rows(self, filters):
        return queues.unpaid_transfers(filters.get("amount"))


class OrderActionView(StaffActionView):
    def target(self, number):
        return get_object_or_404(Order, number=number)

    def answer(self, order):
        return s.OrderStatusSerializer(order).data


@action(
    PAYMENTS,
    "staff_order_payment_record",
    "Record money received: a transfer on the statement, COD or showroom cash",
    s.RecordPaymentSerializer,
    s.OrderStatusSerializer,
)
class RecordPaymentView(OrderActionView):
    staff_action = "payments.record"
    body = s.RecordPaymentSerializer

    def act(self, order, data):
        review.record_payment(
            order,
            data["amount"],
            user=self.request.user,
            reference=data.get("reference", ""),
            accept_mismatch=data["accept_mismatch"],
        )


# --- orders and shipping ----------------------------------------------------------
@action(
    "staff: orders",
    "staff_order_status_change",
    "Move an order along the status route (ship it: courier and tracking number)",
    s.StatusChangeSerializer,
    s.OrderStatusSerializer,
    description="A move the route refuses answers 409 (`illegal_status_transition` or a "
    "more precise code such as `shipment_details_required`); nothing is changed.",
)
class OrderStatusView(OrderActionView):
    staff_action = "orders.status"
    body = s.StatusChangeSerializer

    def act(self, order, data):
        details = dict(data)
        orders.change_order_status(order, details.pop("status"), user=self.request.user, **details)


SHIPPING = "staff: shipping"


@listing(
    SHIPPING,
    "staff_shipping_quotes_list",
    "Orders waiting for the shipping cost quoted by phone, oldest first",
    None,
    s.QuoteOrderSerializer,
    "PaginatedQuoteOrderList",
)
class ShippingQuoteListView(StaffListView):
    staff_action = "shipping.quotes.view"
    row_serializer = s.QuoteOrderSerializer

    def rows(self, filters):
        queryset = shipping.awaiting_quote().select_related("shipping_address")
        return queryset.order_by("date_placed", "pk")


@action(
    SHIPPING,
    "staff_order_shipping_quote_set",
    "Set an order's quoted shipping cost; the shopper is e-mailed the new total",
    s.ShippingQuoteSerializer,
    s.OrderStatusSerializer,
)
class ShippingQuoteSetView(OrderActionView):
    staff_action = "shipping.quotes.set"
    body = s.ShippingQuoteSerializer

    def act(self, order, data):
        shipping.set_quoted_shipping_cost(order, data["amount"], self.request.user)
        order.refresh_from_db()


# --- the service desk -------------------------------------------------------------
DESK = "staff: service desk"


@listing(
    DESK,
    "staff_tickets_list",
    "Service tickets, newest first, filtered as in the dashboard",
    s.TicketFilterSerializer,
    s.DeskTicketSerializer,
    "PaginatedDeskTicketList",
)
class TicketListView(StaffListView):
    staff_action = "service_desk.view"
    filters = s.TicketFilterSerializer
    row_serializer = s.DeskTicketSerializer

    def rows(self, filters):
        return desk.desk_tickets(**filters)


class TicketActionView(StaffActionView):
    staff_action = "service_desk.work"

    def target(self, number):
        return get_object_or_404(ServiceTicket, number=number)

    def answer(self, ticket):
        found = desk.desk_tickets().get(pk=ticket.pk)
        return s.DeskTicketSerializer(found, context={"today": store_today()}).data


@action(
    DESK,
    "staff_ticket_assign",
    "Assign a technician to a ticket (null: nobody)",
    s.AssignSerializer,
    s.DeskTicketSerializer,
)
class TicketAssignView(TicketActionView):
    body = s.AssignSerializer

    def act(self, ticket, data):
        tickets.assign_technician(ticket, data["technician"], user=self.request.user)


@action(
    DESK,
    "staff_ticket_status_change",
    "Move a ticket to its next status; the shopper is told",
    s.TicketStatusSerializer,
    s.DeskTicketSerializer,
)
class TicketStatusView(TicketActionView):
    body = s.TicketStatusSerializer

    def act(self, ticket, data):
        tickets.change_ticket_status(
            ticket,
            data["status"],
            user=self.request.user,
            note=data["note"],
            shopper_note=data["shopper_note"],
        )


@action(
    DESK,
    "staff_ticket_quote_line_add",
    "Add a line (part or labour) to the ticket's draft repair quote",
    s.QuoteLineSerializer,
    s.DeskTicketSerializer,
)
class TicketQuoteLineView(TicketActionView):
    body = s.QuoteLineSerializer

    def act(self, ticket, data):
        quotes.add_quote_line(ticket, user=self.request.user, **data)


@action(
    DESK,
    "staff_ticket_quote_send",
    "Send the draft quote to the shopper for approval",
    None,
    s.DeskTicketSerializer,
)
class TicketQuoteSendView(TicketActionView):
    def act(self, ticket, data):
        quotes.send_quote(ticket, user=self.request.user)


# --- webhooks ---------------------------------------------------------------------
WEBHOOKS = "staff: webhooks"


def endpoint_values(request):
    """``(url, events, description, is_active)`` of the body (400 when malformed); the
    webhooks service decides what it accepts."""
    body = s.WebhookEndpointSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    values = body.validated_data
    return values["url"], values["events"], values["description"], values["is_active"]


@extend_schema_view(
    get=extend_schema(
        tags=[WEBHOOKS],
        operation_id="staff_webhook_endpoints_list",
        summary="The site's webhook endpoints (their secrets only one by one)",
        description=PERMISSION_NOTE,
        responses={
            200: s.paginated("PaginatedWebhookEndpointList", s.WebhookEndpointSerializer),
            403: ERROR,
        },
    ),
    post=extend_schema(
        tags=[WEBHOOKS],
        operation_id="staff_webhook_endpoint_register",
        summary="Register an endpoint for store events; its signing secret is generated",
        description=f"Refused: 400 `webhook_url_invalid`, `webhook_events_invalid`. "
        f"{PERMISSION_NOTE}",
        request=s.WebhookEndpointSerializer,
        responses={201: s.WebhookEndpointWithSecretSerializer, 400: ERROR, 403: ERROR},
    ),
)
class WebhookEndpointListView(StaffListView):
    staff_action = "webhooks"
    row_serializer = s.WebhookEndpointSerializer

    def rows(self, filters):
        return WebhookEndpoint.objects.order_by("pk")

    def post(self, request):
        endpoint = webhooks.register_endpoint(*endpoint_values(request))
        return Response(s.WebhookEndpointWithSecretSerializer(endpoint).data, status=201)


@extend_schema_view(
    get=extend_schema(
        tags=[WEBHOOKS],
        operation_id="staff_webhook_endpoint_detail",
        summary="One endpoint, with its signing secret",
        description=PERMISSION_NOTE,
        responses={200: s.WebhookEndpointWithSecretSerializer, 403: ERROR, 404: ERROR},
    ),
    put=extend_schema(
        tags=[WEBHOOKS],
        operation_id="staff_webhook_endpoint_update",
        summary="Change what an endpoint receives (its secret stays)",
        description=PERMISSION_NOTE,
        request=s.WebhookEndpointSerializer,
        responses={200: s.WebhookEndpointWithSecretSerializer, 400: ERROR, 403: ERROR, 404: ERROR},
    ),
)
class WebhookEndpointDetailView(StaffAPIView):
    staff_action = "webhooks"

    def get(self, request, pk):
        endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
        return Response(s.WebhookEndpointWithSecretSerializer(endpoint).data)

    def put(self, request, pk):
        endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
        webhooks.update_endpoint(endpoint, *endpoint_values(request))
        return Response(s.WebhookEndpointWithSecretSerializer(endpoint).data)


@listing(
    WEBHOOKS,
    "staff_webhook_deliveries_list",
    "The delivery log, newest first: every attempt with the endpoint's answer",
    s.DeliveryFilterSerializer,
    s.WebhookDeliverySerializer,
    "PaginatedWebhookDeliveryList",
)
class WebhookDeliveryListView(StaffListView):
    staff_action = "webhooks"
    filters = s.DeliveryFilterSerializer
    row_serializer = s.WebhookDeliverySerializer

    def rows(self, filters):
        endpoint = None
        if filters.get("endpoint"):
            endpoint = get_object_or_404(WebhookEndpoint, pk=filters["endpoint"])
        statuses = (filters["status"],) if filters.get("status") else None
        return webhooks.deliveries(statuses, endpoint).prefetch_related("delivery_attempts")


@action(
    WEBHOOKS,
    "staff_webhook_delivery_replay",
    "Deliver again (same event id, signed anew), whatever the delivery's status",
    None,
    s.WebhookDeliverySerializer,
)
class WebhookReplayView(StaffActionView):
    staff_action = "webhooks"

    def target(self, pk):
        return get_object_or_404(webhooks.deliveries(), pk=pk)

    def act(self, delivery, data):
        webhooks.replay(delivery)

    def answer(self, delivery):
        found = webhooks.deliveries().prefetch_related("delivery_attempts").get(pk=delivery.pk)
        return s.WebhookDeliverySerializer(found).data
