"""The posted body's fields, for code that reads them before (or without) a serializer.

A JSON body may be any JSON value: ``[]``, ``123``, ``null``, ``"x"``. DRF's serializers
refuse one that is not an object with a validation error, but ``request.data.get(...)``
in a view or a throttle fails on it with a 500. Every such read goes through here.
"""

from collections.abc import Mapping

from rest_framework.serializers import Serializer, ValidationError
from rest_framework.settings import api_settings


def posted_field(request, name, default=None):
    """The posted field ``name``, or ``default`` when it is missing or the body is not an
    object (a throttle then counts nothing; the view's validation answers the request)."""
    data = request.data
    if not isinstance(data, Mapping):  # as DRF's Serializer.to_internal_value checks
        return default
    return data.get(name, default)


def posted_object(request):
    """``request.data`` when the body is an object (a JSON object, a form).

    Otherwise raises the ``ValidationError`` a serializer would raise for that body
    (``non_field_errors``, DRF's own translated message).
    """
    data = request.data
    if isinstance(data, Mapping):
        return data
    message = Serializer.default_error_messages["invalid"].format(datatype=type(data).__name__)
    raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]}, code="invalid")
