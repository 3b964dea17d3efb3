"""Issue 21, defect 5: no line of zero or fewer units, anywhere, and no warranty for one.

An attacker added ``quantity: -1`` (Oscar clamps it to 0), checked out a line of 0
units at Rp 0 and, after delivery, was offered a free dead-on-arrival exchange.
"""

import pytest
import time_machine
from oscar.core.loading import get_model

from tests import factories
from tests.checkout.conftest import checkout, fill_basket
from tests.service_center.conftest import deliver, jakarta

BasketLine = get_model("basket", "Line")
Order = get_model("order", "Order")
OrderLine = get_model("order", "Line")

WARRANTY = "/api/service-center/warranty-check/"
ADD = "/api/basket/add-product/"


def add(client, product, quantity):
    url = f"http://testserver/api/products/{product.pk}/"
    return client.post(ADD, {"url": url, "quantity": quantity}, format="json")


@pytest.mark.parametrize("quantity", [0, -1, -1000])
def test_adding_zero_or_fewer_units_is_refused(api_client, product, quantity):
    api_client.get("/api/basket/")
    response = add(api_client, product, quantity)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_quantity"
    assert response.json()["message"]
    assert not BasketLine.objects.exists()


def test_the_refusal_is_in_indonesian_first_and_english_on_request(api_client, product):
    indonesian = add(api_client, product, 0).json()["message"]
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    english = add(api_client, product, 0).json()["message"]
    assert english == "Give a quantity of at least 1."
    assert indonesian != english


@pytest.mark.parametrize("quantity", [0, -1])
def test_a_line_cannot_be_lowered_to_zero_or_fewer_units(api_client, product, quantity):
    fill_basket(api_client, (product, 1))
    line = BasketLine.objects.get()
    response = api_client.patch(
        f"/api/baskets/{line.basket_id}/lines/{line.pk}/", {"quantity": quantity}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_quantity"
    line.refresh_from_db()
    assert line.quantity == 1


def test_checkout_refuses_a_basket_holding_a_line_of_zero_units(api_client, catalogue):
    basket_url = fill_basket(api_client, (catalogue[0], 1), (catalogue[1], 1))
    BasketLine.objects.filter(product=catalogue[1]).update(quantity=0)  # an old or forged line
    response = checkout(api_client, basket_url)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_quantity"
    assert not Order.objects.exists()


# --- the warranty needs a paid, delivered unit -------------------------------------------


def delivered_order_of(product, owner, **line_values):
    order = factories.place_order(product, owner=owner, status="in-shipment")
    OrderLine.objects.filter(order=order).update(**line_values)
    return deliver(order, jakarta(2025, 3, 20, 10, 0))


def owners_check(client, order):
    body = {
        "purchase": "this-store",
        "order_number": order.number,
        "hardware_defect": True,
        "box_complete": True,
    }
    with time_machine.travel(jakarta(2025, 3, 22, 9, 0), tick=False):
        return client.post(WARRANTY, body, format="json")


ZERO_UNITS = {"quantity": 0, "line_price_incl_tax": 0, "line_price_excl_tax": 0}
UNPAID = {"line_price_incl_tax": 0, "line_price_excl_tax": 0}


@pytest.mark.parametrize("line_values", [ZERO_UNITS, UNPAID], ids=["zero units", "unpaid"])
def test_no_warranty_for_a_line_without_a_paid_unit(api_client, catalogue, store, line_values):
    owner = factories.user()
    order = delivered_order_of(catalogue[0], owner, **line_values)
    api_client.force_authenticate(owner)
    response = owners_check(api_client, order)
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "order_line_not_eligible"


def test_a_paid_delivered_unit_still_gets_its_exchange(api_client, catalogue, store):
    owner = factories.user()
    order = delivered_order_of(catalogue[0], owner)
    api_client.force_authenticate(owner)
    response = owners_check(api_client, order)
    assert response.status_code == 200, response.json()
    assert response.json()["outcome"]["code"] == "doa-exchange"


def test_no_warranty_claim_opens_for_a_line_of_zero_units(api_client, catalogue, store):
    from contex_oscar.service_center.models import ServiceTicket

    owner = factories.user(email="pemilik@example.com")
    order = delivered_order_of(catalogue[0], owner, **ZERO_UNITS)
    api_client.force_authenticate(owner)
    body = {
        "kind": "warranty-claim",
        "channel": "ship-in",
        "purchase": "this-store",
        "order_number": order.number,
        "serial_number": "SN-1",
        "fault_description": "Mati total",
        "hardware_defect": True,
        "box_complete": True,
        "name": "Pemilik",
        "email": "pemilik@example.com",
        "phone": "+62 812 1111 2222",
    }
    with time_machine.travel(jakarta(2025, 3, 22, 9, 0), tick=False):
        response = api_client.post("/api/service-center/requests/", body, format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "order_line_not_eligible"
    assert not ServiceTicket.objects.exists()
