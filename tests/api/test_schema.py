import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder as JSONEncoder
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


@pytest.fixture(scope="module")
def schema():
    generator = SchemaGenerator()
    return generator.get_schema(request=None, public=True)


def test_schema_endpoint_answers_openapi(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_schema_validates_against_the_openapi_spec(schema):
    validate_schema(schema)


def test_schema_covers_oscarapi_and_our_endpoints(schema):
    paths = set(schema["paths"])
    assert {"/api/basket/", "/api/checkout/", "/api/products/"} <= paths


def test_schema_generates_without_errors():
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    assert dict(GENERATOR_STATS._error_cache) == {}


def test_docs_page_is_served(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def test_errors_are_json_with_a_code(api_client, db):
    response = api_client.get("/api/products/999999/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json()["message"]


def test_schema_has_no_format_suffix_paths(schema):
    # oscarapi's format_suffix_patterns doubled 35 paths as ``/api/basket{format}``
    assert [path for path in schema["paths"] if "{format}" in path] == []


def test_schema_component_names_are_unique():
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    clashes = [w for w in GENERATOR_STATS._warn_cache if "identical names" in str(w)]
    assert clashes == []


def test_errors_share_one_typed_error_component(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["code", "message"]
    assert error["properties"]["code"]["type"] == "string"
    assert error["properties"]["message"]["type"] == "string"
    assert "errors" in error["properties"]
    checkout = schema["paths"]["/api/checkout/"]["post"]["responses"]
    for status in ("400", "401", "403", "404", "406", "429"):
        body = checkout[status]["content"]["application/json"]["schema"]
        # the component itself, or it with ``code`` narrowed to the operation's codes
        assert body.get("allOf", [body])[0] == {"$ref": "#/components/schemas/Error"}, status


def test_no_error_response_is_an_untyped_object(schema):
    untyped = [
        (path, method, status)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if isinstance(operation, dict)
        for status, response in operation.get("responses", {}).items()
        if status >= "400"
        and response.get("content", {}).get("application/json", {}).get("schema", {}).get("type")
        == "object"
    ]
    assert untyped == []


def test_schema_passes_openapi_spec_validator(schema):
    from openapi_spec_validator import validate

    validate(json.loads(json.dumps(schema, cls=JSONEncoder)))
