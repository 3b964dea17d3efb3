"""``/api/service-center/...`` routes (appended to ``contex_oscar.api.urls``)."""

from django.urls import path

from contex_oscar.service_center.api import views

urlpatterns = [
    path("", views.ServiceCenterInfoView.as_view(), name="contex-service-center"),
    path(
        "warranty-check/",
        views.WarrantyCheckView.as_view(),
        name="contex-service-center-warranty-check",
    ),
    path(
        "visit-options/",
        views.VisitOptionsView.as_view(),
        name="contex-service-center-visit-options",
    ),
    path("track/", views.TrackView.as_view(), name="contex-service-center-track"),
    path("requests/", views.TicketListCreateView.as_view(), name="contex-service-center-requests"),
    path(
        "requests/<str:number>/",
        views.TicketDetailView.as_view(),
        name="contex-service-center-request",
    ),
    path(
        "requests/<str:number>/quote-decision/",
        views.QuoteDecisionView.as_view(),
        name="contex-service-center-quote-decision",
    ),
    path(
        "requests/<str:number>/attachments/",
        views.AttachmentUploadView.as_view(),
        name="contex-service-center-attachments",
    ),
    path(
        "attachments/<str:token>/",
        views.AttachmentDownloadView.as_view(),
        name="contex-service-center-attachment",
    ),
]
