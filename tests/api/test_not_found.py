"""Any address under /api/ that no endpoint serves answers the store's JSON 404."""

import re

import pytest
from django.urls import resolve
from django.utils.translation import gettext
from drf_spectacular.generators import EndpointEnumerator, SchemaGenerator

from contex_oscar.api.exceptions import ENDPOINT_NOT_FOUND, endpoint_not_found

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client(client):
    """A browser-like client: Django checks CSRF tokens on its writes."""
    client.handler.enforce_csrf_checks = True
    return client


def assert_endpoint_not_found(response):
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "code": "endpoint_not_found",
        "message": gettext("There is no API endpoint at this address."),
    }


def test_unknown_address_answers_json_404(strict_client):
    assert_endpoint_not_found(strict_client.get("/api/nope/"))


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_any_method_answers_json_404_without_a_csrf_token(strict_client, method):
    response = getattr(strict_client, method)("/api/orders/xyz/abc/")
    assert_endpoint_not_found(response)


def test_unknown_address_below_the_cms_api_answers_json_404(strict_client):
    assert_endpoint_not_found(strict_client.get("/api/cms/v2/nope/"))


def test_unknown_address_without_trailing_slash_answers_json_404(strict_client):
    assert_endpoint_not_found(strict_client.get("/api/nope"))


def test_endpoint_without_its_trailing_slash_is_still_redirected(strict_client):
    response = strict_client.get("/api/basket?x=1")
    assert response.status_code == 301
    assert response["Location"] == "/api/basket/?x=1"


def test_cms_pages_api_still_answers(strict_client):
    response = strict_client.get("/api/cms/v2/pages/")
    assert response.status_code == 200
    assert "items" in response.json()


def example_path(schema_path, operations):
    """The schema's path with a value its route accepts in each ``{parameter}``."""
    values = {}
    for operation in operations.values():
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "path":
                continue
            schema = parameter["schema"]
            # "ID" fits the string parameters: order numbers, tokens, category
            # breadcrumbs and two-letter country codes.
            value = "1" if schema.get("type") == "integer" else "ID"
            values[parameter["name"]] = schema.get("enum", [value])[0]
    return re.sub(r"\{(\w+)\}", lambda match: str(values[match[1]]), schema_path)


def test_no_documented_endpoint_is_shadowed():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert len(schema["paths"]) > 50
    for schema_path, operations in schema["paths"].items():
        path = example_path(schema_path, operations)
        assert resolve(path).url_name != ENDPOINT_NOT_FOUND, path


def test_the_catch_all_is_not_in_the_schema():
    callbacks = [callback for _, _, _, callback in EndpointEnumerator().get_api_endpoints()]
    assert callbacks
    assert endpoint_not_found not in callbacks
