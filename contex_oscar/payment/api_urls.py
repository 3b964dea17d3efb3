from django.urls import path

from contex_oscar.payment import api_views

urlpatterns = [
    path(
        "checkout/payment-methods/",
        api_views.PaymentMethodsView.as_view(),
        name="contex-payment-methods",
    ),
    path("bank-accounts/", api_views.BankAccountList.as_view(), name="contex-bank-accounts"),
    path(
        "orders/<str:number>/payment-confirmations/",
        api_views.PaymentConfirmationList.as_view(),
        name="contex-payment-confirmations",
    ),
    path(
        "orders/<str:number>/payment-confirmations/<int:pk>/proof/",
        api_views.PaymentProofView.as_view(),
        name="contex-payment-proof",
    ),
]
