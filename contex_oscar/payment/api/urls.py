from django.urls import path

from contex_oscar.payment.api import views

urlpatterns = [
    path(
        "checkout/payment-methods/",
        views.PaymentMethodsView.as_view(),
        name="contex-payment-methods",
    ),
    path("bank-accounts/", views.BankAccountList.as_view(), name="contex-bank-accounts"),
    path(
        "orders/<str:number>/payment-confirmations/",
        views.PaymentConfirmationList.as_view(),
        name="contex-payment-confirmations",
    ),
    path(
        "orders/<str:number>/payment-confirmations/<int:pk>/proof/",
        views.PaymentProofView.as_view(),
        name="contex-payment-proof",
    ),
]
