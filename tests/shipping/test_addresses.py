"""A complete address (``shipping.addresses``): the checkout, saved addresses, Oscar's form."""

import pytest
from oscar.core.loading import get_class, get_model

from tests import factories
from tests.factories import add_to_basket

Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
COUNTRY = "http://testserver/api/countries/ID/"
JAKARTA = {**factories.JAKARTA_ADDRESS, "country": COUNTRY}


def checkout(client, product, address, **extra):
    payload = factories.checkout_body(
        add_to_basket(client, product), guest_email="tamu@example.com"
    )
    if address is not None:
        payload["shipping_address"] = address
    return client.post("/api/checkout/", {**payload, **extra}, format="json")


def refused_fields(response, code="incomplete_address"):
    assert response.status_code == 406, response.content
    body = response.json()
    assert body["code"] == code and body["message"]
    return body["errors"]["shipping_address"]


def test_cod_with_an_empty_phone_is_refused(api_client, zones, product):
    response = checkout(api_client, product, {**JAKARTA, "phone_number": ""}, payment_method="cod")
    assert list(refused_fields(response)) == ["phone_number"]
    assert not Order.objects.exists()


def test_a_delivery_without_name_and_city_is_refused(api_client, zones, product):
    address = {**JAKARTA, "first_name": "", "last_name": "", "line4": ""}
    errors = refused_fields(checkout(api_client, product, address, payment_method="cod"))
    assert set(errors) == {"first_name", "line4"}


@pytest.mark.parametrize(
    ("missing", "code"),
    [
        ("line1", "incomplete_address"),
        ("state", "incomplete_address"),
        ("postcode", "invalid_postcode"),
    ],
)
def test_a_delivery_needs_street_province_and_postcode(api_client, zones, product, missing, code):
    response = checkout(api_client, product, {**JAKARTA, missing: ""})
    assert list(refused_fields(response, code=code)) == [missing]


@pytest.mark.parametrize("phone", ["------", "123", "+1 202 555 0143", "0812"])
def test_a_phone_that_is_no_indonesian_number_is_refused(api_client, zones, product, phone):
    response = checkout(api_client, product, {**JAKARTA, "phone_number": phone})
    assert list(refused_fields(response, code="invalid_phone")) == ["phone_number"]


def test_the_message_is_indonesian_and_english_on_request(api_client, zones, product):
    response = checkout(api_client, product, {**JAKARTA, "phone_number": ""})
    assert "telepon" in refused_fields(response)["phone_number"][0]
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    response = checkout(api_client, product, {**JAKARTA, "phone_number": ""})
    assert "phone number" in refused_fields(response)["phone_number"][0]


def test_a_local_phone_is_stored_in_e164_with_kecamatan_and_kelurahan(api_client, zones, product):
    address = {**JAKARTA, "phone_number": "0812-3456-7890", "kecamatan": "Gambir"}
    address["kelurahan"] = "Petojo Utara"
    response = checkout(api_client, product, address, payment_method="cod")
    assert response.status_code == 200, response.content
    stored = Order.objects.get(number=response.json()["number"]).shipping_address
    assert str(stored.phone_number) == "+6281234567890"
    assert (stored.line3, stored.line2) == ("Gambir", "Petojo Utara")


def test_a_pickup_needs_only_name_and_phone(api_client, zones, product):
    contact = {"first_name": "Budi", "phone_number": "081234567890"}
    response = checkout(
        api_client, product, contact, payment_method="o2o", shipping_method_code="showroom-pickup"
    )
    assert response.status_code == 200, response.content
    stored = Order.objects.get(number=response.json()["number"]).shipping_address
    assert (stored.first_name, str(stored.phone_number)) == ("Budi", "+6281234567890")


def test_a_pickup_without_a_phone_is_refused(api_client, zones, product):
    response = checkout(
        api_client,
        product,
        None,
        payment_method="o2o",
        shipping_method_code="showroom-pickup",
    )
    assert response.status_code == 406, response.content
    assert set(response.json()["errors"]["shipping_address"]) == {"first_name", "phone_number"}


# --- /api/useraddresses/ -------------------------------------------------------------


@pytest.fixture
def signed_in(api_client, shopper, catalogue):
    api_client.force_authenticate(shopper)
    return api_client


def test_a_saved_address_without_phone_is_refused(signed_in):
    response = signed_in.post("/api/useraddresses/", {**JAKARTA, "phone_number": ""}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "incomplete_address"
    assert list(response.json()["errors"]) == ["phone_number"]
    assert not UserAddress.objects.exists()


def test_a_saved_address_is_normalised_and_a_partial_update_checked(signed_in):
    address = {**JAKARTA, "phone_number": "6281234567890", "kecamatan": "Gambir"}
    response = signed_in.post("/api/useraddresses/", address, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["phone_number"] == "+6281234567890"
    assert response.json()["kecamatan"] == "Gambir"
    url = response.json()["url"]
    assert signed_in.patch(url, {"state": ""}, format="json").status_code == 400
    assert signed_in.patch(url, {"line1": "Jl. Baru 2"}, format="json").status_code == 200


# --- Oscar's HTML checkout ------------------------------------------------------------


def test_oscars_checkout_address_form_takes_the_rule(catalogue):
    ShippingAddressForm = get_class("checkout.forms", "ShippingAddressForm")
    data = {**factories.JAKARTA_ADDRESS, "country": "ID", "state": ""}
    form = ShippingAddressForm(data=data)
    assert not form.is_valid() and list(form.errors) == ["state"]
    form = ShippingAddressForm(
        data={**data, "state": "DKI Jakarta", "phone_number": "0812 3456 7890"}
    )
    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["phone_number"]) == "+6281234567890"
    assert "Kecamatan" in str(form.fields["line3"].label)
