"""The owner's way in that no stranger can block: the signed tracking link of every order e-mail.

Guessing e-mails for one order number locks the number + e-mail form for a while
(``CONTEX_TRACKING_RATE_PER_ORDER``); the link in the order's e-mails still answers.
"""

import datetime
import re
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from contex_oscar.conf import contex_settings
from contex_oscar.order import access
from contex_oscar.order.notifications import send_status_email
from contex_oscar.order.statuses import STATUSES
from contex_oscar.payment import notifications as payment_emails
from tests.lifecycle.conftest import bank_order
from tests.payment.conftest import submit

URL = "/api/orders/track/"
NOW = "2026-03-02 03:00:00+00:00"
LINK = re.compile(r"https?://[^/\s]+/lacak-pesanan/\?token=\S+")


def track(client, body, **extra):
    return client.post(URL, body, format="json", **extra)


def links_in(body):
    return LINK.findall(body)


def token_of(link):
    return parse_qs(urlsplit(link).query)["token"][0]


def follow(client, link, **extra):
    """What the front end's tracking page does with the link: POST its token."""
    return track(client, {"token": token_of(link)}, **extra)


@time_machine.travel(NOW, tick=False)
def test_guessing_locks_the_form_but_not_the_owners_link(api_client, product, bank_account):
    order = bank_order(product)
    quota = int(contex_settings.CONTEX_TRACKING_RATE_PER_ORDER.split("/")[0])
    for attempt in range(quota):
        guess = {"number": order.number, "email": f"tebakan{attempt}@example.com"}
        assert track(api_client, guess, REMOTE_ADDR=f"192.0.2.{attempt}").status_code == 404
    # the number is locked for the form, even with the right e-mail and from a new client
    right = {"number": order.number, "email": "tamu@example.com"}
    locked = track(api_client, right, REMOTE_ADDR="198.51.100.7")
    assert (locked.status_code, locked.json()["code"]) == (429, "throttled")
    # the owner's link still works, from any client, as often as they like
    token = access.order_token(order)
    for address in ("198.51.100.7", "203.0.113.9", "203.0.113.9"):
        response = track(api_client, {"token": token}, REMOTE_ADDR=address)
        assert response.status_code == 200, response.content
        assert response.json()["number"] == str(order.number)
        assert response.json()["status"]["code"] == "awaiting-payment"
    # the payment pages too: guessing locks their form, the owner still pays from the link
    url = f"/api/orders/{order.number}/payment-confirmations/"
    quota = int(contex_settings.CONTEX_PAYMENT_CONFIRMATION_RATE.split("/")[0])
    for attempt in range(quota):
        guess = {"email": f"tebakan{attempt}@example.com"}
        assert api_client.get(url, guess, REMOTE_ADDR=f"192.0.2.{attempt}").status_code == 404
    right = api_client.get(url, {"email": "tamu@example.com"}, REMOTE_ADDR="198.51.100.8")
    assert right.status_code == 429
    assert api_client.get(url, {"token": token}, REMOTE_ADDR="198.51.100.8").status_code == 200


@time_machine.travel(NOW, tick=False)
def test_a_bad_link_gets_the_answer_of_a_wrong_email(api_client, product, bank_account):
    order = bank_order(product)
    token = access.order_token(order)
    wrong_email = track(api_client, {"number": order.number, "email": "salah@example.com"})
    tampered = track(api_client, {"token": token[:-3] + "abc"})
    with time_machine.travel(
        timezone.now()
        + datetime.timedelta(seconds=contex_settings.CONTEX_ORDER_TRACKING_LINK_MAX_AGE + 1)
    ):
        expired = track(api_client, {"token": token})
    order.guest_email = "alamat-baru@example.com"
    order.save()
    moved = track(api_client, {"token": token})
    for response in (wrong_email, tampered, expired, moved):
        assert response.status_code == 404
        assert response.content == wrong_email.content
    assert wrong_email.json()["code"] == "order_not_found"


