"""``GET /api/csrf/``: the CSRF token a front end sends with every write (see ``csrf``)."""

from django.conf import settings
from django.middleware.csrf import get_token
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


class CsrfSessionScheme(SessionScheme):
    """The OpenAPI schema's ``cookieAuth`` for our session authentication too."""

    target_class = "contex_oscar.api.csrf.SessionAuthentication"


def csrf_header_name():
    """The header name a client sends (``CSRF_HEADER_NAME`` is its WSGI form)."""
    name = settings.CSRF_HEADER_NAME
    if name.startswith("HTTP_"):
        name = name[len("HTTP_") :]
    return "-".join(part.capitalize() for part in name.split("_"))


class CsrfTokenView(APIView):
    """``GET /api/csrf/``: the token to send with every POST, PUT, PATCH and DELETE."""

    permission_classes = (AllowAny,)

    @extend_schema(
        operation_id="csrf_token",
        summary=_("CSRF token"),
        description=_(
            "Sets the CSRF cookie and returns its token. Send the token in the named "
            "header, together with the cookies, on every request that changes something."
        ),
        responses={
            200: inline_serializer(
                "CsrfToken",
                fields={"csrf_token": serializers.CharField(), "header": serializers.CharField()},
            )
        },
        tags=["session"],
    )
    def get(self, request):
        return Response({"csrf_token": get_token(request), "header": csrf_header_name()})

    @classmethod
    def as_view(cls, **initkwargs):
        return ensure_csrf_cookie(super().as_view(**initkwargs))
