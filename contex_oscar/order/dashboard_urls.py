"""Mounted by contex_oscar.dashboard.urls under ``orders/`` (namespace ``contex-dashboard``)."""

from django.urls import path

from contex_oscar.order import dashboard_views as views

urlpatterns = [
    path("", views.OrderLifecycleListView.as_view(), name="order-lifecycle-list"),
    path("<str:number>/", views.OrderLifecycleView.as_view(), name="order-lifecycle-detail"),
    path("<str:number>/invoice/", views.InvoiceView.as_view(), name="order-lifecycle-invoice"),
    path(
        "<str:number>/invoice.pdf",
        views.InvoiceView.as_view(pdf=True),
        name="order-lifecycle-invoice-pdf",
    ),
    path(
        "<str:number>/lines/<int:line_pk>/price/",
        views.PriceCorrectionView.as_view(),
        name="order-lifecycle-price",
    ),
]
