"""A JSON body that is not an object (``[]``, ``123``, ``null``, ``"x"``) is bad input: a 4xx
store error, never a 500 (issue 13, defect 8)."""

import json
import re

import pytest
from rest_framework.test import APIClient

from tests import factories
from tests.checkout.conftest import fill_basket

pytestmark = pytest.mark.django_db

NOT_OBJECTS = {"list": [], "number": 123, "null": None, "string": "x"}


def post_json(client, url, body, method="post"):
    # ``format="json"`` would send ``None`` as an empty body: encode every value ourselves
    return getattr(client, method)(
        url, json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


@pytest.mark.parametrize("kind", NOT_OBJECTS)
def test_a_checkout_body_that_is_not_an_object_is_a_validation_error(api_client, product, kind):
    fill_basket(api_client, (product, 1))

    response = post_json(api_client, "/api/checkout/", NOT_OBJECTS[kind])

    assert response.status_code == 406, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"] == "The request is not valid."
    assert body["errors"]["non_field_errors"] == [
        f"Invalid data. Expected a dictionary, but got {type(NOT_OBJECTS[kind]).__name__}."
    ]


def test_a_checkout_without_a_basket_is_a_validation_error_on_the_basket(api_client, product):
    fill_basket(api_client, (product, 1))

    missing = post_json(api_client, "/api/checkout/", {"guest_email": "tamu@example.com"})
    bad = post_json(api_client, "/api/checkout/", {"basket": "http://testserver/api/nope/"})
    unknown = post_json(
        api_client, "/api/checkout/", {"basket": "http://testserver/api/baskets/999999/"}
    )

    for response in (missing, bad, unknown):
        assert response.status_code == 406, response.content
        assert response.json()["code"] == "validation_error"
        assert list(response.json()["errors"]) == ["basket"]
    assert missing.json()["errors"]["basket"] == ["This field is required."]


def schema_write_operations(client):
    """``(method, path)`` of every operation of the schema that takes a JSON body."""
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "{format}" in path:  # the same views as the paths without a format suffix
                continue
            if method in ("post", "put", "patch") and "application/json" in content:
                yield method, re.sub(r"\{[^}]+\}", "1", path)


@pytest.fixture(params=["guest", "customer"])
def client_of(request, catalogue):
    client = APIClient(raise_request_exception=False)  # a crash is a 500 answer to list
    if request.param == "customer":
        client.force_login(factories.user())
    factories.add_to_basket(client, catalogue[0])
    return client


@pytest.mark.parametrize("kind", NOT_OBJECTS)
def test_no_endpoint_answers_a_body_that_is_not_an_object_with_a_server_error(client_of, kind):
    answers = {}
    for method, path in schema_write_operations(client_of):
        response = post_json(client_of, path, NOT_OBJECTS[kind], method)
        is_json = response.get("Content-Type", "").startswith("application/json")
        body = response.json() if is_json else None
        ok = 400 <= response.status_code < 500 and isinstance(body, dict)
        if not ok or not body.get("code") or not body.get("message"):
            answers[f"{method.upper()} {path}"] = (response.status_code, body)
    assert len(list(schema_write_operations(client_of))) > 20
    assert not answers, "\n".join(f"{k}: {v}" for k, v in answers.items())
