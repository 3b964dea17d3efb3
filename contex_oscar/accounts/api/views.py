"""API endpoints of shopper accounts (mounted under ``/api/accounts/``).

Register, resend and reset always answer ``202`` with the same body, whether or
not the address has an account; the mailbox's owner learns the rest by e-mail.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from contex_oscar.accounts import services
from contex_oscar.accounts.api.throttles import (
    AccountEmailAddressThrottle,
    AccountEmailClientThrottle,
)
from contex_oscar.api.exceptions import ErrorSerializer, MessageSerializer


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)


class EmailSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class VerifySerializer(serializers.Serializer):
    token = serializers.CharField(max_length=1000)
    password = serializers.CharField(
        max_length=128,
        required=False,
        allow_blank=True,
        style={"input_type": "password"},
        help_text=_(
            "The account's password: needed when the address was registered more than once "
            "(code password_required); if given, it replaces the registration's."
        ),
    )


class PasswordResetConfirmSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=200)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


def password_error(error):
    return serializers.ValidationError({"password": list(error.messages)}, code="password_invalid")


def message(code, text, status_code=status.HTTP_200_OK):
    return Response({"code": code, "message": str(text)}, status=status_code)


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=_("Invalid input or token.")),
    429: OpenApiResponse(ErrorSerializer, description=_("Too many requests; try later.")),
}


class PublicAccountView(APIView):
    """No session: these endpoints act for whoever holds the mailbox, signed in or not."""

    authentication_classes = ()
    permission_classes = (AllowAny,)


class RegisterView(PublicAccountView):
    throttle_classes = (AccountEmailClientThrottle, AccountEmailAddressThrottle)

    @extend_schema(
        operation_id="accounts_register",
        summary=_("Register a shopper account"),
        description=_(
            "Creates an inactive account and e-mails a verification link. The answer is "
            "the same when the address already has an account (its owner is told by e-mail)."
        ),
        request=RegisterSerializer,
        responses={202: MessageSerializer, **ERRORS},
        tags=["accounts"],
    )
    def post(self, request):
        ser = RegisterSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        try:
            services.register_shopper(
                data["email"],
                data["password"],
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                request=request._request,
            )
        except DjangoValidationError as error:
            raise password_error(error)
        return message(
            "verification_sent",
            _("Check your inbox: we sent a link to verify this e-mail address."),
            status.HTTP_202_ACCEPTED,
        )


class VerifyEmailView(PublicAccountView):
    @extend_schema(
        operation_id="accounts_verify_email",
        summary=_("Verify an e-mail address"),
        description=_("Activates the account the token was e-mailed for."),
        request=VerifySerializer,
        responses={200: MessageSerializer, 400: ERRORS[400]},
        tags=["accounts"],
    )
    def post(self, request):
        ser = VerifySerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            services.verify_email(
                ser.validated_data["token"], ser.validated_data.get("password") or None
            )
        except DjangoValidationError as error:
            raise password_error(error)
        return message("email_verified", _("Your e-mail address is verified. You can log in."))


# Sends a link to the posted address and answers 202 the same way whether or not the address
# has an account (nothing to learn about who is registered). No docstring on purpose: the
# schema keeps PublicAccountView's description.
class EmailedLinkView(PublicAccountView):
    throttle_classes = (AccountEmailClientThrottle, AccountEmailAddressThrottle)
    #: The answer's ``code`` and message; ``send(email)`` e-mails the link.
    code = None
    text = None

    def post(self, request):
        ser = EmailSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        self.send(ser.validated_data["email"])
        return message(self.code, self.text, status.HTTP_202_ACCEPTED)


@extend_schema_view(
    post=extend_schema(
        operation_id="accounts_resend_verification",
        summary=_("Send the verification e-mail again"),
        request=EmailSerializer,
        responses={202: MessageSerializer, **ERRORS},
        tags=["accounts"],
    )
)
class ResendVerificationView(EmailedLinkView):
    code = "verification_sent"
    text = _("If this address waits for verification, we sent a new link.")

    def send(self, email):
        services.resend_verification(email)


@extend_schema_view(
    post=extend_schema(
        operation_id="accounts_password_reset",
        summary=_("E-mail a password reset link"),
        request=EmailSerializer,
        responses={202: MessageSerializer, **ERRORS},
        tags=["accounts"],
    )
)
class PasswordResetView(EmailedLinkView):
    code = "password_reset_sent"
    text = _("If this address has an account, we sent a link to choose a new password.")

    def send(self, email):
        services.request_password_reset(email)


class PasswordResetConfirmView(PublicAccountView):
    @extend_schema(
        operation_id="accounts_password_reset_confirm",
        summary=_("Choose a new password with a reset link"),
        request=PasswordResetConfirmSerializer,
        responses={200: MessageSerializer, 400: ERRORS[400]},
        tags=["accounts"],
    )
    def post(self, request):
        ser = PasswordResetConfirmSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        try:
            services.reset_password(data["uid"], data["token"], data["password"])
        except DjangoValidationError as error:
            raise password_error(error)
        return message("password_changed", _("Your password is changed. You can log in."))
