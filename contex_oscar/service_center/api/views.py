"""The service-center API. Every view calls ``services``; errors are JSON with a code.

Who may read a ticket: staff, its signed-in owner, or anyone giving its number
together with its e-mail address. Every other attempt gets the same 404
(``ticket_not_found``), whether the number or the e-mail was wrong.
"""

import datetime

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from contex_oscar import workdays
from contex_oscar.api.idempotency import idempotency_key
from contex_oscar.api.pagination import StorePagination
from contex_oscar.errors import StoreError
from contex_oscar.service_center import attachments, kinds, logistics, purchases, quotes, tickets
from contex_oscar.service_center.api import serializers as s
from contex_oscar.service_center.api.throttles import (
    TicketCreateThrottle,
    TicketLookupClientThrottle,
    TicketLookupNumberThrottle,
    WarrantyCheckThrottle,
)
from contex_oscar.service_center.models import Quote, ServiceTicket, TicketEvent
from contex_oscar.service_center.storage import attachment_response
from contex_oscar.store_values import store_settings
from contex_oscar.throttles import SettleThrottles

TAG = ["service center"]
ERROR = OpenApiResponse(description=_("Error: JSON with `code`, `message` and maybe `errors`."))


def ticket_queryset():
    """Everything the shopper's view of a ticket shows, in a fixed number of queries."""
    return ServiceTicket.objects.select_related(
        "product", "product__parent", "order", "appointment"
    ).prefetch_related(
        Prefetch("events", queryset=TicketEvent.objects.filter(public=True)),
        "attachments",
        Prefetch("quotes", queryset=Quote.objects.prefetch_related("lines")),
    )


def not_found():
    return StoreError(
        "ticket_not_found",
        _("No ticket matches this number and e-mail address."),
        status=status.HTTP_404_NOT_FOUND,
    )


def ticket_json(ticket, request):
    """The one JSON shape of a ticket (``TicketSerializer``)."""
    context = {"request": request, "store": store_settings(request)}
    return s.TicketSerializer(ticket, context=context).data


def detail_response(ticket, request, status_code=status.HTTP_200_OK, headers=None):
    ticket = ticket_queryset().get(pk=ticket.pk)
    body = ticket_json(ticket, request)
    return Response(body, status=status_code, headers=headers)


class PublicAPIView(SettleThrottles, APIView):
    permission_classes = [AllowAny]


class ServiceCenterInfoView(PublicAPIView):
    @extend_schema(
        tags=TAG,
        summary="Service-center contacts, kinds of request and what each needs",
        operation_id="service_center_info",
        responses={200: s.ServiceCenterInfoSerializer},
    )
    def get(self, request):
        store = store_settings(request)
        payload = s.ServiceCenterInfoSerializer(
            {
                "address": store.service_center_address,
                "phone": store.call_center_phone,
                "whatsapp": store.whatsapp_number,
                "email": store.support_email,
                "office_hours": store.office_hours,
                "office_opens_at": store.office_opens_at,
                "office_closes_at": store.office_closes_at,
                "after_hours_visit_surcharge": store.after_hours_visit_surcharge,
                "pickup_fee": store.pickup_fee,
                "kinds": [_kind_description(kind) for kind in kinds.KINDS.values()],
                "ship_in_include": [
                    s.code_label(code, label) for code, label in logistics.SHIP_IN_INCLUDE.items()
                ],
            }
        )
        return Response(payload.data)


def _kind_description(kind):
    fields = kinds.request_fields(kind.code)
    return {
        "code": kind.code,
        "label": str(kind.label),
        "channels": [
            {**s.code_label(channel, kinds.CHANNELS[channel]), "required": required}
            for channel, required in fields["channels"].items()
        ],
        "required": fields["required"],
        "one_of": fields["one_of"],
        "required_when": fields["required_when"],
        "free": kind.free,
    }


