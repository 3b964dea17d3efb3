"""Query budgets of oscarapi's catalogue and basket endpoints (issue 8) and order tracking.

Each endpoint runs a fixed number of queries: the same for 1 item as for 20
(products listed, variants shown, lines in the basket), and within its budget.
Counts include the transaction's own statements (BEGIN/COMMIT or SAVEPOINT),
as ``django_assert_max_num_queries`` sees them on SQLite and PostgreSQL.
"""

import pytest
from rest_framework.test import APIClient

from tests import factories
from tests.performance.conftest import (
    guest_with_basket,
    only_public,
    order_of,
    product_with_variants,
)

pytestmark = pytest.mark.django_db

BUDGETS = {
    # 3 (the page's ids, its products, their stock); with families 6, and 2 when the class
    # rows reload; after a sale only the products sold are read (test_catalogue_rows)
    "product list": 8,
    "product detail": 8,
    "product detail (variants)": 11,
    "basket add": 15,
    "basket view": 10,
    "basket lines": 10,
    "order lines": 8,
    "shipping methods": 8,
    "payment methods": 8,
    "order tracking": 4,
}

JAKARTA = {**factories.JAKARTA_ADDRESS, "country": "http://testserver/api/countries/ID/"}


def product_list(scanners, n):
    only_public(scanners[:n])
    client = APIClient()
    return lambda: client.get("/api/products/")


def product_detail(scanners, n):
    # N = the catalogue's size: the page of one product must not depend on it
    only_public(scanners[:n])
    client = APIClient()
    return lambda: client.get(f"/api/products/{scanners[0].pk}/")


def product_detail_variants(scanners, n):
    parent = product_with_variants(n, scanners[0])
    client = APIClient()
    return lambda: client.get(f"/api/products/{parent.pk}/")


def basket_add(scanners, n):
    client, _ = guest_with_basket(scanners[: n - 1])
    url = f"http://testserver/api/products/{scanners[n - 1].pk}/"
    return lambda: client.post(
        "/api/basket/add-product/", {"url": url, "quantity": 1}, format="json"
    )


def basket_view(scanners, n):
    client, _ = guest_with_basket(scanners[:n])
    return lambda: client.get("/api/basket/")


def basket_lines(scanners, n):
    client, basket = guest_with_basket(scanners[:n])
    return lambda: client.get(f"/api/baskets/{basket.pk}/lines/")


def shipping_methods(scanners, n):
    client, _ = guest_with_basket(scanners[:n])
    return lambda: client.post("/api/basket/shipping-methods/", JAKARTA, format="json")


def payment_methods(scanners, n):
    client, basket = guest_with_basket(scanners[:n])
    body = {"basket": f"http://testserver/api/baskets/{basket.pk}/", "shipping_address": JAKARTA}
    return lambda: client.post("/api/checkout/payment-methods/", body, format="json")


def order_lines(scanners, n):
    shopper = factories.user()
    order = order_of(scanners[:n], shopper)
    client = APIClient()
    client.force_login(shopper)
    return lambda: client.get(f"/api/orders/{order.pk}/lines/")


def order_tracking(scanners, n):
    # a guest's look-up by number + e-mail (no session: the throttles count it)
    shopper = factories.user()
    order = order_of(scanners[:n], shopper)
    client = APIClient()
    body = {"number": order.number, "email": shopper.email}
    return lambda: client.post("/api/orders/track/", body, format="json")


SCENARIOS = {
    "product list": product_list,
    "product detail": product_detail,
    "product detail (variants)": product_detail_variants,
    "basket add": basket_add,
    "basket view": basket_view,
    "basket lines": basket_lines,
    "order lines": order_lines,
    "shipping methods": shipping_methods,
    "payment methods": payment_methods,
    "order tracking": order_tracking,
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_queries_are_within_budget_and_the_same_for_1_and_20_items(
    name, scanners, django_assert_max_num_queries
):
    counts = {}
    for n in (1, 20):
        SCENARIOS[name](scanners, n)()  # warm-up
        request = SCENARIOS[name](scanners, n)
        with django_assert_max_num_queries(BUDGETS[name]) as captured:
            response = request()
        assert response.status_code == 200, response.content
        counts[n] = len(captured)
    assert counts[1] == counts[20], counts


def test_the_list_shows_n_products_with_price_and_availability(scanners):
    only_public(scanners[:20])
    items = APIClient().get("/api/products/").json()["results"]
    assert len(items) == 20
    first = next(item for item in items if item["id"] == scanners[0].pk)
    record = scanners[0].stockrecords.get()
    assert first["price"]["currency"] == "IDR"
    assert first["price"]["excl_tax"] == f"{record.price:.2f}"
    assert first["availability"]["is_available_to_buy"] is True
    assert first["availability"]["num_available"] == 1000


def test_hidden_products_are_not_listed_shown_or_addable(scanners):
    hidden = scanners[1]
    hidden.is_public = False
    hidden.save()
    client = APIClient()
    listed = {item["id"] for item in client.get("/api/products/").json()["results"]}
    assert hidden.pk not in listed and scanners[0].pk in listed
    assert client.get(f"/api/products/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/products/{hidden.pk}/price/").status_code == 404
    added = client.post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{hidden.pk}/", "quantity": 1},
        format="json",
    )
    assert added.status_code == 406
    assert added.json()["code"]


def test_variant_page_shows_public_variants_with_inherited_attributes(scanners):
    parent = product_with_variants(3, scanners[0])
    hidden = parent.children.last()
    hidden.is_public = False
    hidden.save()
    body = APIClient().get(f"/api/products/{parent.pk}/").json()
    public = list(parent.children.filter(is_public=True))  # the model's order: newest first
    assert len(public) == 2 and hidden not in public
    assert [child["upc"] for child in body["children"]] == [child.upc for child in public]
    child = next(item for item in body["children"] if item["upc"] == f"{parent.upc}-1")
    codes = {attribute["code"]: attribute["value"] for attribute in child["attributes"]}
    assert codes == {"weight": 30.0, "height": 41.0}  # weight comes from the parent
    assert child["price"]["excl_tax"] == f"{scanners[0].stockrecords.get().price:.2f}"
    assert [option["code"] for option in body["options"]] == ["kalibrasi"]
    assert body["categories"] == [category.full_name for category in scanners[0].categories.all()]
    assert body["availability"]["is_available_to_buy"] is True


def test_a_stock_record_answers_only_under_its_own_product(scanners):
    record = scanners[0].stockrecords.get()
    client = APIClient()
    body = client.get(f"/api/products/{scanners[0].pk}/stockrecords/{record.pk}/").json()
    assert body["partner_sku"] == record.partner_sku
    wrong_product = client.get(f"/api/products/{scanners[1].pk}/stockrecords/{record.pk}/")
    assert wrong_product.status_code == 404


def test_a_family_in_the_list_is_priced_from_its_public_variants(scanners):
    parent = product_with_variants(2, scanners[0])
    items = {item["id"]: item for item in APIClient().get("/api/products/").json()["results"]}
    record = scanners[0].stockrecords.get()
    assert items[parent.pk]["price"]["excl_tax"] == f"{record.price:.2f}"
    assert items[parent.pk]["availability"]["is_available_to_buy"] is True


def test_a_list_with_families_still_runs_a_fixed_number_of_queries(
    scanners, django_assert_max_num_queries
):
    counts = []
    for variants in (1, 20):
        product_with_variants(variants, scanners[0])
        with django_assert_max_num_queries(BUDGETS["product list"]) as captured:
            # one page holding the whole catalogue, families and variants alike
            assert APIClient().get("/api/products/?page_size=100").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
