"""After one product's change, the anonymous list serialises that product again, not the page.

Every checkout changes the stock of what it sold; serialising the whole page again after
each one made the first shopper after any sale wait for every row. A product's rows are
kept under a token of its own, renewed when the product, its stock, images, attribute
values, categories or recommendations change, and for a variant its parent's (a family is
priced from its variants) and for a parent its variants' (they inherit its title and
attributes). Changes to what every product reads (classes, partners, categories...) still
start a new catalogue version.
"""

import pytest
from oscar.core.loading import get_model
from rest_framework.test import APIClient

from contex_oscar.api import prefetch
from tests import factories
from tests.checkout.conftest import checkout, fill_basket
from tests.performance.conftest import product_with_variants

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")


def listed(client, product):
    items = client.get("/api/products/?page_size=100").json()["results"]
    return next(item for item in items if item["id"] == product.pk)


@pytest.fixture
def priced(monkeypatch):
    """The products whose price and availability were worked out, in order."""
    seen = []
    original = prefetch.purchase_info

    def counting(product, request):
        seen.append(product.pk)
        return original(product, request)

    monkeypatch.setattr(prefetch, "purchase_info", counting)
    return seen


def restock(product, num_in_stock):
    record = StockRecord.objects.get(product=product)
    record.num_in_stock = num_in_stock
    record.save()


def test_a_stock_change_serialises_only_its_product_again(catalogue, priced):
    client = APIClient()
    client.get("/api/products/?page_size=100")
    changed = catalogue[1]
    priced.clear()

    restock(changed, 7)
    row = listed(client, changed)

    assert set(priced) == {changed.pk}
    assert row["availability"]["num_available"] == 7


def test_a_list_after_a_sale_reads_only_the_product_sold(catalogue, django_assert_num_queries):
    client = APIClient()
    client.get("/api/products/?page_size=100")
    restock(catalogue[1], 6)

    with django_assert_num_queries(2):  # the product and its stock; the page is kept
        assert listed(client, catalogue[1])["availability"]["num_available"] == 6


def test_a_new_product_shows_in_the_list_at_once(catalogue):
    client = APIClient()
    before = client.get("/api/products/?page_size=100").json()["count"]

    factories.scanners(before + 1)  # one more public scanner

    assert client.get("/api/products/?page_size=100").json()["count"] == before + 1


def test_the_page_keeps_its_order_and_count_with_rows_from_the_cache(catalogue):
    client = APIClient()
    first = client.get("/api/products/?page_size=100").json()
    restock(catalogue[0], 3)

    again = client.get("/api/products/?page_size=100").json()

    assert [item["id"] for item in again["results"]] == [item["id"] for item in first["results"]]
    assert again["count"] == first["count"]


def test_a_checkout_serialises_only_what_it_sold_again(api_client, catalogue, priced):
    sold = catalogue[0]
    restock(sold, 5)
    APIClient().get("/api/products/?page_size=100")
    assert checkout(api_client, fill_basket(api_client, (sold, 2))).status_code == 200
    priced.clear()

    row = listed(APIClient(), sold)

    assert set(priced) == {sold.pk}
    assert row["availability"]["num_available"] == 3


def test_a_variants_stock_change_shows_in_its_familys_row(catalogue):
    parent = product_with_variants(2, catalogue[0])
    client = APIClient()
    assert listed(client, parent)["availability"]["is_available_to_buy"]

    for child in parent.children.all():
        restock(child, 0)

    assert not listed(client, parent)["availability"]["is_available_to_buy"]


def test_a_parents_new_attribute_value_shows_on_its_variants_pages(catalogue):
    parent = product_with_variants(1, catalogue[0])
    child = parent.children.get()
    client = APIClient()

    def weight():
        page = client.get(f"/api/products/{child.pk}/").json()
        return next(a["value"] for a in page["attributes"] if a["code"] == "weight")

    assert weight() == 30
    parent.attr.weight = 31
    parent.save()  # Oscar writes the values in bulk (no signal of their own)

    assert weight() == 31


