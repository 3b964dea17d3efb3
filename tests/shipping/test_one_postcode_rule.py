"""One postcode rule (Oscar's per-country rule) for shipping methods, payment methods,
checkout and the Jabodetabek question: a malformed postcode is refused by all three
endpoints alike, and never earns free delivery or COD."""

import pytest
from django.utils import translation
from oscar.core.loading import get_model

from contex_oscar.shipping.postcodes import postcode_error
from contex_oscar.shipping.regions import is_in_jabodetabek
from tests import factories
from tests.factories import add_to_basket

Country = get_model("address", "Country")
COUNTRY = "http://testserver/api/countries/ID/"
MALFORMED = ["ABCDE", "1714", "171400", "1O110"]


def jakarta(postcode):
    return {**factories.JAKARTA_ADDRESS, "postcode": postcode, "country": COUNTRY}


@pytest.mark.parametrize("postcode", MALFORMED)
def test_shipping_methods_refuse_a_malformed_postcode(api_client, zones, scanner, postcode):
    add_to_basket(api_client, scanner)
    response = api_client.post("/api/basket/shipping-methods/", jakarta(postcode), format="json")
    assert response.status_code == 406
    assert response.json()["code"] == "invalid_postcode"
    assert "postcode" in response.json()["errors"]


@pytest.mark.parametrize("postcode", MALFORMED)
def test_payment_methods_refuse_a_malformed_postcode(api_client, zones, scanner, postcode):
    add_to_basket(api_client, scanner)
    response = api_client.post(
        "/api/checkout/payment-methods/",
        {"shipping_address": jakarta(postcode)},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_postcode"
    assert "postcode" in response.json()["errors"]["shipping_address"]


@pytest.mark.parametrize("postcode", MALFORMED)
def test_checkout_refuses_the_same_postcodes(api_client, zones, scanner, postcode):
    basket_url = add_to_basket(api_client, scanner)
    response = api_client.post(
        "/api/checkout/",
        {
            "basket": basket_url,
            "accept_terms": True,
            "guest_email": "tamu@example.com",
            "shipping_address": jakarta(postcode),
        },
        format="json",
    )
    assert response.status_code == 406
    assert response.json()["code"] == "invalid_postcode"


@pytest.mark.parametrize("postcode", MALFORMED)
def test_a_malformed_postcode_is_not_jabodetabek_even_with_a_jakarta_city(postcode):
    assert is_in_jabodetabek({"postcode": postcode, "line4": "Jakarta Pusat"}) is False


def test_spaces_typed_by_the_shopper_pass_everywhere(api_client, zones, scanner):
    add_to_basket(api_client, scanner)
    address = jakarta(" 10 110 ")
    methods = api_client.post("/api/basket/shipping-methods/", address, format="json")
    assert methods.status_code == 200
    assert methods.json()[0]["code"] == "jabodetabek-free"
    payment = api_client.post(
        "/api/checkout/payment-methods/", {"shipping_address": address}, format="json"
    )
    assert payment.status_code == 200
    assert {row["code"]: row["available"] for row in payment.json()}["cod"] is True


@pytest.mark.django_db
def test_the_rule_reads_the_country_and_speaks_indonesian():
    Country.objects.get_or_create(iso_3166_1_a2="ID", defaults={"name": "Indonesia"})
    assert postcode_error({"postcode": "10110", "country": COUNTRY}) is None
    with translation.override("id"):
        assert postcode_error({"postcode": "ABCDE"}).startswith("Kodepos 'ABCDE' tidak valid")
    with translation.override("en"):
        assert "not valid" in postcode_error({"postcode": "1714", "country": "ID"})
