import pytest
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