class WarrantyCheckView(PublicAPIView):
    throttle_classes = [WarrantyCheckThrottle]

    @extend_schema(
        tags=TAG,
        summary="Warranty check: outcome, reason and what to bring",
        operation_id="service_center_warranty_check",
        description=(
            "For this store's order give `order_number` and (guests) `email`; the warranty "
            "clock starts on the delivery date. Goods bought elsewhere or abroad get no store "
            "warranty. Outcomes: `doa-exchange`, `in-warranty`, `manufacturer-warranty`, "
            "`out-of-warranty`, `non-warranty`."
        ),
        request=s.WarrantyCheckSerializer,
        responses={200: s.WarrantyAnswerSerializer, 400: ERROR, 429: ERROR},
    )
    def post(self, request):
        serializer = s.WarrantyCheckSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        purchase = data["resolved"]
        facts, result = purchases.check_warranty(
            purchase, data["hardware_defect"], data["box_complete"]
        )
        return Response(s.WarrantyAnswerSerializer(s.warranty_answer(facts, result, purchase)).data)


class VisitOptionsView(PublicAPIView):
    @extend_schema(
        tags=TAG,
        summary="When an on-site visit requested now is due, and its time windows",
        operation_id="service_center_visit_options",
        description=(
            "A request during office hours on a working day counts from that day, otherwise "
            "from the next working day. The visit is due the next working day, at the latest "
            "2 working days on; the after-hours window carries a surcharge."
        ),
        responses={200: s.VisitOptionsSerializer},
    )
    def get(self, request):
        store = store_settings(request)
        now = timezone.now()
        deadline = logistics.visit_deadline(now, store.office_opens_at, store.office_closes_at)
        dates, day = [], deadline.due_on
        while day <= deadline.latest_on:
            if workdays.is_working_day(day):
                dates.append(day)
            day += datetime.timedelta(days=1)
        windows = []
        for window in logistics.VISIT_WINDOWS.values():
            starts, ends = logistics.window_times(
                window.code, store.office_opens_at, store.office_closes_at
            )
            windows.append(
                {
                    "code": window.code,
                    "label": str(window.label),
                    "starts": starts,
                    "ends": ends,
                    "after_hours": window.after_hours,
                    "surcharge": logistics.visit_surcharge(
                        window.code, store.after_hours_visit_surcharge
                    ),
                }
            )
        return Response(
            s.VisitOptionsSerializer(
                {
                    "requested_at": now,
                    "counts_from": deadline.counts_from,
                    "due_on": deadline.due_on,
                    "latest_on": deadline.latest_on,
                    "bookable_dates": dates,
                    "windows": windows,
                }
            ).data
        )


class PaginatedTicketsSerializer(s.serializers.Serializer):
    count = s.serializers.IntegerField()
    next = s.serializers.URLField(allow_null=True)
    previous = s.serializers.URLField(allow_null=True)
    results = s.TicketSummarySerializer(many=True)


class TicketListCreateView(PublicAPIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    throttle_classes = [TicketCreateThrottle]

    @extend_schema(
        tags=TAG,
        summary="The signed-in shopper's service tickets",
        operation_id="service_center_requests_list",
        responses={200: PaginatedTicketsSerializer, 403: ERROR},
    )
    def get(self, request):
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        queryset = (
            ServiceTicket.objects.filter(user=request.user)
            .select_related("product", "product__parent")
            .order_by("-created_at", "-id")
        )
        paginator = StorePagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(s.TicketSummarySerializer(page, many=True).data)

    @extend_schema(
        tags=TAG,
        summary="Open a service request (warranty claim, repair, visit, pickup, ...)",
        operation_id="service_center_requests_create",
        description=(
            "JSON, or multipart with `warranty_card`, `invoice` and up to 5 `photos` (JPEG, "
            "PNG, WebP or PDF, checked by content). `GET /api/service-center/` lists each "
            "kind's required fields. Send an `Idempotency-Key` header to make retries safe: "
            "the same key and e-mail return the first ticket (200) instead of a new one."
        ),
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="8-100 characters: letters, digits, `_ . : -`.",
            )
        ],
        request={
            "application/json": s.TicketCreateSerializer,
            "multipart/form-data": s.TicketCreateSerializer,
        },
        responses={201: s.TicketSerializer, 200: s.TicketSerializer, 400: ERROR, 409: ERROR},
    )
    def post(self, request):
        key = idempotency_key(request)
        serializer = s.TicketCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data, attachments = serializer.service_data()
        ticket, created = tickets.create_ticket(
            data, user=request.user, idempotency_key=key, attachments=attachments
        )
        if created:
            return detail_response(ticket, request, status.HTTP_201_CREATED)
        return detail_response(ticket, request, headers={"Idempotent-Replayed": "true"})


