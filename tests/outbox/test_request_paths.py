"""Defect 1 of issue 14: a mail server that hangs up never fails a committed request.

Each test runs with real commits (``transaction=True``): the e-mail's delivery attempt
runs right after the request's commit, as on a live site. The request answers its
normal status, the e-mail waits in the outbox with the error, and ``deliver_outbox``
sends it once the mail server is back.
"""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from contex_oscar.models import OutboxMessage
from contex_oscar.service_center import statuses
from contex_oscar.workdays import store_timezone
from tests.factories import add_to_basket, staff_user
from tests.outbox.conftest import deliver_outbox
from tests.payment.conftest import JAKARTA
from tests.service_center.conftest import guest, open_ticket

pytestmark = pytest.mark.django_db(transaction=True)
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=store_timezone())


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def waiting(kind):
    """The one outbox message of ``kind``: still pending, with the server's error."""
    (message,) = OutboxMessage.objects.filter(kind=kind)
    assert message.status == OutboxMessage.PENDING
    assert message.attempts == 1
    assert "SMTPServerDisconnected" in message.last_error
    assert message.sent_at is None
    return message


def delivered_once(settings, message, clock):
    """The mail server is back: a later run sends the message once and marks it sent."""
    mail.outbox.clear()
    clock.shift(dt.timedelta(hours=1))
    deliver_outbox(settings)
    deliver_outbox(settings)  # a second run finds nothing left to send
    message.refresh_from_db()
    assert message.status == OutboxMessage.SENT and message.sent_at is not None
    copies = [m for m in mail.outbox if m.extra_headers["Message-ID"] == message.message_id]
    assert [(m.subject, m.to) for m in copies] == [(message.subject, message.recipients)]


def test_checkout_answers_200_while_the_mail_server_is_down(
    mail_server_down,
    api_client,
    zones,
    product,
    bank_accounts,
    clock,
):
    payload = {
        "basket": add_to_basket(api_client, product),
        "accept_terms": True,
        "guest_email": "tamu@example.com",
        "shipping_address": JAKARTA,
        "payment_method": "bank-transfer",
    }
    response = api_client.post("/api/checkout/", payload, format="json")
    assert response.status_code == 200, response.content
    message = waiting("PAYMENT_ORDER_PLACED")
    assert response.json()["number"] in message.subject
    delivered_once(mail_server_down, message, clock)


def test_registration_answers_202_while_the_mail_server_is_down(
    mail_server_down, api_client, clock
):
    response = api_client.post(
        "/api/accounts/register/",
        {"email": "budi@example.com", "password": "Scanner-Kuat-2026"},
        format="json",
    )
    assert response.status_code == 202, response.content
    message = waiting("ACCOUNT_VERIFY_EMAIL")
    assert message.recipients == ["budi@example.com"]
    delivered_once(mail_server_down, message, clock)


def test_service_request_answers_201_while_the_mail_server_is_down(
    mail_server_down,
    api_client,
    store,
    clock,
):
    payload = {
        "kind": "paid-repair",
        **guest(),
        "brand": "Contex",
        "model_name": "IQ Quattro X 24",
        "fault_description": "Garis",
    }
    response = api_client.post("/api/service-center/requests/", payload, format="json")
    assert response.status_code == 201, response.content
    message = waiting("SERVICE_TICKET_CREATED")
    assert response.json()["number"] in message.subject
    delivered_once(mail_server_down, message, clock)


def test_desk_status_form_redirects_while_the_mail_server_is_down(
    mail_server_down,
    client,
    store,
    clock,
):
    ticket = open_ticket()
    client.force_login(staff_user())
    response = client.post(
        reverse("contex-dashboard:service-center-ticket-action", args=[ticket.number, "status"]),
        {"status": statuses.RECEIVED, "shopper_note": "Unit diterima"},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == statuses.RECEIVED
    delivered_once(mail_server_down, waiting("SERVICE_TICKET_STATUS"), clock)
