"""What the schemathesis run (tests/fuzz/test_schemathesis.py) found, kept as plain tests."""

import json
import re

import pytest
from rest_framework.test import APIClient

from contex_oscar.api.schema import TIME_PATTERN
from tests import factories


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


def test_product_attribute_values_are_documented_with_their_own_types(schema, catalogue):
    """Found on PostgreSQL (a generated id hit a scanner): ``30.0`` was "not a string"."""
    value = schema["components"]["schemas"]["ProductAttributeValue"]["properties"]["value"]
    assert "type" not in value
    attributes = APIClient().get(f"/api/products/{catalogue[0].pk}/").json()["attributes"]
    assert any(isinstance(attribute["value"], float) for attribute in attributes)


def test_user_detail_answers_as_documented(schema, shopper):
    """Found by the signed-in pass (204 while user details were not exposed): the store
    exposes the shopper's own details, and the schema documents both answers."""
    client = APIClient()
    client.force_login(shopper)
    response = client.get(f"/api/users/{shopper.pk}/")
    assert response.status_code == 200
    assert set(response.json()) == {"email", "first_name", "last_name", "date_joined"}
    assert {"200", "204"} <= set(responses(schema, "/api/users/{id}/", "get"))


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
    assert response.status_code == 400  # refused before the view (api.middleware)
    assert response.json()["code"] == "invalid_characters"


# An id past any integer column: SQLite refused it with OverflowError (a 500) where
# a view filtered on a foreign key column (``product_id``, ``line_id``). Found by the
# signed-in pass (a customer with a basket reaches the line routes).
HUGE_ID = "1366143234447416331960582144"


@pytest.fixture
def customer_basket(catalogue):
    client = APIClient()
    client.force_login(factories.user())
    basket_url = factories.add_to_basket(client, catalogue[0])
    return client, basket_url.rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize(
    "path",
    [
        "/api/products/{huge}/stockrecords/1/",
        "/api/baskets/{basket}/lines/{huge}/lineattributes/1/",
    ],
)
def test_an_id_past_the_integer_range_is_a_404_not_a_500(customer_basket, path):
    client, basket = customer_basket
    response = client.get(path.format(huge=HUGE_ID, basket=basket))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_stock_records_of_an_id_past_the_integer_range_are_none(customer_basket):
    client, _basket = customer_basket
    response = client.get(f"/api/products/{HUGE_ID}/stockrecords/")
    assert response.status_code == 200
    assert response.json()["results"] == []
