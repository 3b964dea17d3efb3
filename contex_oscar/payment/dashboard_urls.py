"""Mounted by contex_oscar.dashboard.urls under ``payment/`` (namespace ``contex-dashboard``).

Every page is for active staff only, like Oscar's own dashboard.
"""

from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path

from contex_oscar.payment import dashboard_views as views


def staff(view_class):
    return staff_member_required(view_class.as_view(), login_url="/accounts/login/")


urlpatterns = [
    path(
        "confirmations/",
        staff(views.ConfirmationQueueView),
        name="payment-confirmation-list",
    ),
    path(
        "confirmations/<int:pk>/",
        staff(views.ConfirmationDetailView),
        name="payment-confirmation-detail",
    ),
    path(
        "confirmations/<int:pk>/proof/",
        staff(views.StaffProofView),
        name="payment-confirmation-proof",
    ),
    path("awaiting/", staff(views.AwaitingTransferListView), name="payment-awaiting-list"),
    path(
        "orders/<str:number>/cancel/",
        staff(views.CancelUnpaidView),
        name="payment-cancel-unpaid",
    ),
    path("collect/", staff(views.CollectListView), name="payment-collect-list"),
    path(
        "orders/<str:number>/record/",
        staff(views.RecordPaymentView),
        name="payment-record",
    ),
    path("refunds/", staff(views.RefundOwedListView), name="payment-refund-list"),
    path(
        "orders/<str:number>/refund/",
        staff(views.RecordRefundView),
        name="payment-refund-record",
    ),
    path("bank-accounts/", staff(views.BankAccountListView), name="payment-bank-account-list"),
    path(
        "bank-accounts/create/",
        staff(views.BankAccountCreateView),
        name="payment-bank-account-create",
    ),
    path(
        "bank-accounts/<int:pk>/",
        staff(views.BankAccountUpdateView),
        name="payment-bank-account-update",
    ),
    path(
        "bank-accounts/<int:pk>/delete/",
        staff(views.BankAccountDeleteView),
        name="payment-bank-account-delete",
    ),
]
