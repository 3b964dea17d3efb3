"""Every list of the API pages the same way (``contex_oscar.api.pagination``): ``count``,
``next``, ``previous`` and ``results``; ``page`` and ``page_size`` (20 by default, at most
100), with the same number of queries for a page of 1 and of 50 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model
from rest_framework.test import APIClient

from tests import factories

UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json(), len(captured)


def test_products_come_in_pages_of_twenty(db, catalogue):
    factories.scanners(25)
    body = APIClient().get("/api/products/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] >= 25
    assert len(body["results"]) == 20
    assert body["next"].endswith("/api/products/?page=2")
    assert body["previous"] is None


def test_a_page_size_is_chosen_and_capped_at_one_hundred(db, catalogue):
    client = APIClient()
    assert len(client.get("/api/products/?page_size=3").json()["results"]) == 3
    factories.scanners(105)
    assert len(client.get("/api/products/?page_size=500").json()["results"]) == 100


def test_a_page_past_the_end_is_a_json_404(db, catalogue):
    response = APIClient().get("/api/products/?page=999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_shoppers_orders_are_paged_with_fixed_queries(db, catalogue, shopper):
    client = APIClient()
    client.force_login(shopper)
    get_model("partner", "StockRecord").objects.filter(product=catalogue[0]).update(num_in_stock=99)
    factories.place_order(catalogue[0], owner=shopper)
    client.get("/api/orders/")  # warm-up (session, content types)
    one, queries_for_one = queries(client, "/api/orders/")
    assert one["count"] == 1 and len(one["results"]) == 1
    for _ in range(49):
        factories.place_order(catalogue[0], owner=shopper)
    fifty, queries_for_fifty = queries(client, "/api/orders/?page_size=50")
    assert fifty["count"] == 50 and len(fifty["results"]) == 50
    assert queries_for_fifty == queries_for_one
    assert len(client.get("/api/orders/").json()["results"]) == 20


def test_addresses_are_paged_with_fixed_queries(db, catalogue, shopper):
    client = APIClient()
    client.force_login(shopper)
    indonesia = Country.objects.get(iso_3166_1_a2="ID")

    def save_address(n):
        UserAddress.objects.create(
            user=shopper, country=indonesia, **{**factories.JAKARTA_ADDRESS, "line1": f"Jl. {n}"}
        )

    save_address(0)
    client.get("/api/useraddresses/")
    one, queries_for_one = queries(client, "/api/useraddresses/")
    assert one["count"] == 1
    for n in range(1, 50):
        save_address(n)
    fifty, queries_for_fifty = queries(client, "/api/useraddresses/?page_size=50")
    assert len(fifty["results"]) == 50
    assert queries_for_fifty == queries_for_one


@pytest.mark.parametrize("url", ["/api/categories/", "/api/countries/"])
def test_other_lists_page_the_same_way(db, catalogue, url):
    body = APIClient().get(url).json()
    assert set(body) == {"count", "next", "previous", "results"}


def test_a_catalogue_that_fits_one_page_is_counted_without_a_count_query(db, catalogue):
    client = APIClient()
    client.get("/api/products/")  # warm-up
    with CaptureQueriesContext(connection) as captured:
        body = client.get("/api/products/?page_size=100").json()
    assert body["count"] == len(body["results"]) == len(catalogue)
    assert body["next"] is None
    assert not [q for q in captured if "COUNT(" in q["sql"].upper()]


def test_a_first_page_of_a_longer_catalogue_is_counted_in_full(db, catalogue):
    client = APIClient()
    body = client.get(f"/api/products/?page_size={len(catalogue) - 1}").json()
    assert body["count"] == len(catalogue)
    assert len(body["results"]) == len(catalogue) - 1
    assert body["next"].endswith(f"page=2&page_size={len(catalogue) - 1}")
    last = client.get(body["next"]).json()["results"]
    assert len(last) == 1
    assert last[0]["id"] not in {item["id"] for item in body["results"]}
