"""oscarapi's login, refusing accounts whose e-mail is not verified (loaded via
OSCARAPI_OVERRIDE_MODULES). The guest basket still moves into the account on login."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from oscarapi.basket import operations
from oscarapi.utils.session import login_and_upgrade_session
from oscarapi.views import login as base
from rest_framework import serializers, status
from rest_framework.response import Response

from contex_oscar.accounts.api.throttles import LOGIN_THROTTLES
from contex_oscar.accounts.services import AccountError, authenticate_shopper
from contex_oscar.api.exceptions import ErrorSerializer, error_body
from contex_oscar.errors import StoreError
from contex_oscar.throttles import SettleThrottles


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=254, help_text=_("The account's e-mail address."))
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


class LoginView(SettleThrottles, base.LoginView):
    """``POST /api/login/``: as oscarapi's, with the store's error codes.

    401 ``invalid_credentials`` for a wrong address or password; 403
    ``email_not_verified`` only when the password is right but the address is not
    verified yet (so it tells nothing to someone without the password); 429
    ``throttled`` after too many failed logins from the client or on the account.
    """

    throttle_classes = LOGIN_THROTTLES

    @extend_schema(
        operation_id="login",
        request=CredentialsSerializer,
        responses={
            200: OpenApiResponse(description=_("Logged in; the guest basket is merged.")),
            401: OpenApiResponse(ErrorSerializer, description=_("Wrong e-mail or password.")),
            403: OpenApiResponse(ErrorSerializer, description=_("E-mail not verified yet.")),
            429: OpenApiResponse(ErrorSerializer, description=_("Too many requests; try later.")),
            405: OpenApiResponse(ErrorSerializer, description=_("Already logged in.")),
        },
        tags=["accounts"],
    )
    def post(self, request, *args, **kwargs):
        ser = CredentialsSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        if request.user.is_authenticated:
            return Response(
                error_body("session_in_use", _("This session is logged in; log out first.")),
                status=status.HTTP_405_METHOD_NOT_ALLOWED,
            )
        try:
            user = authenticate_shopper(
                request._request, ser.validated_data["username"], ser.validated_data["password"]
            )
        except AccountError as error:
            raise StoreError(error.code, error.message, status=error.status)
        anonymous_basket = operations.get_anonymous_basket(request)
        request.user = user
        login_and_upgrade_session(request._request, user)
        basket = operations.get_user_basket(user)
        if anonymous_basket is not None:
            self.merge_baskets(anonymous_basket, basket)
        operations.store_basket_in_session(basket, request.session)
        return Response("")

    # oscarapi's GET (who is logged in) and DELETE (log out), documented as they answer
    # (found by the schemathesis run, tests/fuzz).
    @extend_schema(
        responses={
            200: OpenApiResponse(
                description=_("The signed-in user (OSCARAPI_EXPOSE_USER_DETAILS).")
            ),
            204: OpenApiResponse(description=_("Signed in; user details are not exposed.")),
            405: OpenApiResponse(ErrorSerializer, description=_("Nobody is signed in.")),
        },
        tags=["accounts"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(description=_("Logged out (a guest's basket is deleted)."))
        },
        tags=["accounts"],
    )
    def delete(self, request, *args, **kwargs):
        return super().delete(request, *args, **kwargs)


class RegistrationView(base.RegistrationView):
    """oscarapi's registration; while it is switched off (the store's own is
    ``/api/accounts/register/``) it refuses with the store's error JSON, not a bare string."""

    def post(self, request, *args, **kwargs):
        from oscarapi.settings import ENABLE_REGISTRATION

        if not ENABLE_REGISTRATION:
            raise StoreError(
                "registration_disabled",
                _("Register with /api/accounts/register/."),
                status=status.HTTP_401_UNAUTHORIZED,
            )
        return super().post(request, *args, **kwargs)