@time_machine.travel(NOW, tick=False)
def test_bad_links_are_throttled_per_client(api_client, product, bank_account, settings):
    settings.CONTEX_TRACKING_RATE_PER_CLIENT = "3/hour"
    order = bank_order(product)
    codes = [track(api_client, {"token": f"palsu-{i}"}).status_code for i in range(4)]
    assert codes == [404, 404, 404, 429]
    # a genuine link is not held up by the client's failures
    assert track(api_client, {"token": access.order_token(order)}).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"token": ""},
        {"number": "100001"},  # a guest names the e-mail
        {"token": "x", "number": "100001", "email": "tamu@example.com"},  # one or the other
        {"token": "x" * 401},
    ],
)
def test_bad_requests_are_400(api_client, db, body):
    response = track(api_client, body)
    assert (response.status_code, response.json()["code"]) == (400, "validation_error")


# --- the link in every order e-mail -------------------------------------------------------


def mails_to(order):
    return [message for message in mail.outbox if message.to == [order.email]]


def assert_links_work(client, messages, order):
    assert messages
    for message in messages:
        links = links_in(message.body)
        assert links, (message.subject, message.body)
        for link in links:
            response = follow(client, link)
            assert response.status_code == 200, (message.subject, link)
            assert response.json()["number"] == str(order.number)


@time_machine.travel(NOW, tick=False)
def test_every_status_email_carries_a_working_link(
    api_client, product, bank_account, commit, settings
):
    settings.CONTEX_TRACKING_RATE_PER_ORDER = "1/hour"  # the link never counts
    order = bank_order(product)
    mail.outbox.clear()
    shopper_facing = [status for status in STATUSES.values() if status.shopper_facing]
    with commit():
        for index, status in enumerate(shopper_facing):
            record = SimpleNamespace(
                pk=f"test-{index}",
                new_status=status.code,
                old_status="awaiting-payment",
                shopper_note="",
                created_at=timezone.now(),
            )
            assert send_status_email(order, record)
    sent = mails_to(order)
    assert len(sent) == len(shopper_facing)
    assert_links_work(api_client, sent, order)


@time_machine.travel(NOW, tick=False)
def test_every_payment_email_carries_a_working_link(api_client, product, bank_account, commit):
    with commit():
        order = bank_order(product)  # the order-placed e-mail
        payment = order.contex_payment
        confirmation = submit(order, bank_account)  # mails "confirmation received"
        payment_emails.payment_rejected(order, confirmation, can_resubmit=True)
        payment_emails.payment_verified(order, confirmation)
        payment_emails.payment_reminder(order, payment)
        payment_emails.orders_expired([order])
    sent = mails_to(order)
    assert len(sent) == 6
    assert_links_work(api_client, sent, order)


def test_a_registered_shoppers_link_works_signed_out(api_client, product, bank_account, commit):
    from tests import factories

    shopper = factories.user(email="budi@example.com")
    with commit():
        order = bank_order(product, owner=shopper, email="")  # the order-placed e-mail
    assert_links_work(api_client, mails_to(order), order)


def test_no_link_goes_to_another_address(product, bank_account):
    order = bank_order(product)
    assert access.email_links({"order": order}, "someone-else@example.com") == {}
    assert access.email_links({"order": order}, " TAMU@example.com")["tracking_url"]
    assert access.email_links({"ticket": order}, "tamu@example.com") == {}


def test_the_tracking_url_setting_shapes_the_link(product, bank_account, settings):
    settings.CONTEX_ORDER_TRACKING_URL = "https://toko.example/{number}/lacak?t={token}"
    order = bank_order(product)
    link = access.tracking_url(order)
    assert link.startswith(f"https://toko.example/{order.number}/lacak?t=")
    token = parse_qs(urlsplit(link).query)["t"][0]
    assert access.find_order(None, token=token) == order
