"""What the schemathesis run (tests/fuzz/test_schemathesis.py) found, kept as plain tests."""

import json
import re

import pytest
from rest_framework.test import APIClient

from contex_oscar.api.schema import TIME_PATTERN


@pytest.fixture
def schema(db):
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()


def responses(schema, path, method):
    return schema["paths"][path][method]["responses"]


@pytest.mark.parametrize(
    ("path", "method", "code"),
    [
        ("/api/products/{id}/", "get", "404"),  # unknown id
        ("/api/orders/", "get", "403"),  # not signed in
        ("/api/useraddresses/", "post", "403"),
        ("/api/basket/add-product/", "post", "406"),  # oscarapi's invalid input
        ("/api/basket/add-product/", "post", "403"),  # CSRF token missing
        ("/api/cms/v2/pages/", "get", "400"),  # bad query parameter
        ("/api/orders/track/", "post", "429"),
    ],
)
def test_inherited_operations_document_their_error_codes(schema, path, method, code):
    assert code in responses(schema, path, method)


def test_unknown_product_answers_the_documented_404_json(catalogue, schema):
    response = APIClient().get("/api/products/999999/")
    assert response.status_code == 404
    assert "404" in responses(schema, "/api/products/{id}/", "get")
    assert isinstance(response.json(), dict)


def test_times_are_described_as_drf_writes_them(schema):
    """DRF writes "17:00:00"; JSON Schema's ``time`` format refused it (no offset)."""
    assert "'format': 'time'" not in str(schema)
    assert TIME_PATTERN in json.dumps(schema).replace("\\\\", "\\")
    assert re.match(TIME_PATTERN, "17:00:00")
    assert not re.match(TIME_PATTERN, "5 sore")


def test_empty_basket_currency_is_documented_nullable(schema, catalogue):
    assert schema["components"]["schemas"]["Basket"]["properties"]["currency"]["nullable"]
    assert APIClient().get("/api/basket/").json()["currency"] is None


def test_login_get_and_delete_are_documented_as_they_answer(schema, db):
    client = APIClient()
    assert client.get("/api/login/").status_code == 405
    assert "405" in responses(schema, "/api/login/", "get")
    assert client.delete("/api/login/").status_code == 200
    assert "200" in responses(schema, "/api/login/", "delete")


def test_switched_off_oscarapi_registration_answers_error_json(db):
    response = APIClient().post(
        "/api/register/",
        {"email": "a@example.com", "password1": "x", "password2": "x"},
        format="json",
    )
    assert response.status_code == 401
    assert response.json()["code"] == "registration_disabled"


def test_checkout_documents_conflicts_and_the_idempotency_key(schema):
    operation = schema["paths"]["/api/checkout/"]["post"]
    assert {"406", "409"} <= set(operation["responses"])
    assert "Idempotency-Key" in [parameter["name"] for parameter in operation["parameters"]]


@pytest.mark.parametrize("path", ["/api/cms/v2/pages/", "/api/cms/v2/documents/"])
def test_cms_search_with_a_nul_byte_is_a_400_not_a_500(catalogue, path):
    response = APIClient().get(path, {"search": "scanner\x00x"})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
