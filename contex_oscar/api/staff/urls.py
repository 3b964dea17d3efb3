"""``/api/staff/…`` (appended to ``contex_oscar.api.urls``)."""

from django.urls import path

from contex_oscar.api.staff import views

urlpatterns = [
    path(
        "payment-confirmations/",
        views.ConfirmationQueueView.as_view(),
        name="contex-staff-confirmations",
    ),
    path(
        "payment-confirmations/<int:pk>/approve/",
        views.ApproveConfirmationView.as_view(),
        name="contex-staff-confirmation-approve",
    ),
    path(
        "payment-confirmations/<int:pk>/reject/",
        views.RejectConfirmationView.as_view(),
        name="contex-staff-confirmation-reject",
    ),
    path(
        "unpaid-transfers/",
        views.UnpaidTransferListView.as_view(),
        name="contex-staff-unpaid-transfers",
    ),
    path(
        "orders/<str:number>/payments/",
        views.RecordPaymentView.as_view(),
        name="contex-staff-order-payment",
    ),
    path(
        "orders/<str:number>/status/",
        views.OrderStatusView.as_view(),
        name="contex-staff-order-status",
    ),
    path(
        "orders/<str:number>/shipping-quote/",
        views.ShippingQuoteSetView.as_view(),
        name="contex-staff-order-shipping-quote",
    ),
    path("shipping-quotes/", views.ShippingQuoteListView.as_view(), name="contex-staff-quotes"),
    path("tickets/", views.TicketListView.as_view(), name="contex-staff-tickets"),
    path(
        "tickets/<str:number>/assign/",
        views.TicketAssignView.as_view(),
        name="contex-staff-ticket-assign",
    ),
    path(
        "tickets/<str:number>/status/",
        views.TicketStatusView.as_view(),
        name="contex-staff-ticket-status",
    ),
    path(
        "tickets/<str:number>/quote-lines/",
        views.TicketQuoteLineView.as_view(),
        name="contex-staff-ticket-quote-line",
    ),
    path(
        "tickets/<str:number>/quote/send/",
        views.TicketQuoteSendView.as_view(),
        name="contex-staff-ticket-quote-send",
    ),
    path(
        "webhooks/endpoints/",
        views.WebhookEndpointListView.as_view(),
        name="contex-staff-webhook-endpoints",
    ),
    path(
        "webhooks/endpoints/<int:pk>/",
        views.WebhookEndpointDetailView.as_view(),
        name="contex-staff-webhook-endpoint",
    ),
    path(
        "webhooks/deliveries/",
        views.WebhookDeliveryListView.as_view(),
        name="contex-staff-webhook-deliveries",
    ),
    path(
        "webhooks/deliveries/<int:pk>/replay/",
        views.WebhookReplayView.as_view(),
        name="contex-staff-webhook-replay",
    ),
]