def test_another_products_page_stays_cached_after_a_stock_change(
    catalogue, django_assert_num_queries
):
    client = APIClient()
    kept = catalogue[0]
    client.get(f"/api/products/{kept.pk}/")
    restock(catalogue[1], 2)

    with django_assert_num_queries(0):
        assert client.get(f"/api/products/{kept.pk}/").status_code == 200


def test_a_variants_stock_change_shows_on_its_parents_page(catalogue):
    parent = product_with_variants(1, catalogue[0])
    child = parent.children.get()
    client = APIClient()
    page = client.get(f"/api/products/{parent.pk}/").json()
    assert page["children"][0]["availability"]["num_available"] == 5

    restock(child, 2)

    page = client.get(f"/api/products/{parent.pk}/").json()
    assert page["children"][0]["availability"]["num_available"] == 2


def test_a_new_image_shows_on_the_products_page(catalogue):
    product = catalogue[0]
    client = APIClient()
    before = len(client.get(f"/api/products/{product.pk}/").json()["images"])

    get_model("catalogue", "ProductImage").objects.create(
        product=product, original="images/products/baru.jpg", display_order=9
    )

    assert len(client.get(f"/api/products/{product.pk}/").json()["images"]) == before + 1


def test_a_row_built_before_a_change_commits_is_not_served_after_it(
    catalogue, django_capture_on_commit_callbacks
):
    client = APIClient()
    product = catalogue[0]
    record = StockRecord.objects.get(product=product)
    with django_capture_on_commit_callbacks(execute=True):
        record.num_in_stock = 9
        record.save()  # the change, in its transaction
        stale = listed(client, product)  # stands for a reader before the commit
        StockRecord.objects.filter(pk=record.pk).update(num_in_stock=4)  # what commits

    assert stale["availability"]["num_available"] == 9
    assert listed(client, product)["availability"]["num_available"] == 4


def test_a_signed_in_shopper_gets_rows_serialised_for_them(catalogue, priced):
    client = APIClient()
    client.force_login(factories.user())
    APIClient().get("/api/products/?page_size=100")  # an anonymous page cached meanwhile
    priced.clear()

    items = client.get("/api/products/?page_size=100").json()["results"]

    assert set(priced) == {item["id"] for item in items}


def fresh_page(client, product, settings):
    seconds = settings.CONTEX_CATALOGUE_CACHE_SECONDS
    settings.CONTEX_CATALOGUE_CACHE_SECONDS = 0  # built for this request alone
    try:
        return client.get(f"/api/products/{product.pk}/").json()
    finally:
        settings.CONTEX_CATALOGUE_CACHE_SECONDS = seconds


def test_a_page_after_a_sale_reads_only_the_stock(catalogue, django_assert_num_queries):
    client = APIClient()
    product = catalogue[0]
    client.get(f"/api/products/{product.pk}/")
    restock(product, 4)

    with django_assert_num_queries(2):  # the product and its stock; the rest is kept
        page = client.get(f"/api/products/{product.pk}/").json()

    assert page["availability"]["num_available"] == 4


def test_a_repriced_family_page_is_the_page_built_afresh(
    catalogue, settings, django_assert_num_queries
):
    parent = product_with_variants(3, catalogue[0])
    client = APIClient()
    client.get(f"/api/products/{parent.pk}/")
    first, *_ = parent.children.order_by("pk")
    restock(first, 1)

    with django_assert_num_queries(3):  # the parent, its variants, their stock
        repriced = client.get(f"/api/products/{parent.pk}/").json()

    assert repriced == fresh_page(client, parent, settings)
    shown = next(row for row in repriced["children"] if row["id"] == first.pk)
    assert shown["availability"]["num_available"] == 1


def test_a_new_variant_shows_on_its_parents_kept_page(catalogue):
    parent = product_with_variants(1, catalogue[0])
    client = APIClient()
    assert len(client.get(f"/api/products/{parent.pk}/").json()["children"]) == 1

    child = parent.children.get()  # copied: a new variant of the same parent, as staff add
    child.pk = None
    child.upc = f"{child.upc}-b"
    child.save()

    assert len(client.get(f"/api/products/{parent.pk}/").json()["children"]) == 2
