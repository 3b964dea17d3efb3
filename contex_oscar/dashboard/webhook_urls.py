"""Mounted by contex_oscar.dashboard.urls under ``webhooks/`` (namespace ``contex-dashboard``)."""

from django.urls import path

from contex_oscar.dashboard import webhook_views as views

urlpatterns = [
    path("", views.WebhookEndpointListView.as_view(), name="webhook-endpoint-list"),
    path("new/", views.WebhookEndpointFormView.as_view(), name="webhook-endpoint-create"),
    path("<int:pk>/", views.WebhookEndpointFormView.as_view(), name="webhook-endpoint-update"),
    path("deliveries/", views.WebhookDeliveryListView.as_view(), name="webhook-delivery-list"),
    path(
        "deliveries/<int:pk>/",
        views.WebhookDeliveryDetailView.as_view(),
        name="webhook-delivery-detail",
    ),
    path(
        "deliveries/<int:pk>/replay/",
        views.WebhookReplayView.as_view(),
        name="webhook-delivery-replay",
    ),
]
