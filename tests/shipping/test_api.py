"""POST /api/basket/shipping-methods/ and the checkout's shipping checks."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from contex_oscar.order import statuses
from contex_oscar.workdays import store_timezone
from tests import factories
from tests.factories import add_to_basket
from tests.shipping.conftest import MEDAN

Order = get_model("order", "Order")

COUNTRY = "http://testserver/api/countries/ID/"
JAKARTA = {**factories.JAKARTA_ADDRESS, "country": COUNTRY}
MEDAN_POSTED = {**MEDAN, "country": COUNTRY}
NOWHERE = {**MEDAN, "line4": "Entah", "state": "Entah", "postcode": "18000", "country": COUNTRY}
METHODS_URL = "/api/basket/shipping-methods/"


def checkout(client, basket_url, address=JAKARTA, **extra):
    payload = {
        "basket": basket_url,
        "accept_terms": True,
        "guest_email": "tamu@example.com",
        **extra,
    }
    if address is not None:
        payload["shipping_address"] = address
    return client.post("/api/checkout/", payload, format="json")


@time_machine.travel(dt.datetime(2026, 11, 27, 10, 0, tzinfo=store_timezone()), tick=False)
def test_jakarta_methods_with_price_estimate_and_flags(api_client, zones, scanner):
    add_to_basket(api_client, scanner)
    response = api_client.post(METHODS_URL, JAKARTA, format="json")
    assert response.status_code == 200, response.content
    free, pickup = response.json()
    assert free["code"] == "jabodetabek-free"
    assert free["price"] == {
        "currency": "IDR",
        "excl_tax": "0.00",
        "incl_tax": "0.00",
        "tax": "0.00",
    }
    assert free["is_free"] is True and free["quote_pending"] is False
    assert free["requires_address"] is True
    assert free["estimate"] == {
        "min_days": 1,
        "max_days": 2,
        "earliest_date": "2026-11-30",
        "latest_date": "2026-12-01",
    }
    assert pickup["code"] == "showroom-pickup"
    assert pickup["is_free"] is True and pickup["requires_address"] is False
    assert pickup["estimate"] is None


def test_medan_gets_the_zone_rate(api_client, zones, scanner):
    add_to_basket(api_client, scanner)
    response = api_client.post(METHODS_URL, MEDAN_POSTED, format="json")
    zone, pickup = response.json()
    assert zone["code"] == "zone-sumatra"
    assert zone["price"]["incl_tax"] == "720000.00"
    assert zone["is_free"] is False and zone["quote_pending"] is False
    assert (zone["estimate"]["min_days"], zone["estimate"]["max_days"]) == (3, 6)


def test_unknown_destination_gets_quote_on_request(api_client, zones, scanner):
    add_to_basket(api_client, scanner)
    quote, pickup = api_client.post(METHODS_URL, NOWHERE, format="json").json()
    assert quote["code"] == "quote-on-request"
    assert quote["quote_pending"] is True and quote["is_free"] is False
    assert quote["price"]["incl_tax"] == "0.00"
    assert quote["estimate"] is None


def test_get_without_address_offers_pickup_only(api_client, zones, scanner):
    add_to_basket(api_client, scanner)
    assert [m["code"] for m in api_client.get(METHODS_URL).json()] == ["showroom-pickup"]


def test_a_missing_postcode_is_refused_as_at_checkout(api_client, zones, scanner):
    """Indonesia requires a postcode (Oscar's rule): no free delivery offered for a city
    alone that the checkout would then refuse."""
    add_to_basket(api_client, scanner)
    posted = {**JAKARTA, "postcode": "", "line4": "Kota Bekasi"}
    response = api_client.post(METHODS_URL, posted, format="json")
    assert response.status_code == 406
    assert response.json()["code"] == "invalid_postcode"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {**JAKARTA, "country": "http://testserver/api/countries/XX/"},
        {**JAKARTA, "country": 12},
        {**JAKARTA, "postcode": "1" * 100},
        {**JAKARTA, "line1": ""},
        {**JAKARTA, "line4": ["Jakarta"]},
    ],
)
def test_bad_address_is_a_json_error(api_client, zones, scanner, payload):
    add_to_basket(api_client, scanner)
    response = api_client.post(METHODS_URL, payload, format="json")
    assert response.status_code == 406
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"] and body["errors"]


@pytest.mark.parametrize(
    ("content", "content_type"),
    [("{not json", "application/json"), ('["a", "list"]', "application/json"), ("", "text/plain")],
)
def test_malformed_body_never_gives_a_500(api_client, zones, content, content_type):
    response = api_client.post(METHODS_URL, content, content_type=content_type)
    assert 400 <= response.status_code < 500
    assert response.json()["code"]


def _methods_queries(client, products):
    add_to_basket(client, *products)
    with CaptureQueriesContext(connection) as context:
        response = client.post(METHODS_URL, MEDAN_POSTED, format="json")
    assert response.status_code == 200
    return len(context)


def test_shipping_methods_queries_do_not_grow_with_the_basket(zones, catalogue):
    from rest_framework.test import APIClient

    light = [p for p in catalogue if p.upc in ("CTX-IQQX-24", "CTX-IQFLEX")]
    one = _methods_queries(APIClient(), light[:1])
    two = _methods_queries(APIClient(), light)
    many = _methods_queries(APIClient(), catalogue[:6])
    assert one == two == many
    assert many <= 10


@pytest.mark.parametrize("address", [JAKARTA, MEDAN_POSTED, NOWHERE])
def test_shipping_methods_query_bound(
    api_client, zones, catalogue, address, django_assert_max_num_queries
):
    add_to_basket(api_client, *catalogue[:5])
    with django_assert_max_num_queries(10):
        response = api_client.post(METHODS_URL, address, format="json")
    assert response.status_code == 200


# --- checkout -----------------------------------------------------------------


def test_checkout_charges_the_zone_rate_computed_on_the_server(api_client, zones, scanner):
    basket_url = add_to_basket(api_client, scanner)
    response = checkout(api_client, basket_url, MEDAN_POSTED, shipping_method_code="zone-sumatra")
    assert response.status_code == 200, response.content
    order = Order.objects.get(number=response.json()["number"])
    assert order.shipping_code == "zone-sumatra"
    assert order.shipping_incl_tax == order.shipping_excl_tax == D("720000")
    assert order.total_incl_tax == order.basket_total_incl_tax + D("720000")
    assert order.status == statuses.AWAITING_PAYMENT


def test_default_method_for_an_address_is_its_delivery(api_client, zones, scanner):
    basket_url = add_to_basket(api_client, scanner)
    response = checkout(api_client, basket_url, JAKARTA)
    order = Order.objects.get(number=response.json()["number"])
    assert order.shipping_code == "jabodetabek-free"
    assert order.shipping_incl_tax == D("0")


def test_jabodetabek_free_delivery_is_refused_for_medan(api_client, zones, scanner):
    basket_url = add_to_basket(api_client, scanner)
    response = checkout(
        api_client, basket_url, MEDAN_POSTED, shipping_method_code="jabodetabek-free"
    )
    assert response.status_code == 406
    assert response.json()["code"] == "shipping_method_unavailable"
    assert "zone-sumatra" in str(response.json()["errors"])
    assert not Order.objects.exists()


def test_another_zones_rate_is_refused(api_client, zones, scanner):
    basket_url = add_to_basket(api_client, scanner)
    response = checkout(api_client, basket_url, MEDAN_POSTED, shipping_method_code="zone-jawa")
    assert response.json()["code"] == "shipping_method_unavailable"


@pytest.mark.parametrize("code", ["free-shipping", "express", "zone-", "x" * 128])
def test_unknown_method_is_refused_not_replaced_by_the_default(api_client, zones, scanner, code):
    basket_url = add_to_basket(api_client, scanner)
    response = checkout(api_client, basket_url, MEDAN_POSTED, shipping_method_code=code)
    assert response.status_code == 406
    assert response.json()["code"] == "unknown_shipping_method"
    assert not Order.objects.exists()


def test_delivery_without_an_address_is_refused(api_client, zones, scanner):
    basket_url = add_to_basket(api_client, scanner)
    response = checkout(api_client, basket_url, None, shipping_method_code="jabodetabek-free")
    assert response.json()["code"] == "shipping_address_required"


def test_tampered_shipping_charge_is_refused(api_client, zones, scanner):
    basket_url = add_to_basket(api_client, scanner)
    response = checkout(
        api_client,
        basket_url,
        MEDAN_POSTED,
        shipping_method_code="zone-sumatra",
        shipping_charge={"currency": "IDR", "excl_tax": "0.00", "incl_tax": "0.00"},
    )
    assert response.status_code == 406
    assert response.json()["code"] == "shipping_charge_mismatch"
    assert not Order.objects.exists()


def test_correct_posted_charge_and_total_are_accepted(api_client, zones, scanner):
    basket_url = add_to_basket(api_client, scanner)
    expected_total = D(api_client.get("/api/basket/").json()["total_incl_tax"]) + D("720000")
    response = checkout(
        api_client,
        basket_url,
        MEDAN_POSTED,
        shipping_method_code="zone-sumatra",
        shipping_charge={"currency": "IDR", "excl_tax": "720000.00", "incl_tax": "720000.00"},
        total=f"{expected_total:.2f}",
    )
    assert response.status_code == 200, response.content


def test_tampered_total_is_refused(api_client, zones, scanner):
    basket_url = add_to_basket(api_client, scanner)
    response = checkout(
        api_client, basket_url, MEDAN_POSTED, shipping_method_code="zone-sumatra", total="1.00"
    )
    assert response.status_code == 406
    assert response.json()["code"] == "total_mismatch"


@pytest.mark.parametrize("postcode", ["2011", "ABCDE", "201120", ""])
def test_checkout_enforces_the_indonesian_postcode_rule(api_client, zones, scanner, postcode):
    basket_url = add_to_basket(api_client, scanner)
    response = checkout(api_client, basket_url, {**MEDAN_POSTED, "postcode": postcode})
    assert response.status_code == 406
    assert response.json()["code"] == "invalid_postcode"
    assert "postcode" in response.json()["errors"]["shipping_address"]


def test_quote_on_request_order_starts_on_hold(api_client, zones, scanner):
    basket_url = add_to_basket(api_client, scanner)
    response = checkout(api_client, basket_url, NOWHERE, shipping_method_code="quote-on-request")
    assert response.status_code == 200, response.content
    assert response.json()["status"]["code"] == statuses.ON_HOLD
    order = Order.objects.get(number=response.json()["number"])
    assert order.shipping_code == "quote-on-request"
    assert order.shipping_incl_tax == D("0")


def test_quote_on_request_is_refused_where_a_rate_exists(api_client, zones, scanner):
    basket_url = add_to_basket(api_client, scanner)
    response = checkout(
        api_client, basket_url, MEDAN_POSTED, shipping_method_code="quote-on-request"
    )
    assert response.json()["code"] == "shipping_method_unavailable"


def test_showroom_pickup_needs_only_a_name_and_phone(api_client, zones, scanner):
    basket_url = add_to_basket(api_client, scanner)
    contact = {"first_name": "Budi", "phone_number": "0812 3456 7890"}
    response = checkout(api_client, basket_url, contact, shipping_method_code="showroom-pickup")
    assert response.status_code == 200, response.content
    order = Order.objects.get(number=response.json()["number"])
    assert order.shipping_code == "showroom-pickup" and order.shipping_address.line1 == ""


def _validation_queries(products):
    from rest_framework.test import APIRequestFactory

    from contex_oscar.api.oscarapi_overrides.serializers.checkout import CheckoutSerializer

    basket = factories.basket_with(products[0])
    for product in products[1:]:
        basket.add_product(product)
    request = APIRequestFactory().post("/api/checkout/")
    request.user = factories.user()
    data = {
        "basket": f"http://testserver/api/baskets/{basket.pk}/",
        "accept_terms": True,
        "shipping_address": MEDAN_POSTED,
        "shipping_method_code": "zone-sumatra",
    }
    with CaptureQueriesContext(connection) as context:
        serializer = CheckoutSerializer(data=data, context={"request": request})
        assert serializer.is_valid(), serializer.errors

    return len(context)


def test_checkout_validation_queries_do_not_grow_with_the_basket(zones, catalogue):
    light = [p for p in catalogue if p.upc in ("CTX-IQQX-24", "CTX-IQFLEX", "CTX-IQFLEX-MK2")]
    _validation_queries(light[:1])  # warm-up: the store's cached rows (bank accounts)
    assert _validation_queries(light[:1]) == _validation_queries(light)


def test_openapi_schema_documents_the_shipping_methods(db):
    from django.urls import path, resolve
    from drf_spectacular.generators import SchemaGenerator

    # only this endpoint, so other endpoints' schema problems do not hide ours
    view = resolve(METHODS_URL).func
    patterns = [path("api/basket/shipping-methods/", view)]
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    post = schema["paths"]["/api/basket/shipping-methods/"]["post"]
    ok = post["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["type"] == "array"
    method = schema["components"]["schemas"][ok["items"]["$ref"].rsplit("/", 1)[-1]]
    assert {"code", "name", "price", "estimate", "is_free", "quote_pending"} <= set(
        method["properties"]
    )
    estimate_ref = method["properties"]["estimate"]
    estimate_name = (estimate_ref.get("$ref") or estimate_ref["allOf"][0]["$ref"]).rsplit("/")[-1]
    assert set(schema["components"]["schemas"][estimate_name]["properties"]) == {
        "min_days",
        "max_days",
        "earliest_date",
        "latest_date",
    }
    assert "406" in post["responses"]
    assert "requestBody" in post
