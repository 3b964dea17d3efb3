"""Each store event reaches the endpoints once per change, from the one place it happens:
the order creator, the status route, the payment review, the ticket route."""

import datetime as dt
import json

import pytest
import time_machine

from contex_oscar import webhooks
from contex_oscar.models import OutboxMessage
from contex_oscar.order import services as orders
from contex_oscar.order import statuses
from contex_oscar.payment import review
from contex_oscar.payment import services as payments
from contex_oscar.service_center import statuses as ticket_statuses
from contex_oscar.service_center import tickets
from contex_oscar.workdays import store_timezone
from tests import factories
from tests.payment.conftest import bank_order, submit
from tests.service_center.conftest import open_ticket

PLACED = dt.datetime(2026, 11, 26, 14, 30, tzinfo=store_timezone())


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(PLACED, tick=False) as traveller:
        yield traveller


def events(**filters):
    """``[(type, data)]`` of the webhook deliveries written, oldest first."""
    rows = OutboxMessage.objects.filter(channel=OutboxMessage.WEBHOOK, **filters).order_by("pk")
    return [(row.kind, json.loads(row.body)["data"]) for row in rows]


def kinds():
    return [kind for kind, _data in events()]


def test_placing_an_order_is_one_order_placed_event(endpoint, catalogue):
    order = factories.place_order(catalogue[0])
    ((kind, data),) = events()
    assert kind == webhooks.ORDER_PLACED
    assert data["order"]["number"] == order.number
    assert data["order"]["status"] == statuses.AWAITING_PAYMENT
    assert data["order"]["total_incl_tax"] == str(int(order.total_incl_tax))


def test_a_status_change_is_one_status_changed_event(endpoint, order, staff_user):
    OutboxMessage.objects.all().delete()
    orders.cancel_order(order, user=staff_user)
    ((kind, data),) = events()
    assert kind == webhooks.ORDER_STATUS_CHANGED
    assert (data["old_status"], data["new_status"]) == (
        statuses.AWAITING_PAYMENT,
        statuses.CANCELLED,
    )
    assert data["order"]["status"] == statuses.CANCELLED


def test_a_refused_status_change_is_no_event(endpoint, order):
    OutboxMessage.objects.all().delete()
    with pytest.raises(orders.IllegalStatusTransition):
        orders.change_order_status(order, statuses.DELIVERED)
    assert events() == []


def test_verifying_a_transfer_is_one_payment_event_and_one_status_event(
    endpoint, product, bank_accounts, staff_user
):
    confirmation = submit(bank_order(product), bank_accounts[0])
    OutboxMessage.objects.all().delete()
    review.approve_confirmation(confirmation, staff_user)
    assert kinds() == [webhooks.PAYMENT_VERIFIED, webhooks.ORDER_STATUS_CHANGED]
    (_kind, paid), (_kind2, moved) = events()
    assert paid["amount"] == str(int(confirmation.amount))
    assert paid["method"] == "bank-transfer"
    assert paid["reference"] == f"confirmation-{confirmation.pk}"
    assert moved["new_status"] == statuses.PAYMENT_RECEIVED


def test_money_staff_record_is_a_payment_event(endpoint, order, staff_user):
    OutboxMessage.objects.all().delete()
    review.record_payment(order, payments.amount_due(order), user=staff_user, reference="BCA-1")
    assert kinds() == [webhooks.PAYMENT_VERIFIED, webhooks.ORDER_STATUS_CHANGED]
    assert events()[0][1]["reference"] == "BCA-1"


def paid_order(order, staff_user):
    review.record_payment(order, payments.amount_due(order), user=staff_user)
    orders.change_order_status(order, statuses.PROCESSING, user=staff_user)
    OutboxMessage.objects.all().delete()
    return order


def test_shipping_is_one_status_event_and_one_shipment_event(endpoint, order, staff_user):
    orders.ship_order(paid_order(order, staff_user), "JNE", "JNE123456", user=staff_user)
    assert kinds() == [webhooks.ORDER_STATUS_CHANGED, webhooks.ORDER_SHIPPED]
    shipped = events()[1][1]
    assert (shipped["courier"], shipped["tracking_number"]) == ("JNE", "JNE123456")
    assert shipped["order"]["status"] == statuses.IN_SHIPMENT


def test_delivery_after_shipping_is_no_second_shipment_event(endpoint, order, staff_user):
    orders.ship_order(paid_order(order, staff_user), "JNE", "JNE123456", user=staff_user)
    orders.mark_delivered(order, user=staff_user)
    assert kinds() == [
        webhooks.ORDER_STATUS_CHANGED,
        webhooks.ORDER_SHIPPED,
        webhooks.ORDER_STATUS_CHANGED,
    ]


def test_opening_a_ticket_is_one_ticket_opened_event(endpoint):
    ticket = open_ticket()
    ((kind, data),) = events()
    assert kind == webhooks.TICKET_OPENED
    assert (data["ticket"]["number"], data["ticket"]["status"]) == (
        ticket.number,
        ticket_statuses.SUBMITTED,
    )


def test_a_ticket_status_change_is_one_ticket_event(endpoint, staff_user):
    ticket = open_ticket()
    OutboxMessage.objects.all().delete()  # the ticket.opened delivery
    tickets.change_ticket_status(ticket, ticket_statuses.RECEIVED, user=staff_user)
    ((kind, data),) = events()
    assert kind == webhooks.TICKET_STATUS_CHANGED
    assert data["ticket"]["number"] == ticket.number
    assert (data["old_status"], data["new_status"]) == (
        ticket_statuses.SUBMITTED,
        ticket_statuses.RECEIVED,
    )


def test_an_endpoint_hears_only_the_events_it_chose(endpoint, order, staff_user):
    webhooks.update_endpoint(endpoint, endpoint.url, [webhooks.ORDER_SHIPPED])
    orders.ship_order(paid_order(order, staff_user), "JNE", "JNE9", user=staff_user)
    assert kinds() == [webhooks.ORDER_SHIPPED]
