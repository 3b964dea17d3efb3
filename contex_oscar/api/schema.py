"""OpenAPI schema hooks: describe oscarapi views drf-spectacular cannot guess, keep the
schema to the shop's API (Wagtail's admin API under /cms/ is not public)."""

from drf_spectacular.extensions import (
    OpenApiSerializerExtension,
    OpenApiSerializerFieldExtension,
    OpenApiViewExtension,
)
from drf_spectacular.hooks import preprocess_exclude_path_format
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema

from contex_oscar.api.exceptions import ERROR_CODES_EXTENSION


def only_public_api(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: keep the endpoints under ``/api/``, once each.

    oscarapi's ``format_suffix_patterns`` also route ``/api/basket.json``; documented, they
    doubled 35 operations as ``/api/basket{format}``.
    """
    endpoints = preprocess_exclude_path_format(endpoints)
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


class ApiRootSchema(OpenApiViewExtension):
    target_class = "oscarapi.views.root.api_root"

    def view_replacement(self):
        @extend_schema(responses={200: OpenApiTypes.OBJECT}, description="Links to the API.")
        class Fixed(self.target_class):
            """oscarapi's root, its answer documented."""

        return Fixed


class CategoryBulkAdminSchema(OpenApiViewExtension):
    target_class = "oscarapi.views.admin.product.CategoryBulkAdminApi"

    def view_replacement(self):
        tree = {200: OpenApiTypes.OBJECT}

        class Fixed(self.target_class):
            @extend_schema(responses=tree, description="The category tree (staff only).")
            def get(self, request, *args, **kwargs):
                return super().get(request, *args, **kwargs)

            @extend_schema(
                request=OpenApiTypes.OBJECT,
                responses=tree,
                description="Create or update categories from a tree (staff only).",
            )
            def post(self, request):
                return super().post(request)

        return Fixed


class AttributeValueFieldSchema(OpenApiSerializerFieldExtension):
    """A product attribute's ``value`` has its attribute's type: text, a number, a yes/no,
    a date, an option or a list. drf-spectacular guessed a string (the schemathesis run
    met ``30.0`` for a box height)."""

    target_class = "oscarapi.serializers.fields.AttributeValueField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        return {"description": "Typed as the attribute: text, number, boolean, date or list."}


class UserDetailSchema(OpenApiViewExtension):
    """oscarapi's ``users/<pk>/`` answers 204 without a body unless
    ``OSCARAPI_EXPOSE_USER_DETAILS`` is on (found by the signed-in schemathesis pass)."""

    target_class = "oscarapi.views.login.UserDetail"

    def view_replacement(self):
        serializer = self.target_class.serializer_class

        class Fixed(self.target_class):
            @extend_schema(
                responses={200: serializer, 204: None},
                description="The signed-in user; 204 when the site does not expose user details.",
            )
            def get(self, request, *args, **kwargs):
                return super().get(request, *args, **kwargs)

        return Fixed


# What every operation can answer besides its own codes: 401/403 (not signed in,
# CSRF token missing, not allowed), 404 (no such object, or not yours) and 429
# (throttled), all as the store's error JSON. Found by the schemathesis run
# (tests/fuzz): drf-spectacular documents only the success codes of inherited views.
COMMON_ERRORS = ("401", "403", "404", "429")
ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_RESPONSE = {
    "description": "Error: JSON with `code`, `message` and maybe `errors`.",
    "content": {"application/json": {"schema": ERROR_REF}},
}
# The one error body (api.exceptions.error_body), so that a generated client can read
# ``error.code`` (a bare object became TypeScript's ``Record<string, never>``).
ERROR_COMPONENT = {
    "type": "object",
    "description": "Every API error: a stable machine-readable code and a translated message.",
    "properties": {
        "code": {"type": "string", "description": "Stable, machine-readable."},
        "message": {"type": "string", "description": "For people, in the request's language."},
        "errors": {"description": "Per-field details, when the input had any."},
    },
    "required": ["code", "message"],
}
# The codes DRF's own exceptions answer (``api.exceptions.exception_handler`` keeps their
# ``default_code``): listed with an operation's own codes for every status it declares.
DRF_CODES = {
    "400": ("parse_error",),
    "401": ("not_authenticated", "authentication_failed"),
    "403": ("permission_denied",),
    "404": ("not_found",),
    "405": ("method_not_allowed",),
    "406": ("not_acceptable",),
    "415": ("unsupported_media_type",),
    "429": ("throttled",),
}
# DRF writes times as "17:00:00"; JSON Schema's "time" format wants an offset.
TIME_PATTERN = r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: document the errors every operation can answer.

    Also describes DRF's times as a pattern, and the empty basket's ``currency``
    (``null`` until a product is added).
    """
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            takes_input = "requestBody" in operation or any(
                parameter.get("in") == "query" for parameter in operation.get("parameters", [])
            )
            # oscarapi answers invalid input with 400 or 406 (basket, checkout)
            for code in (("400", "406") if takes_input else ()) + COMMON_ERRORS:
                responses.setdefault(code, ERROR_RESPONSE)
            _errors_typed(responses)
            _codes_listed(responses, operation.pop(ERROR_CODES_EXTENSION, {}))
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault(
        "Error", ERROR_COMPONENT
    )
    _times_as_pattern(result.get("components", {}).get("schemas", {}))
    basket = result.get("components", {}).get("schemas", {}).get("Basket", {})
    if "currency" in basket.get("properties", {}):
        basket["properties"]["currency"]["nullable"] = True
    return result


class ErrorSerializerSchema(OpenApiSerializerExtension):
    """Views that name their errors (``ErrorSerializer``) get the same one component."""

    target_class = "contex_oscar.api.exceptions.ErrorSerializer"

    def get_name(self, auto_schema, direction):
        return "Error"

    def map_serializer(self, auto_schema, direction):
        return ERROR_COMPONENT


UNTYPED_OBJECTS = ({"type": "object"}, {"type": "object", "additionalProperties": {}})


def _errors_typed(responses):
    """An error answer documented as a bare object (an inherited or hand-written
    ``OpenApiTypes.OBJECT``) is the store's error body."""
    for status, response in responses.items():
        body = response.get("content", {}).get("application/json", {})
        if status >= "400" and body.get("schema") in UNTYPED_OBJECTS:
            body["schema"] = ERROR_REF


def error_schema(codes):
    """The ``Error`` component with ``code`` narrowed to ``codes``."""
    narrowed = {"type": "object", "properties": {"code": {"type": "string", "enum": codes}}}
    return {"allOf": [ERROR_REF, narrowed]}


def _codes_listed(responses, declared):
    """Each status an operation declared (``api.exceptions.error_codes``) answers the
    ``Error`` whose ``code`` is one of its codes and DRF's for that status."""
    for status, codes in declared.items():
        listed = list(dict.fromkeys([*codes, *DRF_CODES.get(status, ())]))
        response = responses.get(status, ERROR_RESPONSE)
        responses[status] = {
            "description": response.get("description") or ERROR_RESPONSE["description"],
            "content": {"application/json": {"schema": error_schema(listed)}},
        }


def _times_as_pattern(node):
    if isinstance(node, dict):
        if node.get("format") == "time" and node.get("type") == "string":
            del node["format"]
            node["pattern"] = TIME_PATTERN
        for value in node.values():
            _times_as_pattern(value)
    elif isinstance(node, list):
        for value in node:
            _times_as_pattern(value)


def name_category_lookups(result, generator, request, public):
    """drf-spectacular postprocessing hook: oscarapi routes its category list view at
    ``categories/`` and ``categories/{breadcrumbs}/``; both would be ``categories_list``
    (a warning in every ``check``, a ``_2`` suffix). The breadcrumbs look-up gets its name."""
    lookup = result["paths"].get("/api/categories/{breadcrumbs}/", {}).get("get")
    if lookup is not None:
        lookup["operationId"] = "categories_by_breadcrumbs_list"
    return result
