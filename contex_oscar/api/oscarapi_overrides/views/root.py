"""``GET /api/``: oscarapi's endpoints and the store's own (loaded via OSCARAPI_OVERRIDE_MODULES).

oscarapi's root lists only oscarapi's routes; a front end exploring the API would not
find payments, accounts, tracking or the service center. The store's part is read from
the URLconf itself (every route of a ``contex_oscar`` view that needs no argument), so a
new endpoint appears here without being written down twice.
"""

from collections import OrderedDict

from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from oscarapi.views import root as base
from rest_framework.decorators import api_view
from rest_framework.response import Response


def _store_routes(patterns, prefix=""):
    """(name, path) of every argument-free route whose view is the store's."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if getattr(pattern.pattern, "converters", None) or "(?P<" in route or "<" in route:
            continue
        if isinstance(pattern, URLResolver):
            yield from _store_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and pattern.name:
            view = getattr(pattern.callback, "view_class", pattern.callback)
            if view.__module__.startswith("contex_oscar."):
                yield pattern.name, route.lstrip("^").rstrip("$")


def store_endpoints(request):
    """The store's endpoints by name (``contex-`` dropped), as absolute URLs."""
    resolver = get_resolver(getattr(request, "urlconf", None))
    endpoints = OrderedDict()
    for name, route in _store_routes(resolver.url_patterns):
        endpoints.setdefault(name.removeprefix("contex-"), request.build_absolute_uri("/" + route))
    return endpoints


@extend_schema(
    summary="The API's endpoints",
    responses={200: OpenApiTypes.OBJECT},
    description="oscarapi's endpoints by name, and the store's under `store`.",
)
@api_view(("GET",))
def api_root(request, format=None, *args, **kwargs):  # noqa: A002 (oscarapi's signature)
    """Every endpoint that needs no argument: oscarapi's, then the store's under ``store``."""
    answer = base.api_root.cls().get(request, format, *args, **kwargs)
    data = OrderedDict(answer.data)
    data["store"] = store_endpoints(request)
    return Response(data)
