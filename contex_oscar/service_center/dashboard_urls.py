"""The service desk in Oscar's dashboard (mounted under ``contex-dashboard``)."""

from django.urls import path

from contex_oscar.service_center import dashboard_views as views

urlpatterns = [
    path("", views.TicketListView.as_view(), name="service-center-ticket-list"),
    path("<str:number>/", views.TicketDetailView.as_view(), name="service-center-ticket-detail"),
    path(
        "<str:number>/attachments/<int:pk>/",
        views.AttachmentView.as_view(),
        name="service-center-attachment",
    ),
    path(
        "<str:number>/<slug:action>/",
        views.TicketActionView.as_view(),
        name="service-center-ticket-action",
    ),
]
