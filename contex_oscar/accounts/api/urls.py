"""``/api/accounts/...``: included by ``contex_oscar.views.urls``."""

from django.urls import path

from contex_oscar.accounts.api import views

urlpatterns = [
    path("register/", views.RegisterView.as_view(), name="contex-account-register"),
    path("verify-email/", views.VerifyEmailView.as_view(), name="contex-account-verify-email"),
    path(
        "resend-verification/",
        views.ResendVerificationView.as_view(),
        name="contex-account-resend-verification",
    ),
    path(
        "password-reset/",
        views.PasswordResetView.as_view(),
        name="contex-account-password-reset",
    ),
    path(
        "password-reset/confirm/",
        views.PasswordResetConfirmView.as_view(),
        name="contex-account-password-reset-confirm",
    ),
]
