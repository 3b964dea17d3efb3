"""GET /api/: a front end finds oscarapi's endpoints and the store's own."""

import pytest


@pytest.mark.django_db
def test_the_root_lists_the_stores_endpoints_beside_oscarapis(api_client):
    body = api_client.get("/api/").json()
    assert body["basket"] == "http://testserver/api/basket/"  # oscarapi's, as before
    store = body["store"]
    assert store["payment-methods"] == "http://testserver/api/checkout/payment-methods/"
    assert store["bank-accounts"] == "http://testserver/api/bank-accounts/"
    assert store["account-register"] == "http://testserver/api/accounts/register/"
    assert store["order-track"] == "http://testserver/api/orders/track/"
    assert store["service-center-requests"] == "http://testserver/api/service-center/requests/"
    assert store["csrf"] == "http://testserver/api/csrf/"


@pytest.mark.django_db
def test_routes_that_need_an_argument_are_left_to_the_schema(api_client):
    store = api_client.get("/api/").json()["store"]
    assert "payment-confirmations" not in store  # /api/orders/<number>/...
    assert all("<" not in url and "(?P" not in url for url in store.values())
