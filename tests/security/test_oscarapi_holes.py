"""oscarapi 3.3.0's holes around baskets and orders, closed (issue 8)."""

import pytest
from django.conf import settings
from oscar.core.loading import get_class, get_model
from rest_framework.test import APIClient

from tests import factories

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")


def basket_for(products, owner=None):
    basket = Basket.objects.create(owner=owner)
    basket.strategy = Selector().strategy()
    lines = [basket.add_product(product, 1)[0] for product in products]
    return basket, lines


def guest_holding(basket):
    client = APIClient()
    session = client.session
    session[settings.OSCAR_BASKET_COOKIE_OPEN] = basket.pk
    session.save()
    return client


def test_a_guest_reads_the_basket_of_its_session_and_no_other(catalogue):
    mine, _ = basket_for(catalogue[:1])
    theirs, _ = basket_for(catalogue[1:2])
    client = guest_holding(mine)
    assert client.get(f"/api/baskets/{mine.pk}/").status_code == 200
    assert client.get(f"/api/baskets/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/baskets/{theirs.pk}/lines/").status_code == 404


def test_a_line_cannot_be_moved_into_another_basket_or_swap_its_product(catalogue):
    shopper = factories.user()
    mine, (line,) = basket_for(catalogue[:1], owner=shopper)
    victim, _ = basket_for(catalogue[1:2], owner=factories.user())
    client = APIClient()
    client.force_login(shopper)
    response = client.patch(
        f"/api/baskets/{mine.pk}/lines/{line.pk}/",
        {
            "basket": f"http://testserver/api/baskets/{victim.pk}/",
            "product": f"http://testserver/api/products/{catalogue[3].pk}/",
            "quantity": 2,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    line.refresh_from_db()
    assert (line.basket_id, line.product_id, line.quantity) == (mine.pk, catalogue[0].pk, 2)
    assert victim.lines.count() == 1


def test_a_quantity_beyond_the_stock_is_refused(catalogue):
    product = catalogue[0]
    in_stock = product.stockrecords.get().num_in_stock
    basket, (line,) = basket_for([product])
    response = guest_holding(basket).patch(
        f"/api/baskets/{basket.pk}/lines/{line.pk}/", {"quantity": in_stock + 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "quantity_not_allowed"
    line.refresh_from_db()
    assert line.quantity == 1


def test_a_changed_quantity_is_priced_in_the_answer(catalogue):
    basket, (line,) = basket_for(catalogue[:1])
    response = guest_holding(basket).patch(
        f"/api/baskets/{basket.pk}/lines/{line.pk}/", {"quantity": 2}, format="json"
    )
    price = catalogue[0].stockrecords.get().price
    assert response.json()["quantity"] == 2
    assert response.json()["price_excl_tax"] == f"{2 * price:.2f}"


def test_a_basket_cannot_be_given_to_another_user(catalogue):
    shopper, victim = factories.user(), factories.user()
    basket, _ = basket_for(catalogue[:1], owner=shopper)
    client = APIClient()
    client.force_login(shopper)
    response = client.patch(
        f"/api/baskets/{basket.pk}/",
        {"owner": f"http://testserver/api/users/{victim.pk}/"},
        format="json",
    )
    assert response.status_code == 405
    basket.refresh_from_db()
    assert basket.owner == shopper


def test_the_basket_list_of_a_guest_without_a_basket_is_empty(db):
    # oscarapi answered a 500 here
    response = APIClient().get("/api/baskets/")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_the_owner_reads_an_order_line_attribute(catalogue):
    shopper = factories.user()
    order = factories.place_order(catalogue[0], owner=shopper)
    line = order.lines.get()
    attribute = line.attributes.create(type="kalibrasi", value="ya")
    client = APIClient()
    client.force_login(shopper)
    response = client.get(f"/api/orderlineattributes/{attribute.pk}/")
    assert response.status_code == 200, response.content  # oscarapi answered a 500
    assert response.json()["line"].endswith(f"/api/orderlines/{line.pk}/")
    assert response.json()["value"] == "ya"


@pytest.mark.parametrize("who", ["anonymous", "shopper", "staff"])
def test_nobody_reads_or_rewrites_the_category_tree_while_the_admin_api_is_blocked(catalogue, who):
    # oscarapi routes categories-bulk/ among the public endpoints with no permission
    Category = get_model("catalogue", "Category")
    client = APIClient()
    if who != "anonymous":
        client.force_login(factories.staff_user() if who == "staff" else factories.user())
    before = Category.objects.count()
    assert client.get("/api/categories-bulk/").status_code == 403
    tree = [{"data": {"name": "Disusupkan", "slug": "disusupkan"}}]
    assert client.post("/api/categories-bulk/", tree, format="json").status_code == 403
    assert Category.objects.count() == before


def test_staff_with_the_admin_api_enabled_manage_the_category_tree(catalogue, monkeypatch):
    from oscarapi import settings as oscarapi_settings

    monkeypatch.setattr(oscarapi_settings, "BLOCK_ADMIN_API_ACCESS", False)
    client = APIClient()
    client.force_login(factories.staff_user())
    response = client.get("/api/categories-bulk/")
    assert response.status_code == 200
    assert "Scanner Format Besar" in response.content.decode()
