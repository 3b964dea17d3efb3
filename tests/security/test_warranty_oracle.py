"""Issue 21, defect 3: the warranty check is no yes/no oracle for order number + e-mail.

A stranger sends pairs; every pair that does not reach a covered unit (wrong e-mail,
unknown number, not delivered yet, several lines and none named, a line of no paid
unit) gets one identical answer. Only the signed-in owner (or the order's signed
link) learns the specific reason.
"""

import pytest
import time_machine
from oscar.core.loading import get_model

from contex_oscar.order.access import order_token
from tests import factories
from tests.service_center.conftest import deliver, jakarta, place_two_product_order

OrderLine = get_model("order", "Line")
WARRANTY = "/api/service-center/warranty-check/"
REQUESTS = "/api/service-center/requests/"


def check(client, **data):
    body = {"purchase": "this-store", "hardware_defect": True, "box_complete": True, **data}
    with time_machine.travel(jakarta(2025, 3, 22, 9, 0), tick=False):
        return client.post(WARRANTY, body, format="json")


def answer(response):
    return response.status_code, response.json()


@pytest.fixture
def wrong_pair(api_client, catalogue, store):
    """What a pair that matches no order answers."""
    return answer(check(api_client, order_number="999999", email="tamu@example.com"))


def undelivered(catalogue):
    return factories.place_order(catalogue[0], status="in-shipment")


def several_lines(catalogue):
    return deliver(place_two_product_order(catalogue[0], catalogue[1]), jakarta(2025, 3, 20, 10))


def zero_units(catalogue):
    order = factories.place_order(catalogue[0], status="in-shipment")
    OrderLine.objects.filter(order=order).update(quantity=0, line_price_incl_tax=0)
    return deliver(order, jakarta(2025, 3, 20, 10))


@pytest.mark.parametrize("make", [undelivered, several_lines, zero_units])
def test_a_matching_pair_without_a_covered_unit_answers_as_a_wrong_pair(
    api_client, catalogue, wrong_pair, make
):
    order = make(catalogue)
    matching = check(api_client, order_number=order.number, email="tamu@example.com")
    assert answer(matching) == wrong_pair
    assert wrong_pair[0] == 400 and wrong_pair[1]["code"] == "order_not_found"


def test_a_line_that_is_not_the_orders_answers_as_a_wrong_pair(api_client, catalogue, wrong_pair):
    order = several_lines(catalogue)
    foreign = check(api_client, order_number=order.number, email="tamu@example.com", order_line=9)
    assert answer(foreign) == wrong_pair


def test_the_signed_in_owner_learns_the_reason(api_client, catalogue, store):
    owner = factories.user()
    order = factories.place_order(catalogue[0], owner=owner, status="in-shipment")
    api_client.force_authenticate(owner)
    response = check(api_client, order_number=order.number)
    assert answer(response)[1]["code"] == "order_not_delivered"


def test_the_orders_signed_link_learns_the_reason(api_client, catalogue, store):
    order = several_lines(catalogue)
    response = check(api_client, order_token=order_token(order))
    assert answer(response)[1]["code"] == "order_line_required"


def test_a_claim_by_a_stranger_on_an_undelivered_order_answers_as_a_wrong_pair(
    api_client, catalogue, store
):
    order = undelivered(catalogue)

    def claim(number):
        body = {
            "kind": "warranty-claim",
            "channel": "ship-in",
            "purchase": "this-store",
            "order_number": number,
            "serial_number": "SN-1",
            "fault_description": "Mati",
            "hardware_defect": True,
            "box_complete": True,
            "name": "Tamu",
            "email": "tamu@example.com",
            "phone": "+62 812 1111 2222",
        }
        return answer(api_client.post(REQUESTS, body, format="json"))

    assert claim(order.number) == claim("999999")
