"""Mounted by contex_oscar.dashboard.urls under ``payment/`` (namespace ``contex-dashboard``).

Every page is for active staff allowed its staff action (``dashboard.views.StaffOnlyMixin``).
"""

from django.urls import path

from contex_oscar.payment import dashboard_views as views

urlpatterns = [
    path(
        "confirmations/",
        views.ConfirmationQueueView.as_view(),
        name="payment-confirmation-list",
    ),
    path(
        "confirmations/<int:pk>/",
        views.ConfirmationDetailView.as_view(),
        name="payment-confirmation-detail",
    ),
    path(
        "confirmations/<int:pk>/proof/",
        views.StaffProofView.as_view(),
        name="payment-confirmation-proof",
    ),
    path("awaiting/", views.AwaitingTransferListView.as_view(), name="payment-awaiting-list"),
    path(
        "orders/<str:number>/cancel/",
        views.CancelUnpaidView.as_view(),
        name="payment-cancel-unpaid",
    ),
    path("collect/", views.CollectListView.as_view(), name="payment-collect-list"),
    path(
        "orders/<str:number>/record/",
        views.RecordPaymentView.as_view(),
        name="payment-record",
    ),
    path("refunds/", views.RefundOwedListView.as_view(), name="payment-refund-list"),
    path(
        "orders/<str:number>/refund/",
        views.RecordRefundView.as_view(),
        name="payment-refund-record",
    ),
    path("bank-accounts/", views.BankAccountListView.as_view(), name="payment-bank-account-list"),
    path(
        "bank-accounts/create/",
        views.BankAccountCreateView.as_view(),
        name="payment-bank-account-create",
    ),
    path(
        "bank-accounts/<int:pk>/",
        views.BankAccountUpdateView.as_view(),
        name="payment-bank-account-update",
    ),
    path(
        "bank-accounts/<int:pk>/delete/",
        views.BankAccountDeleteView.as_view(),
        name="payment-bank-account-delete",
    ),
]
