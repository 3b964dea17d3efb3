"""``/api/accounts/...``: included by ``contex_oscar.api.urls``."""

from django.urls import path

from contex_oscar.accounts import api

urlpatterns = [
    path("register/", api.RegisterView.as_view(), name="contex-account-register"),
    path("verify-email/", api.VerifyEmailView.as_view(), name="contex-account-verify-email"),
    path(
        "resend-verification/",
        api.ResendVerificationView.as_view(),
        name="contex-account-resend-verification",
    ),
    path("password-reset/", api.PasswordResetView.as_view(), name="contex-account-password-reset"),
    path(
        "password-reset/confirm/",
        api.PasswordResetConfirmView.as_view(),
        name="contex-account-password-reset-confirm",
    ),
]
