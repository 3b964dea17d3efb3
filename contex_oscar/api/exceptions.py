"""Every API error is JSON: ``{"code": "...", "message": "...", "errors": {...}}``.

``code`` is machine-readable and stable; ``message`` is for people (translated);
``errors`` carries DRF's per-field details when there are any.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.middleware.common import CommonMiddleware
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views import defaults as django_views
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from contex_oscar.errors import StoreError


class MessageSerializer(serializers.Serializer):
    """A stable machine-readable ``code`` and a message for people."""

    code = serializers.CharField()
    message = serializers.CharField()


class ErrorSerializer(MessageSerializer):
    """The error body, for views that name their errors in the schema (one component,
    ``Error``: api.schema)."""

    errors = serializers.DictField(required=False)


#: The operation extension ``error_codes`` writes and ``api.schema`` turns into enums.
ERROR_CODES_EXTENSION = "x-contex-error-codes"


def error_codes(*errors):
    """``extend_schema(extensions=error_codes(...))``: the error codes an operation
    answers, by HTTP status, so that its schema lists them (``code`` as an enum, see
    ``api.schema``). Each error is a ``StoreError`` class (its ``code`` and ``status``) or
    a ``(status, code)`` pair. A status named here lists these codes and those DRF itself
    answers with that status (``api.schema.DRF_CODES``); a status not named keeps any code.
    """
    by_status = {}
    for error in errors:
        status, code = (error.status, error.code) if isinstance(error, type) else error
        codes = by_status.setdefault(str(status), [])
        if code not in codes:
            codes.append(code)
    return {ERROR_CODES_EXTENSION: by_status}


def _first_code(detail):
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_code(value)
    if isinstance(detail, list) and detail:
        return _first_code(detail[0])
    return getattr(detail, "code", None)


# DRF's per-field codes say *how* a field is wrong; they are kept in ``errors``.
# A serializer that raises its own code (e.g. ``cod_outside_jabodetabek``) has
# it promoted to the top-level ``code``.
GENERIC_FIELD_CODES = {
    "invalid",
    "required",
    "null",
    "blank",
    "max_length",
    "min_length",
    "max_value",
    "min_value",
    "max_digits",
    "max_decimal_places",
    "max_whole_digits",
    "invalid_choice",
    "does_not_exist",
    "incorrect_type",
    "no_match",
    "incorrect_match",
    "empty",
    "not_a_list",
    "date",
    "datetime",
    "unique",
    "parse_error",
    "invalid_image",
    "max_string_length",
}


def validation_error_body(detail):
    code = _first_code(detail)
    if code is None or code in GENERIC_FIELD_CODES:
        code = "validation_error"
    return error_body(code, _("The request is not valid."), detail)


def error_response(error):
    """A ``StoreError`` as the API answers it."""
    return Response(error_body(error.code, error.message, error.errors), status=error.status)


def error_body(code, message, errors=None):
    body = {"code": code, "message": str(message)}
    if errors:
        body["errors"] = errors
    return body


def exception_handler(exc, context):
    if isinstance(exc, StoreError):  # any rule of the store that refused the request
        set_rollback()  # nothing of a refused request is kept
        return error_response(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = validation_error_body(exc.detail)
        return response
    detail = exc.detail if hasattr(exc, "detail") else response.data
    code = exc.get_codes() if hasattr(exc, "get_codes") else "error"
    if not isinstance(code, str):
        code = "error"
    response.data = error_body(code, detail)
    return response


ENDPOINT_NOT_FOUND = "contex-api-endpoint-not-found"


@csrf_exempt
def endpoint_not_found(request):
    """The last route under the API: any other address answers the store's JSON 404,
    whatever the method (not Django's HTML page). It is a plain Django view, so the
    OpenAPI schema never lists it.

    As Django's ``APPEND_SLASH`` would, an address that lacks only its trailing slash
    is redirected to the endpoint that has it.
    """
    if _endpoint_with_slash_exists(request):
        return HttpResponsePermanentRedirect(
            CommonMiddleware(lambda request: None).get_full_path_with_slash(request)
        )
    body = error_body("endpoint_not_found", _("There is no API endpoint at this address."))
    return JsonResponse(body, status=404)


def _endpoint_with_slash_exists(request):
    if not settings.APPEND_SLASH or request.path_info.endswith("/"):
        return False
    try:
        match = resolve(f"{request.path_info}/", getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return match.url_name != ENDPOINT_NOT_FOUND


def _api_root():
    try:
        return reverse(ENDPOINT_NOT_FOUND)  # the API's catch-all route: its prefix
    except NoReverseMatch:
        return None


def server_error(request):
    """``handler500``: a JSON 500 under the API, Django's page elsewhere.

    Django calls it after logging the exception with its traceback (``django.request``,
    ERROR: the production ``LOGGING`` writes it to stderr and mails ``ADMINS``); nothing
    is swallowed here. Set ``handler500 = "contex_oscar.api.exceptions.server_error"`` in
    the site's root URLconf.
    """
    root = _api_root()
    if root and request.path_info.startswith(root):
        body = error_body("server_error", _("Something went wrong on our side; try again later."))
        return JsonResponse(body, status=500)
    return django_views.server_error(request)
