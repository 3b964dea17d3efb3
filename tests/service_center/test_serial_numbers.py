"""The warranty by serial number: a unit the store recorded at shipment finds its order
line and delivery date; a ticket opened for it is tied to that unit."""

import time_machine

from contex_oscar.order.serials import record_serials
from contex_oscar.service_center import warranty
from contex_oscar.service_center.models import ServiceTicket
from tests.service_center.conftest import guest, jakarta
from tests.service_center.test_api_tickets import URL as TICKETS
from tests.service_center.test_api_warranty import URL as CHECK


def check(api_client, **data):
    body = {"purchase": "this-store", "hardware_defect": True, "box_complete": True, **data}
    with time_machine.travel(jakarta(2025, 3, 25, 9, 0), tick=False):
        return api_client.post(CHECK, body, format="json")


def sold(order, serial="IQX-24-0001"):
    line = order.lines.get()
    record_serials(order, {line.pk: [serial]})
    return line


def test_a_known_serial_finds_its_order_line_and_date(api_client, delivered_order):
    line = sold(delivered_order)
    response = check(api_client, serial_number=" iqx-24-0001", email="tamu@example.com")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["order_line"], body["serial_number"]) == (line.pk, "IQX-24-0001")
    assert body["received_on"] == "2025-03-20"
    assert body["outcome"]["code"] == warranty.DOA_EXCHANGE


def test_an_unknown_serial_answers_a_clear_error(api_client, delivered_order):
    sold(delivered_order)
    unknown = check(api_client, serial_number="NOPE-1", email="tamu@example.com")
    wrong_email = check(api_client, serial_number="IQX-24-0001", email="x@example.com")
    assert unknown.status_code == wrong_email.status_code == 400
    assert unknown.json()["code"] == "serial_number_not_found"
    assert unknown.json() == wrong_email.json()  # no yes/no oracle on serials either
    assert "serial_number" in unknown.json()["errors"]


def test_a_serial_of_another_order_is_refused(api_client, delivered_order, catalogue):
    from tests import factories
    from tests.service_center.conftest import deliver

    other = deliver(
        factories.place_order(catalogue[1], status="in-shipment"), jakarta(2025, 3, 20, 11, 0)
    )
    sold(other, "OTHER-1")
    response = check(
        api_client,
        serial_number="OTHER-1",
        order_number=delivered_order.number,
        email="tamu@example.com",
    )
    assert response.json()["code"] == "serial_number_not_found"


def test_an_unrecorded_serial_with_the_order_number_is_only_noted(api_client, delivered_order):
    response = check(
        api_client,
        serial_number="OLD-UNIT",
        order_number=delivered_order.number,
        email="tamu@example.com",
    )
    assert response.status_code == 200
    assert response.json()["serial_number"] == ""


def test_a_claim_by_serial_is_tied_to_the_unit(api_client, delivered_order):
    line = sold(delivered_order)
    payload = {
        "kind": "warranty-claim",
        "channel": "walk-in",
        "purchase": "this-store",
        "serial_number": "iqx-24-0001",
        "fault_description": "Tidak menyala",
        "hardware_defect": True,
        "box_complete": True,
        **guest(),
    }
    with time_machine.travel(jakarta(2025, 4, 1, 9, 0), tick=False):
        response = api_client.post(TICKETS, payload, format="json")
    assert response.status_code == 201, response.json()
    ticket = ServiceTicket.objects.get(number=response.json()["number"])
    assert ticket.sold_unit.order_line == line
    assert (ticket.order_line, ticket.serial_number) == (line, "IQX-24-0001")
