"""The staff API (issue 15 defect 4): the dashboard's work over HTTP, through the same
services, with the store's errors (409 ``illegal_status_transition`` reachable) and lists
paged in the API's one style with fixed queries at 1 and 50 rows."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model
from rest_framework.test import APIClient

from contex_oscar import staff_permissions as sp
from contex_oscar.order import statuses
from contex_oscar.payment import services
from contex_oscar.payment.models import PaymentConfirmation
from contex_oscar.service_center import statuses as ticket_statuses
from contex_oscar.service_center import tickets
from tests import factories
from tests.payment.conftest import bank_order, submit
from tests.service_center.conftest import jakarta, open_ticket, store  # noqa: F401 (fixture)
from tests.shipping.test_quotes import held_order

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")

STAFF = "/api/staff/"


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    return factories.use_private_storage(settings, tmp_path / "private")


@pytest.fixture
def product(catalogue):
    StockRecord.objects.filter(product=catalogue[0]).update(num_in_stock=500)
    return catalogue[0]


def client_for(*groups):
    client = APIClient()
    client.force_login(factories.staff_member(*groups))
    return client


@pytest.fixture
def verifier():
    return client_for(sp.PAYMENT_VERIFIER)


@pytest.fixture
def shipper():
    return client_for(sp.SHIPPING)


@pytest.fixture
def desk_client():
    return client_for(sp.SERVICE_DESK)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json(), len(captured)


def assert_fixed_queries(client, url, add_rows):
    """One row, then 50: the same number of queries (the page is read in one go)."""
    add_rows(1)
    client.get(url)  # warm-up (session, content types)
    one, for_one = queries(client, url)
    assert one["count"] == 1 and len(one["results"]) == 1
    add_rows(49)
    fifty, for_fifty = queries(client, url + ("&" if "?" in url else "?") + "page_size=50")
    assert fifty["count"] == 50 and len(fifty["results"]) == 50
    assert for_fifty == for_one
    assert set(fifty) == {"count", "next", "previous", "results"}


# --- the confirmation queue -------------------------------------------------------
PLACED = jakarta(2026, 11, 26, 14, 30)  # a Thursday


def test_the_queue_says_when_each_review_is_due_and_which_are_overdue(
    verifier, product, bank_accounts
):
    with time_machine.travel(PLACED, tick=False):
        confirmation = submit(bank_order(product), bank_accounts[0])
    due = jakarta(2026, 11, 30, 14, 30)  # two working days: Friday, Monday
    with time_machine.travel(due - dt.timedelta(minutes=1), tick=False):
        row = verifier.get(STAFF + "payment-confirmations/").json()["results"][0]
    assert row["id"] == confirmation.pk and row["is_overdue"] is False
    assert dt.datetime.fromisoformat(row["review_due"]) == due
    assert row["amount_mismatch"] is False and row["has_proof"] is True
    with time_machine.travel(due + dt.timedelta(minutes=1), tick=False):
        row = verifier.get(STAFF + "payment-confirmations/").json()["results"][0]
    assert row["is_overdue"] is True


def test_the_queue_is_paged_with_fixed_queries(verifier, product, bank_accounts):
    def add(n):
        for _ in range(n):
            submit(bank_order(product), bank_accounts[0])

    assert_fixed_queries(verifier, STAFF + "payment-confirmations/", add)


def test_a_bad_status_filter_is_a_400(verifier):
    response = verifier.get(STAFF + "payment-confirmations/?status=semua")
    assert response.status_code == 400 and response.json()["code"] == "validation_error"


def test_approving_moves_the_order_to_payment_received_once(verifier, product, bank_accounts):
    confirmation = submit(bank_order(product), bank_accounts[0])
    url = f"{STAFF}payment-confirmations/{confirmation.pk}/approve/"
    response = verifier.post(url, {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == PaymentConfirmation.APPROVED
    confirmation.order.refresh_from_db()
    assert confirmation.order.status == statuses.PAYMENT_RECEIVED
    again = verifier.post(url, {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "confirmation_already_reviewed"


def test_a_mismatched_amount_needs_the_acknowledgement(verifier, product, bank_accounts):
    order = bank_order(product)
    confirmation = submit(order, bank_accounts[0], amount=services.amount_due(order) - 1)
    url = f"{STAFF}payment-confirmations/{confirmation.pk}/approve/"
    refused = verifier.post(url, {}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "amount_mismatch"
    assert verifier.post(url, {"accept_mismatch": True}, format="json").status_code == 200


def test_rejecting_needs_a_reason_and_tells_the_shopper(verifier, product, bank_accounts):
    confirmation = submit(bank_order(product), bank_accounts[0])
    url = f"{STAFF}payment-confirmations/{confirmation.pk}/reject/"
    missing = verifier.post(url, {"reason": ""}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    response = verifier.post(url, {"reason": "Nominal tidak ada di mutasi"}, format="json")
    assert response.status_code == 200
    assert response.json()["rejection_reason"] == "Nominal tidak ada di mutasi"
    confirmation.order.refresh_from_db()
    assert confirmation.order.status == statuses.PAYMENT_DECLINED


def test_an_unknown_confirmation_is_a_json_404(verifier):
    response = verifier.post(f"{STAFF}payment-confirmations/999999/approve/", {}, format="json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


# --- unpaid transfers, recording payments ------------------------------------------
def test_unpaid_transfers_are_found_by_the_amount_on_the_statement(
    verifier, product, bank_accounts
):
    first, second = bank_order(product), bank_order(product)
    amount = services.amount_due(second)
    body = verifier.get(f"{STAFF}unpaid-transfers/?amount={int(amount)}").json()
    assert [row["order_number"] for row in body["results"]] == [second.number]
    assert D(body["results"][0]["amount_due"]) == amount
    everything = verifier.get(f"{STAFF}unpaid-transfers/").json()
    assert {row["order_number"] for row in everything["results"]} == {first.number, second.number}
    assert verifier.get(f"{STAFF}unpaid-transfers/?amount=banyak").status_code == 400


def test_unpaid_transfers_are_paged_with_fixed_queries(verifier, product, bank_accounts):
    assert_fixed_queries(
        verifier,
        STAFF + "unpaid-transfers/",
        lambda n: [bank_order(product) for _ in range(n)],
    )


def test_recording_a_cod_payment_goes_through_the_amount_check(verifier, product):
    order = factories.place_order(product, status=statuses.PROCESSING, payment_method="cod")
    url = f"{STAFF}orders/{order.number}/payments/"
    due = services.amount_due(order)
    refused = verifier.post(url, {"amount": int(due) + 1000}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "amount_mismatch"
    assert verifier.post(url, {"amount": "nol"}, format="json").status_code == 400
    response = verifier.post(url, {"amount": int(due), "reference": "KURIR-1"}, format="json")
    assert response.status_code == 200, response.content
    assert services.is_paid(order)


# --- shipping an order: the status route over HTTP -----------------------------------
def test_shipping_an_order_needs_courier_and_tracking_number(shipper, product):
    order = factories.place_order(product, status=statuses.PROCESSING)
    url = f"{STAFF}orders/{order.number}/status/"
    refused = shipper.post(url, {"status": statuses.IN_SHIPMENT}, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "shipment_details_required"
    shipped = shipper.post(
        url,
        {"status": statuses.IN_SHIPMENT, "courier": "JNE", "tracking_number": "JNE123"},
        format="json",
    )
    assert shipped.status_code == 200, shipped.content
    assert shipped.json()["status"] == statuses.IN_SHIPMENT
    order.refresh_from_db()
    assert order.status == statuses.IN_SHIPMENT


def test_an_illegal_move_answers_409_over_http(shipper, product):
    order = factories.place_order(product)  # awaiting payment: it cannot be delivered
    response = shipper.post(
        f"{STAFF}orders/{order.number}/status/", {"status": statuses.DELIVERED}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_status_transition"
    order.refresh_from_db()
    assert order.status == statuses.AWAITING_PAYMENT


def test_an_unknown_status_is_a_400(shipper, product):
    order = factories.place_order(product)
    response = shipper.post(
        f"{STAFF}orders/{order.number}/status/", {"status": "terbang"}, format="json"
    )
    assert response.status_code == 400 and "status" in response.json()["errors"]


# --- shipping quotes ---------------------------------------------------------------
def test_setting_a_shipping_quote_releases_the_order(shipper, product):
    order = held_order(product)
    listed = shipper.get(STAFF + "shipping-quotes/").json()
    assert [row["number"] for row in listed["results"]] == [order.number]
    url = f"{STAFF}orders/{order.number}/shipping-quote/"
    assert shipper.post(url, {"amount": "-5"}, format="json").status_code == 400
    response = shipper.post(url, {"amount": "150000"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] != statuses.ON_HOLD
    again = shipper.post(url, {"amount": "150000"}, format="json")
    assert again.status_code >= 400 and "code" in again.json()
    assert shipper.get(STAFF + "shipping-quotes/").json()["count"] == 0


def test_shipping_quotes_are_paged_with_fixed_queries(shipper, product):
    assert_fixed_queries(
        shipper, STAFF + "shipping-quotes/", lambda n: [held_order(product) for _ in range(n)]
    )


# --- the service desk --------------------------------------------------------------
@pytest.mark.usefixtures("store")
def test_the_desk_lists_tickets_with_filters(desk_client):
    repair = open_ticket()
    consultation = open_ticket(kind="consultation", channel="remote", consultation_via="email")
    tickets.change_ticket_status(consultation, ticket_statuses.CLOSED)
    open_ones = desk_client.get(STAFF + "tickets/?status=open").json()["results"]
    assert [row["number"] for row in open_ones] == [repair.number]
    found = desk_client.get(f"{STAFF}tickets/?q={consultation.number}").json()["results"]
    assert [row["number"] for row in found] == [consultation.number]
    assert desk_client.get(STAFF + "tickets/?kind=nothing").status_code == 400


@pytest.mark.usefixtures("store")
def test_the_desk_list_is_paged_with_fixed_queries(desk_client):
    technician = factories.user(email="teknisi@contex.example", is_staff=True)

    def add(n):
        for _ in range(n):
            tickets.assign_technician(open_ticket(), technician)

    assert_fixed_queries(desk_client, STAFF + "tickets/", add)


@pytest.mark.usefixtures("store")
def test_assigning_a_technician_and_moving_the_ticket(desk_client):
    ticket = open_ticket()
    technician = factories.user(email="teknisi@contex.example", is_staff=True)
    url = f"{STAFF}tickets/{ticket.number}/"
    shopper = factories.user()
    refused = desk_client.post(url + "assign/", {"technician": shopper.pk}, format="json")
    assert refused.status_code == 400  # technicians are staff
    assigned = desk_client.post(url + "assign/", {"technician": technician.pk}, format="json")
    assert assigned.status_code == 200 and assigned.json()["technician"] == technician.email
    moved = desk_client.post(
        url + "status/", {"status": ticket_statuses.RECEIVED, "note": "Unit diterima"},
        format="json",
    )  # fmt: skip
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"]["code"] == ticket_statuses.RECEIVED
    illegal = desk_client.post(url + "status/", {"status": ticket_statuses.CLOSED}, format="json")
    assert illegal.status_code == 409 and "code" in illegal.json()


@pytest.mark.usefixtures("store")
def test_the_desk_writes_and_sends_a_repair_quote(desk_client):
    ticket = open_ticket()
    tickets.change_ticket_status(ticket, ticket_statuses.RECEIVED)
    tickets.change_ticket_status(ticket, ticket_statuses.DIAGNOSING)
    url = f"{STAFF}tickets/{ticket.number}/"
    bad = desk_client.post(url + "quote-lines/", {"kind": "part"}, format="json")
    assert bad.status_code == 400
    line = {"kind": "part", "description": "Modul CIS", "quantity": 1, "unit_price": "4500000"}
    assert desk_client.post(url + "quote-lines/", line, format="json").status_code == 200
    sent = desk_client.post(url + "quote/send/", format="json")
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"]["code"] == ticket_statuses.AWAITING_APPROVAL
    locked = desk_client.post(url + "quote-lines/", line, format="json")
    assert locked.status_code == 409 and locked.json()["code"] == "quote_locked"