class TicketDetailView(PublicAPIView):
    @extend_schema(
        tags=TAG,
        summary="A ticket of the signed-in shopper (staff: any ticket)",
        operation_id="service_center_request_retrieve",
        description="Guests use `POST /api/service-center/track/` with the e-mail instead.",
        responses={200: s.TicketSerializer, 404: ERROR},
    )
    def get(self, request, number):
        ticket = tickets.find_ticket(number, user=request.user, queryset=ticket_queryset())
        if ticket is None:
            raise not_found()
        return Response(ticket_json(ticket, request))


class TrackView(PublicAPIView):
    throttle_classes = [TicketLookupClientThrottle, TicketLookupNumberThrottle]

    @extend_schema(
        tags=TAG,
        summary="Track a ticket by number + e-mail",
        operation_id="service_center_track",
        description=(
            "Status, timeline, couriers, quote and visit. A wrong number and a wrong e-mail "
            "give the same 404; throttled per client and per ticket number."
        ),
        request=s.TicketTrackSerializer,
        responses={200: s.TicketSerializer, 400: ERROR, 404: ERROR, 429: ERROR},
    )
    def post(self, request):
        serializer = s.TicketTrackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ticket = tickets.find_ticket(
            serializer.validated_data["number"],
            email=serializer.validated_data["email"],
            queryset=ticket_queryset(),
        )
        if ticket is None:
            raise not_found()
        return Response(ticket_json(ticket, request))


class _TicketActionView(PublicAPIView):
    """Actions by the ticket's owner (signed in) or a guest giving its e-mail."""

    throttle_classes = [TicketLookupClientThrottle, TicketLookupNumberThrottle]

    def ticket_for(self, request, number, email):
        user = request.user if request.user.is_authenticated else None
        if user is not None and user.is_staff:
            user = None  # staff act in the dashboard; here they are shoppers like anyone
        ticket = tickets.find_ticket(number, email=email, user=user)
        if ticket is None:
            raise not_found()
        return ticket


class QuoteDecisionView(_TicketActionView):
    @extend_schema(
        tags=TAG,
        summary="Approve or decline the ticket's repair quote",
        operation_id="service_center_quote_decision",
        description=(
            "Approving starts the repair; declining ends the work (a workshop unit becomes "
            "ready to be returned)."
        ),
        request=s.QuoteDecisionSerializer,
        responses={200: s.TicketSerializer, 400: ERROR, 404: ERROR, 409: ERROR, 429: ERROR},
    )
    def post(self, request, number):
        serializer = s.QuoteDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ticket = self.ticket_for(request, number, data.get("email", ""))
        quotes.decide_quote(
            ticket,
            data["decision"],
            user=request.user,
            note=data.get("note", ""),
        )
        return detail_response(ticket, request)


class AttachmentUploadView(_TicketActionView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=TAG,
        summary="Add a file (warranty card, invoice, photo) to a ticket",
        operation_id="service_center_attachment_upload",
        request={"multipart/form-data": s.TicketAttachmentUploadSerializer},
        responses={201: s.TicketSerializer, 400: ERROR, 404: ERROR, 409: ERROR, 429: ERROR},
    )
    def post(self, request, number):
        serializer = s.TicketAttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ticket = self.ticket_for(request, number, data.get("email", ""))
        upload = data["file"]
        attachments.add_attachment(
            ticket, data["kind"], upload, upload.contex_content_type, user=request.user
        )
        return detail_response(ticket, request, status.HTTP_201_CREATED)


class AttachmentDownloadView(PublicAPIView):
    @extend_schema(
        tags=TAG,
        summary="Download a ticket's file through the signed link given with the ticket",
        operation_id="service_center_attachment_download",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            404: ERROR,
        },
    )
    def get(self, request, token):
        attachment = attachments.attachment_from_token(token)
        if attachment is None:
            raise StoreError(
                "attachment_not_found",
                _("This link is not valid or has expired."),
                status=status.HTTP_404_NOT_FOUND,
            )
        return attachment_response(attachment)
