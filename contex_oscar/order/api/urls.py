"""``/api/orders/track/`` and friends: included by ``contex_oscar.api.urls``."""

from django.db import transaction
from django.urls import path

from contex_oscar.order.api import views

urlpatterns = [
    # read-only: no request transaction (and its savepoint queries) needed
    path(
        "track/",
        transaction.non_atomic_requests(views.TrackOrderView.as_view()),
        name="contex-order-track",
    ),
    path(
        "<str:number>/invoice/",
        transaction.non_atomic_requests(views.InvoiceView.as_view()),
        name="contex-order-invoice",
    ),
    path(
        "<str:number>/invoice.pdf",
        transaction.non_atomic_requests(views.InvoicePdfView.as_view()),
        name="contex-order-invoice-pdf",
    ),
    path("<str:number>/cancel/", views.CancelOrderView.as_view(), name="contex-order-cancel"),
    path(
        "out-of-stock-choice/",
        views.OutOfStockChoiceView.as_view(),
        name="contex-order-out-of-stock-choice",
    ),
]
