"""Issue 21, defect 8: crafted input is a 4xx JSON error with DEBUG off, never a 500.

A NUL byte (``%00``) in a URL's path or query (PostgreSQL refuses it in a query
parameter), and a JSON body nested 100,000 levels deep (``RecursionError`` in the parser).
"""

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def http(db, settings):
    settings.DEBUG = False
    return APIClient(raise_request_exception=False)


NUL_ADDRESSES = [
    "/api/orders/1000%0001/payment-confirmations/?email=tamu@example.com",
    "/api/orders/1000%0001/payment-confirmations/1/proof/?email=tamu@example.com",
    "/api/orders/100001/payment-confirmations/?email=tamu%00@example.com",
    "/api/cms/v2/settings/?site=%00",
    "/api/cms/v2/pages/find/?html_path=%00",
    "/api/cms/v2/pages/find/?topic=%00",
    "/api/categories/a%00/",
    "/api/products/?search=%00",
]


@pytest.mark.parametrize("address", NUL_ADDRESSES)
def test_a_nul_byte_in_the_address_is_a_json_400(http, catalogue, address):
    response = http.get(address)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "invalid_characters"


def test_a_nul_byte_in_a_query_parameter_name_is_refused_too(http):
    response = http.get("/api/cms/v2/settings/?si%00te=1")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_characters"


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    "address", ["/api/orders/track/", "/api/basket/add-product/", "/api/accounts/register/"]
)
def test_json_nested_too_deeply_is_a_json_400(http, address):
    response = http.post(address, DEEP, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == "parse_error"


def test_ordinary_addresses_still_answer(http, catalogue):
    assert http.get("/api/categories/").status_code == 200
    assert http.get("/api/cms/v2/pages/find/?topic=warranty").status_code in (200, 302, 404)
