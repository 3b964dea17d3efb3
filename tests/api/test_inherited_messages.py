"""oscarapi's, Oscar's and DRF's own messages as a shopper reads them: Indonesian by
default, English on ``Accept-Language: en``, in the store's error format."""

import pytest
from oscar.core.loading import get_model

from tests.factories import JAKARTA_ADDRESS

StockRecord = get_model("partner", "StockRecord")


def add(client, product, quantity=1):
    return client.post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{product.pk}/", "quantity": quantity},
        format="json",
    )


def checkout(client, **extra):
    basket_url = client.get("/api/basket/").json()["url"]
    body = {
        "basket": basket_url,
        "accept_terms": True,
        "shipping_address": {**JAKARTA_ADDRESS, "country": "http://testserver/api/countries/ID/"},
        **extra,
    }
    return client.post("/api/checkout/", body, format="json")


def speak(client, language):
    client.credentials(HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "Email tamu wajib diisi"), ("en", "Guest email is required")],
)
def test_a_guest_checkout_without_an_email(api_client, product, language, expected):
    speak(api_client, language)
    add(api_client, product)
    body = checkout(api_client).json()
    assert expected in str(body), body


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "Keranjang belanja kosong"), ("en", "Cannot checkout with empty basket")],
)
def test_a_checkout_of_an_empty_basket(api_client, catalogue, language, expected):
    speak(api_client, language)
    body = checkout(api_client, guest_email="tamu@example.com").json()
    assert expected in str(body), body


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "Kode voucher tidak dikenal"), ("en", "Voucher code unknown")],
)
def test_an_unknown_voucher_is_a_store_error(api_client, product, language, expected):
    speak(api_client, language)
    add(api_client, product)
    response = api_client.post("/api/basket/add-voucher/", {"vouchercode": "NOPE"}, format="json")
    assert response.status_code == 406
    body = response.json()
    assert body["code"] == "voucher_unknown"
    assert expected in body["message"]


@pytest.mark.parametrize(
    ("language", "expected", "foreign"),
    [("id", "Tersedia (2 unit)", "available"), ("en", "In stock (2 available)", "stok")],
)
def test_availability_reads_in_one_language(api_client, product, language, expected, foreign):
    StockRecord.objects.filter(product=product).update(num_in_stock=2, num_allocated=0)
    speak(api_client, language)
    message = api_client.get(f"/api/products/{product.pk}/availability/").json()["message"]
    assert message == expected
    assert foreign not in message.lower()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "paling banyak 2 unit dapat dibeli"), ("en", "a maximum of 2 can be bought")],
)
def test_too_many_units_says_the_most_that_can_be_bought(api_client, product, language, expected):
    StockRecord.objects.filter(product=product).update(num_in_stock=2, num_allocated=0)
    speak(api_client, language)
    body = add(api_client, product, quantity=5).json()
    assert expected in body["message"].lower(), body


def test_an_expired_voucher_says_so_with_its_own_code(api_client, product):
    import datetime

    from django.utils import timezone

    Voucher = get_model("voucher", "Voucher")
    past = timezone.now() - datetime.timedelta(days=10)
    Voucher.objects.create(
        name="Lama",
        code="LAMA",
        start_datetime=past,
        end_datetime=past + datetime.timedelta(days=1),
    )
    add(api_client, product)
    response = api_client.post("/api/basket/add-voucher/", {"vouchercode": "lama"}, format="json")
    assert response.status_code == 406
    assert response.json()["code"] == "voucher_expired"
    assert response.json()["message"] == "Voucher 'LAMA' sudah kedaluwarsa"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "Tautan tidak valid: objeknya tidak ada."), ("en", "Object does not exist.")],
)
def test_drf_field_messages_read_in_the_shoppers_language(api_client, db, language, expected):
    speak(api_client, language)
    response = add_url(api_client, "http://testserver/api/products/999999/")
    assert expected in str(response.json()["errors"]), response.json()


def add_url(client, url):
    return client.post("/api/basket/add-product/", {"url": url, "quantity": 1}, format="json")


def test_the_store_warns_when_its_translations_come_after_oscars(settings):
    from contex_oscar.checks import store_translations_first, translations_first

    assert store_translations_first() == []
    apps = [app for app in settings.INSTALLED_APPS if app != "contex_oscar"]
    warnings = translations_first([*apps, "contex_oscar"])
    assert [warning.id for warning in warnings] == ["contex.W001"]
    assert "oscar, oscarapi, rest_framework" in warnings[0].msg
