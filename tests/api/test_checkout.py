"""Guest checkout through oscarapi, with the store's statuses and error format."""

import pytest
from oscar.core.loading import get_model

from tests.factories import JAKARTA_ADDRESS

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")


def guest_checkout(client, product, **extra):
    client.get("/api/basket/")
    added = client.post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{product.pk}/", "quantity": 1},
        format="json",
    )
    assert added.status_code == 200, added.content
    basket_url = client.get("/api/basket/").json()["url"]
    payload = {
        "basket": basket_url,
        "accept_terms": True,
        "guest_email": "tamu@example.com",
        "shipping_address": {
            **JAKARTA_ADDRESS,
            "country": "http://testserver/api/countries/ID/",
        },
        **extra,
    }
    return client.post("/api/checkout/", payload, format="json", **{})


def test_guest_checkout_starts_awaiting_payment_with_code_and_label(api_client, product):
    response = guest_checkout(api_client, product)
    assert response.status_code == 200, response.content
    assert response.json()["status"]["code"] == "awaiting-payment"
    order = Order.objects.get(number=response.json()["number"])
    assert order.status == "awaiting-payment"


@pytest.mark.parametrize(
    ("language", "label"),
    [("id", "Menunggu Pembayaran"), ("en", "Awaiting payment")],
)
def test_status_label_follows_accept_language(api_client, product, language, label):
    api_client.credentials(HTTP_ACCEPT_LANGUAGE=language)
    response = guest_checkout(api_client, product)
    assert response.json()["status"] == {"code": "awaiting-payment", "label": label}


def test_placed_basket_is_submitted_not_frozen(api_client, product):
    response = guest_checkout(api_client, product)
    order = Order.objects.get(number=response.json()["number"])
    assert order.basket.status == Basket.SUBMITTED


def test_invalid_checkout_is_a_json_error_with_a_code(api_client, product):
    response = guest_checkout(api_client, product, guest_email="not-an-email")
    assert response.status_code == 406
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"]
    assert "guest_email" in str(body["errors"])


def test_checkout_of_someone_elses_basket_is_refused(api_client, product):
    other = Basket.objects.create()
    response = api_client.post(
        "/api/checkout/",
        {"basket": f"http://testserver/api/baskets/{other.pk}/", "guest_email": "a@b.co"},
        format="json",
    )
    assert response.status_code in (401, 404)
    assert response.json()["code"]


def test_an_order_answer_carries_no_payment_provider_placeholder(api_client, product):
    """oscarapi's ``payment_url`` is a sentence asking a developer to write a view; the
    store's payment instructions are in ``payment``."""
    body = guest_checkout(api_client, product).json()
    assert "payment_url" not in body
    assert body["payment"]["amount_due"]


def test_an_order_answer_is_the_same_from_built_and_from_copied_fields(api_client, product):
    """The order serializer and its nested addresses build their fields once per class
    (``BuiltOnceFieldsMixin``); every later answer is rendered from copies of that build."""
    from rest_framework.renderers import JSONRenderer
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from contex_oscar.api.oscarapi_overrides.serializers import checkout

    answer = guest_checkout(api_client, product).json()
    order = Order.objects.get(number=answer["number"])
    request = Request(APIRequestFactory().get("/api/orders/"))

    class FreshlyBuilt(checkout.OrderSerializer):  # no fields built yet for this class
        pass

    def render(serializer):
        return JSONRenderer().render(serializer.data)

    built = FreshlyBuilt(order, context={"request": request})
    copied = FreshlyBuilt(order, context={"request": request})
    assert render(built) == render(copied)
    assert copied.fields["shipping_address"] is not built.fields["shipping_address"]
    assert copied.fields["shipping_address"].parent is copied
    assert render(copied) == render(checkout.OrderSerializer(order, context={"request": request}))
