"""Payment methods at checkout: POST /api/checkout/payment-methods/ and POST /api/checkout/."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.core import mail
from oscar.core.loading import get_model

from contex_oscar.order import statuses
from contex_oscar.payment.models import OrderPayment
from contex_oscar.workdays import store_timezone
from tests import factories
from tests.factories import add_to_basket
from tests.payment.conftest import JAKARTA, MEDAN

Order = get_model("order", "Order")
NOWHERE = {**MEDAN, "line4": "Entah", "state": "Entah", "postcode": "18000"}  # no zone: quote
METHODS_URL = "/api/checkout/payment-methods/"
NOW = dt.datetime(2026, 11, 26, 9, 15, tzinfo=store_timezone())


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def checkout(client, product, address=JAKARTA, **extra):
    payload = factories.checkout_body(
        add_to_basket(client, product), guest_email="tamu@example.com", **extra
    )
    if address is not None:
        payload["shipping_address"] = address
    return client.post("/api/checkout/", payload, format="json")


def methods_for(client, product, **payload):
    add_to_basket(client, product)
    response = client.post(METHODS_URL, payload, format="json")
    assert response.status_code == 200, response.content
    return {row["code"]: row for row in response.json()}


# --- POST /api/checkout/payment-methods/ ---------------------------------------------


def test_jakarta_delivery_offers_transfer_and_cod_not_showroom(api_client, zones, product):
    rows = methods_for(api_client, product, shipping_address=JAKARTA)
    assert list(rows) == ["bank-transfer", "cod", "o2o"]
    assert rows["bank-transfer"]["available"] and rows["bank-transfer"]["reason_code"] == ""
    assert rows["bank-transfer"]["order_status"] == statuses.AWAITING_PAYMENT
    assert rows["cod"]["available"] and rows["cod"]["order_status"] == statuses.PROCESSING
    assert rows["o2o"]["available"] is False
    assert rows["o2o"]["reason_code"] == "o2o_requires_showroom_pickup"
    assert rows["o2o"]["reason"]


def test_cod_is_refused_outside_jabodetabek_with_a_reason(api_client, zones, product):
    rows = methods_for(api_client, product, shipping_address=MEDAN)
    assert rows["cod"]["available"] is False
    assert rows["cod"]["reason_code"] == "cod_outside_jabodetabek"
    assert "Jabodetabek" in rows["cod"]["reason"]
    assert rows["bank-transfer"]["available"] is True


def test_showroom_pickup_offers_o2o_and_refuses_cod(api_client, zones, product):
    rows = methods_for(
        api_client, product, shipping_address=JAKARTA, shipping_method_code="showroom-pickup"
    )
    assert rows["o2o"]["available"] and rows["o2o"]["order_status"] == statuses.PROCESSING
    assert rows["cod"]["reason_code"] == "cod_not_with_showroom_pickup"


def test_without_address_only_transfer_and_showroom(api_client, zones, product):
    rows = methods_for(api_client, product)
    assert rows["bank-transfer"]["available"]
    assert rows["cod"]["reason_code"] == "cod_not_with_showroom_pickup"
    assert rows["o2o"]["available"]  # the default method without address is showroom pickup


def test_quote_on_request_starts_every_method_on_hold(api_client, zones, product):
    rows = methods_for(api_client, product, shipping_address=NOWHERE)
    assert rows["bank-transfer"]["available"]
    assert rows["bank-transfer"]["order_status"] == statuses.ON_HOLD


def test_a_site_can_drop_a_method(api_client, zones, product, settings):
    settings.CONTEX_PAYMENT_METHODS = ("contex_oscar.payment.methods.BankTransfer",)
    assert list(methods_for(api_client, product, shipping_address=JAKARTA)) == ["bank-transfer"]


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"shipping_method_code": "kapal-laut"}, "unknown_shipping_method"),
        (
            {"shipping_address": JAKARTA, "shipping_method_code": "zone-sumatera"},
            "shipping_method_unavailable",
        ),
        ({"shipping_address": "Jakarta"}, "not_a_dict"),
        ({"shipping_address": {"postcode": {"nested": 1}}}, "validation_error"),
        ({"shipping_method_code": "x" * 200}, "validation_error"),
    ],
)
def test_bad_payment_methods_requests_are_refused(api_client, zones, product, payload, code):
    add_to_basket(api_client, product)
    response = api_client.post(METHODS_URL, payload, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code


# --- POST /api/checkout/ --------------------------------------------------------------


def test_bank_transfer_checkout_answers_the_payment_block(
    api_client, zones, product, bank_accounts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = checkout(api_client, product, payment_method="bank-transfer")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"]["code"] == statuses.AWAITING_PAYMENT
    order = Order.objects.get(number=body["number"])
    payment = OrderPayment.objects.get(order=order)
    block = body["payment"]
    assert block["method"] == "bank-transfer" and block["state"] == "awaiting"
    assert block["unique_code"] == payment.unique_code
    assert D(block["amount_due"]) == order.total_incl_tax + payment.unique_code
    assert block["deadline"] == (NOW + dt.timedelta(hours=24)).isoformat()
    assert [a["account_number"] for a in block["bank_accounts"]] == ["111", "222"]
    assert order.sources.get().source_type.code == "bank-transfer"
    # oscarapi sends no order-placed e-mail: ours comes, with how to pay
    placed = [m for m in mail.outbox if order.number in m.subject]
    assert len(placed) == 1
    body_text = placed[0].body
    assert "111" in body_text and "a.n. PT Contex" in body_text
    assert f"{D(block['amount_due']):,.0f}".replace(",", ".") in body_text
    assert "27 November 2026, 09:15" in body_text
    assert "English" in body_text and body_text.index("Halo") < body_text.index("Hello")


def test_default_method_is_bank_transfer(api_client, zones, product):
    response = checkout(api_client, product)
    assert response.status_code == 200, response.content
    assert response.json()["payment"]["method"] == "bank-transfer"


def test_cod_in_jakarta_starts_processing(api_client, zones, product):
    response = checkout(api_client, product, payment_method="cod")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"]["code"] == statuses.PROCESSING
    assert body["payment"]["method"] == "cod"
    assert body["payment"]["deadline"] is None and body["payment"]["bank_accounts"] == []
    assert body["payment"]["unique_code"] is None
    source = Order.objects.get(number=body["number"]).sources.get()
    assert source.source_type.code == "cod" and source.amount_allocated == D(body["total_incl_tax"])


def test_o2o_with_showroom_pickup_starts_processing(api_client, zones, product):
    response = checkout(
        api_client,
        product,
        address={"first_name": "Budi", "phone_number": "081234567890"},  # the pickup contact
        payment_method="o2o",
        shipping_method_code="showroom-pickup",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"]["code"] == statuses.PROCESSING
    assert response.json()["payment"]["method"] == "o2o"


@pytest.mark.parametrize(
    ("address", "extra", "code"),
    [
        (MEDAN, {"payment_method": "cod"}, "cod_outside_jabodetabek"),
        (JAKARTA, {"payment_method": "o2o"}, "o2o_requires_showroom_pickup"),
        (
            JAKARTA,
            {"payment_method": "cod", "shipping_method_code": "showroom-pickup"},
            "cod_not_with_showroom_pickup",
        ),
        (JAKARTA, {"payment_method": "bitcoin"}, "unknown_payment_method"),
        (JAKARTA, {"payment_method": "x" * 41}, "validation_error"),
    ],
)
def test_unavailable_or_unknown_methods_are_refused(
    api_client, zones, product, address, extra, code
):
    response = checkout(api_client, product, address=address, **extra)
    assert response.status_code == 406
    body = response.json()
    assert body["code"] == code
    assert "payment_method" in body["errors"]
    assert not Order.objects.exists()


def test_no_default_means_the_method_is_required(api_client, zones, product, settings):
    settings.CONTEX_DEFAULT_PAYMENT_METHOD = None
    response = checkout(api_client, product)
    assert response.status_code == 406
    assert response.json()["code"] == "payment_method_required"


def test_quote_on_request_waits_on_hold_then_gets_a_fresh_deadline(
    api_client, zones, product, staff_user, clock, django_capture_on_commit_callbacks
):
    from contex_oscar.shipping.services import set_quoted_shipping_cost

    response = checkout(api_client, product, address=NOWHERE, payment_method="bank-transfer")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"]["code"] == statuses.ON_HOLD
    assert body["payment"]["deadline"] is None
    order = Order.objects.get(number=body["number"])
    code = order.contex_payment.unique_code

    quoted_at = NOW + dt.timedelta(hours=30)
    clock.move_to(quoted_at)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        set_quoted_shipping_cost(order, D("250000"), staff_user)
    order.refresh_from_db()
    payment = OrderPayment.objects.get(order=order)
    assert order.status == statuses.AWAITING_PAYMENT
    assert payment.deadline == quoted_at + dt.timedelta(hours=24)
    assert payment.unique_code == code  # drawn once, at placement
    assert order.sources.get().amount_allocated == order.total_incl_tax + code
    # the awaiting-payment e-mail carries the new amount and the fresh deadline
    due = f"{order.total_incl_tax + code:,.0f}".replace(",", ".")
    assert any(due in m.body and "28 November 2026, 15:15" in m.body for m in mail.outbox)


@pytest.mark.parametrize(
    "language, words", [("id", "transfer bank"), ("en", "unpaid bank transfers")]
)
def test_no_free_amount_due_refuses_the_checkout_503(
    api_client, zones, product, settings, language, words
):
    """Every code would repeat an open order's amount due: refused, never placed without one."""
    settings.CONTEX_UNIQUE_CODE_RANGE = (1, 1)
    assert checkout(api_client, product).status_code == 200
    other = type(api_client)()
    payload = factories.checkout_body(add_to_basket(other, product), guest_email="tamu@example.com")
    response = other.post(
        "/api/checkout/",
        {**payload, "shipping_address": JAKARTA},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 503, response.content
    body = response.json()
    assert body["code"] == "unique_amount_exhausted"
    assert words in body["message"].lower()
    assert Order.objects.count() == 1
    assert other.get("/api/basket/").json()["status"] == "Open"  # the shopper may try again
