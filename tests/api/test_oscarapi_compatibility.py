"""A site's existing oscarapi clients keep working (issue 20).

Where the store does not deliberately differ (README: "Differences from plain
django-oscar-api"), it answers as plain oscarapi 3.3.0 does: 406 where oscarapi
refuses to add a product, and a refused checkout leaves the caller's transaction usable.
"""

import json

import pytest
from django.db import transaction
from oscar.core.loading import get_model
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate

from contex_oscar.api.oscarapi_overrides.views.checkout import CheckoutView
from tests import factories
from tests.performance.conftest import product_with_variants

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


def add(client, product, quantity, **headers):
    return client.post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{product.pk}/", "quantity": quantity},
        format="json",
        **headers,
    )


def give_own_stock(parent, model, num_in_stock):
    """A parent with a stock record of its own (as well as its variants')."""
    record = model.stockrecords.get()
    return StockRecord.objects.create(
        product=parent,
        partner=record.partner,
        partner_sku=parent.upc,
        price_currency="IDR",
        price=record.price,
        num_in_stock=num_in_stock,
    )


# --- defect 1: a parent without a stock record -----------------------------------


@pytest.mark.parametrize(("language", "message"), [("id", "Tidak tersedia"), ("en", "Unavailable")])
def test_a_parent_without_stock_of_its_own_is_refused_as_unavailable(product, language, message):
    parent = product_with_variants(1, product)  # its variant is in stock, it has no record

    response = add(APIClient(), parent, 1, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 406, response.content
    assert response.json() == {"code": "cannot_add_product", "message": message}
    assert not Basket.objects.filter(lines__product=parent).exists()


def test_a_stock_record_without_a_price_is_refused_as_unavailable(product):
    StockRecord.objects.filter(product=product).update(price=None)

    response = add(APIClient(), product, 1)

    assert response.status_code == 406, response.content
    assert response.json() == {"code": "cannot_add_product", "message": "Tidak tersedia"}


# --- defect 2: a parent's own stock limit ----------------------------------------


def test_a_parent_with_its_own_stock_cannot_be_bought_past_it(product):
    parent = product_with_variants(1, product)
    give_own_stock(parent, product, 20)
    client = APIClient()

    refused = add(client, parent, 25, HTTP_ACCEPT_LANGUAGE="en")

    assert refused.status_code == 406, refused.content
    assert refused.json() == {
        "code": "cannot_add_product",
        "message": "a maximum of 20 can be bought",
    }
    assert add(client, parent, 15).status_code == 200
    # what the basket already holds counts too
    again = add(client, parent, 6, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 406
    assert again.json()["message"] == "a maximum of 20 can be bought"
    assert add(client, parent, 5).status_code == 200
    basket = client.get("/api/basket/").json()
    assert [line["quantity"] for line in client.get(basket["lines"]).json()] == [20]


# --- defect 3: a refused checkout inside the caller's transaction ------------------


def refused_checkout_in_a_transaction(basket_url, user, body=None):
    """Call the checkout as a site's own code would (inside its transaction); then query."""
    if body is None:
        contact = {**factories.JAKARTA_ADDRESS, "country": "http://testserver/api/countries/ID/"}
        body = json.dumps(
            factories.checkout_body(
                basket_url, guest_email="tamu@example.com", shipping_address=contact
            )
        )
    request = APIRequestFactory().post("/api/checkout/", body, content_type="application/json")
    force_authenticate(request, user=user)
    with transaction.atomic():  # e.g. a site's TestCase, or its own view's transaction
        response = CheckoutView.as_view()(request)
        response.render()
        # the caller's next query must still work
        assert Order.objects.count() == 0
        user.refresh_from_db()
    return response


def test_a_refused_checkout_leaves_the_callers_transaction_usable(product):
    shopper, someone_else = factories.user(), factories.user()
    theirs = factories.basket_with(product, owner=someone_else)

    response = refused_checkout_in_a_transaction(
        f"http://testserver/api/baskets/{theirs.pk}/", shopper
    )

    assert response.status_code == 401, response.content
    assert response.data["code"] == "basket_not_yours"
    assert Order.objects.count() == 0


def test_a_checkout_refused_for_stock_leaves_the_callers_transaction_usable(product):
    shopper = factories.user()
    basket = factories.basket_with(product, quantity=2, owner=shopper)
    StockRecord.objects.filter(product=product).update(num_in_stock=1, num_allocated=0)

    response = refused_checkout_in_a_transaction(
        f"http://testserver/api/baskets/{basket.pk}/", shopper
    )

    assert response.status_code == 409, response.content
    assert response.data["code"] == "insufficient_stock"
    assert Order.objects.count() == 0
    basket.refresh_from_db()
    assert basket.status == Basket.OPEN


def test_an_unreadable_checkout_body_leaves_the_callers_transaction_usable(product):
    # DRF marks the enclosing transaction for rollback on an error raised as an exception
    shopper = factories.user()

    response = refused_checkout_in_a_transaction(None, shopper, body="{not json")

    assert response.status_code == 400, response.content
    assert response.data["code"] == "parse_error"


# --- add-voucher refuses with the store's error JSON --------------------------------


def voucher_needing(items):
    """A voucher whose offer (10% off) needs ``items`` items in the basket."""
    from django.utils import timezone

    Range = get_model("offer", "Range")
    Condition = get_model("offer", "Condition")
    Benefit = get_model("offer", "Benefit")
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    Voucher = get_model("voucher", "Voucher")
    everything = Range.objects.create(name="Semua produk", includes_all_products=True)
    offer = ConditionalOffer.objects.create(
        name="Diskon voucher",
        offer_type=ConditionalOffer.VOUCHER,
        condition=Condition.objects.create(range=everything, type=Condition.COUNT, value=items),
        benefit=Benefit.objects.create(range=everything, type=Benefit.PERCENTAGE, value=10),
    )
    now = timezone.now()
    voucher = Voucher.objects.create(
        name="Hemat",
        code="HEMAT10",
        usage=Voucher.MULTI_USE,
        start_datetime=now - timezone.timedelta(days=1),
        end_datetime=now + timezone.timedelta(days=1),
    )
    voucher.offers.add(offer)
    return voucher


def add_voucher(client, code, **headers):
    return client.post("/api/basket/add-voucher/", {"vouchercode": code}, format="json", **headers)


def test_an_unknown_voucher_is_refused_with_its_own_code(product):
    client = APIClient()
    add(client, product, 1)

    response = add_voucher(client, "TIDAKADA")

    assert response.status_code == 406, response.content
    body = response.json()
    assert body["code"] == "voucher_unknown"
    assert body["message"] == "Kode voucher tidak dikenal"
    assert body["errors"]["non_field_errors"]


def test_a_voucher_without_a_code_is_a_validation_error(product):
    client = APIClient()
    add(client, product, 1)

    response = add_voucher(client, "")

    assert response.status_code == 406, response.content
    assert response.json()["code"] == "validation_error"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("id", "Keranjang ini tidak memenuhi syarat untuk potongan harga voucher ini."),
        ("en", "This basket does not qualify for this voucher's discount."),
    ],
)
def test_a_voucher_the_basket_does_not_qualify_for_is_refused(product, language, message):
    voucher_needing(items=100)
    client = APIClient()
    add(client, product, 1)

    response = add_voucher(client, "hemat10", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 406, response.content
    assert response.json() == {"code": "voucher_not_applicable", "message": message}
    assert client.get("/api/basket/").json()["voucher_discounts"] == []


def test_a_voucher_the_basket_qualifies_for_is_added(product):
    voucher_needing(items=1)
    client = APIClient()
    add(client, product, 1)

    response = add_voucher(client, "hemat10")

    assert response.status_code == 200, response.content
    assert response.json()["code"] == "HEMAT10"
