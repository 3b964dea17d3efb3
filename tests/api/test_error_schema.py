"""Each operation's error answers list the codes it can return (``code`` as an enum), where
the operation declares them (``api.exceptions.error_codes``); the rest keep any code."""

import pytest
from django.core.cache import cache
from drf_spectacular.generators import SchemaGenerator

from contex_oscar.api.exceptions import ERROR_CODES_EXTENSION
from contex_oscar.api.schema import DRF_CODES
from tests.core.test_errors import _package_exceptions
from tests.core.test_messages import SITES

ERROR_REF = {"$ref": "#/components/schemas/Error"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def codes(schema, path, method, status):
    """The enum of ``code`` an operation documents for ``status``, None when any code."""
    body = schema["paths"][path][method]["responses"][status]["content"]["application/json"]
    if body["schema"] == ERROR_REF:
        return None
    ref, narrowed = body["schema"]["allOf"]
    assert ref == ERROR_REF
    return narrowed["properties"]["code"]["enum"]


def enums(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, response in operation.get("responses", {}).items():
                body = response.get("content", {}).get("application/json", {}).get("schema", {})
                if "allOf" in body:
                    yield path, method, status, body["allOf"][1]["properties"]["code"]["enum"]


def test_checkouts_400_lists_terms_not_accepted_quantities_and_the_idempotency_key(schema):
    assert codes(schema, "/api/checkout/", "post", "400") == [
        "terms_not_accepted",
        "invalid_quantity",
        "invalid_idempotency_key",
        "parse_error",
    ]


def test_checkouts_conflicts_and_refusals_are_listed(schema):
    assert codes(schema, "/api/checkout/", "post", "409") == [
        "insufficient_stock",
        "basket_already_submitted",
        "basket_not_open",
    ]
    assert codes(schema, "/api/checkout/", "post", "503") == ["unique_amount_exhausted"]
    assert "email_not_verified" in codes(schema, "/api/checkout/", "post", "403")
    assert "basket_not_yours" in codes(schema, "/api/checkout/", "post", "401")


def test_checkouts_406_keeps_any_code_of_its_fields(schema):
    # shipping, payment and address codes come from the serializer's fields
    assert codes(schema, "/api/checkout/", "post", "406") is None


def test_tracking_lists_its_throttle_code_and_its_one_not_found(schema):
    assert codes(schema, "/api/orders/track/", "post", "429") == ["throttled"]
    assert codes(schema, "/api/orders/track/", "post", "404") == ["order_not_found", "not_found"]
    assert codes(schema, "/api/orders/track/", "post", "400") == [
        "validation_error",
        "parse_error",
    ]


def test_cancelling_lists_why_an_order_cannot_be_cancelled(schema):
    path = "/api/orders/{number}/cancel/"
    assert codes(schema, path, "post", "409") == [
        "order_not_cancellable",
        "confirmation_pending",
        "illegal_status_transition",
    ]


def test_an_operation_that_declares_nothing_keeps_any_code(schema):
    assert codes(schema, "/api/basket/", "get", "404") is None


def test_every_listed_code_is_one_the_store_or_drf_answers(schema):
    known = (
        {code for _where, code, _message in SITES}
        | {
            cls.code
            for _name, cls in _package_exceptions()
            if isinstance(getattr(cls, "code", None), str)
        }
        | {code for drf in DRF_CODES.values() for code in drf}
        | {"validation_error"}
    )
    listed = {code for *_where, enum in enums(schema) for code in enum}
    assert listed and listed <= known, listed - known


def test_the_declaration_does_not_leak_into_the_schema(schema):
    leaked = [
        path
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        if ERROR_CODES_EXTENSION in operation
    ]
    assert leaked == []


@pytest.mark.django_db
def test_trackings_answers_carry_listed_codes(schema, api_client, settings):
    cache.clear()
    settings.CONTEX_TRACKING_RATE_PER_CLIENT = "1/hour"
    body = {"number": "100001", "email": "tamu@example.com"}
    first = api_client.post("/api/orders/track/", body, format="json")
    second = api_client.post("/api/orders/track/", body, format="json")
    assert first.json()["code"] in codes(schema, "/api/orders/track/", "post", "404")
    assert second.status_code == 429
    assert second.json()["code"] in codes(schema, "/api/orders/track/", "post", "429")
