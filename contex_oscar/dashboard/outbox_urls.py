"""Mounted by contex_oscar.dashboard.urls under ``outbox/`` (namespace ``contex-dashboard``)."""

from django.urls import path

from contex_oscar.dashboard import outbox_views as views

urlpatterns = [
    path("", views.OutboxListView.as_view(), name="outbox-list"),
    path("<int:pk>/resend/", views.OutboxResendView.as_view(), name="outbox-resend"),
]
