"""Quote on request, end to end: checkout on hold, staff set the cost, the shopper is told."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from oscar.core.loading import get_model

from contex_oscar.order import statuses
from contex_oscar.order.models import OrderStatusRecord
from contex_oscar.shipping import services
from contex_oscar.shipping.methods import QUOTE_ON_REQUEST
from contex_oscar.workdays import store_timezone
from tests import factories
from tests.shipping.test_api import NOWHERE, add_to_basket, checkout

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

QUOTES_URL = "/dashboard/store/shipping/quotes/"


def quote_url(order):
    return f"{QUOTES_URL}{order.number}/"


def held_order(product, payment_code=None):
    """An order placed with quote-on-request (as the checkout does), paid by ``payment_code``
    (default: the store's default method)."""
    order = factories.place_order(product, status=statuses.ON_HOLD, payment_method=payment_code)
    order.shipping_code = QUOTE_ON_REQUEST
    order.shipping_method = "Shipping cost quoted by phone"
    order.save()
    return order


@pytest.fixture
def quoted_checkout(api_client, zones, scanner):
    basket_url = add_to_basket(api_client, scanner)
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=store_timezone())):
        response = checkout(api_client, basket_url, NOWHERE, shipping_method_code=QUOTE_ON_REQUEST)
    assert response.status_code == 200, response.content
    return Order.objects.get(number=response.json()["number"])


def test_quote_flow_end_to_end(
    client, quoted_checkout, staff_user, django_capture_on_commit_callbacks
):
    order = quoted_checkout
    assert order.status == statuses.ON_HOLD
    basket_total = order.basket_total_incl_tax
    assert order.total_incl_tax == basket_total  # nothing charged for shipping yet

    client.force_login(staff_user)
    listing = client.get(QUOTES_URL)
    assert listing.status_code == 200
    assert order.number in listing.content.decode()

    mail.outbox.clear()
    quoted_at = dt.datetime(2026, 11, 25, 14, 0, tzinfo=store_timezone())
    with (
        time_machine.travel(quoted_at, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(quote_url(order), {"amount": "1750000"})
    assert response.status_code == 302

    order.refresh_from_db()
    assert order.shipping_incl_tax == order.shipping_excl_tax == D("1750000")
    assert order.total_incl_tax == basket_total + D("1750000")
    assert order.total_excl_tax == order.basket_total_excl_tax + D("1750000")
    assert order.status == statuses.AWAITING_PAYMENT  # bank transfer (the default method)

    record = OrderStatusRecord.objects.filter(order=order).latest("created_at")
    assert (record.old_status, record.new_status) == (statuses.ON_HOLD, statuses.AWAITING_PAYMENT)
    assert record.changed_by == staff_user
    note = OrderNote.objects.get(order=order)
    assert "1.750.000" in note.message or "1,750,000" in note.message
    assert note.user == staff_user

    with translation.override("id"):
        subject = gettext("Shipping cost for order %(number)s is set") % {"number": order.number}
    quoted = [m for m in mail.outbox if m.subject == subject]
    assert len(quoted) == 1
    assert quoted[0].to == ["tamu@example.com"]
    assert "1.750.000" in quoted[0].body or "1,750,000" in quoted[0].body

    # the payment app restarts the bank-transfer deadline from the quote, not the order
    payment = getattr(order, "contex_payment", None)
    if payment is not None and payment.deadline is not None:
        assert payment.deadline >= quoted_at

    # leaves the list and cannot be quoted twice
    assert list(client.get(QUOTES_URL).context["orders"]) == []
    with pytest.raises(services.ShippingQuoteError) as excinfo:
        services.set_quoted_shipping_cost(order, D("1"), staff_user)
    assert excinfo.value.code == "not_on_hold"


@pytest.mark.parametrize(
    ("payment_code", "expected"),
    [
        ("cod", statuses.PROCESSING),
        ("o2o", statuses.PROCESSING),
        ("bank-transfer", statuses.AWAITING_PAYMENT),
        (None, statuses.AWAITING_PAYMENT),
    ],
)
def test_next_status_follows_the_payment_method(
    catalogue, staff_user, payment_code, expected, django_capture_on_commit_callbacks
):
    order = held_order(catalogue[0], payment_code)
    with django_capture_on_commit_callbacks(execute=True):
        updated = services.set_quoted_shipping_cost(order, D("250000"), staff_user)
    assert updated.status == expected
    assert order.status == expected and order.shipping_incl_tax == D("250000")


def test_the_quote_email_is_sent_once(catalogue, staff_user, django_capture_on_commit_callbacks):
    order = held_order(catalogue[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_quoted_shipping_cost(order, D("0"), staff_user)
    subjects = [m.subject for m in mail.outbox if str(order.number) in m.subject]
    assert sum("hipping" in s or "ongkos" in s.lower() for s in subjects) == 1


@pytest.mark.parametrize("amount", ["-1", "1000.50", "abc", "NaN", "Infinity", None])
def test_bad_amounts_are_refused(catalogue, staff_user, amount):
    order = held_order(catalogue[0])
    with pytest.raises(services.ShippingQuoteError) as excinfo:
        services.set_quoted_shipping_cost(order, amount, staff_user)
    assert excinfo.value.code == "invalid_amount"
    order.refresh_from_db()
    assert order.status == statuses.ON_HOLD


def test_only_quote_orders_take_a_quote(catalogue, staff_user):
    order = factories.place_order(catalogue[0], status=statuses.ON_HOLD)  # free shipping
    with pytest.raises(services.ShippingQuoteError) as excinfo:
        services.set_quoted_shipping_cost(order, D("100000"), staff_user)
    assert excinfo.value.code == "not_quote_on_request"


def test_dashboard_reports_bad_input_without_changing_the_order(client, catalogue, staff_user):
    order = held_order(catalogue[0])
    client.force_login(staff_user)
    response = client.post(quote_url(order), {"amount": "-5"}, follow=True)
    assert response.status_code == 200
    assert str(order.number) in response.content.decode()
    order.refresh_from_db()
    assert order.status == statuses.ON_HOLD and order.shipping_incl_tax == D("0")


def test_quote_pages_are_for_staff_only(client, catalogue, shopper):
    order = held_order(catalogue[0])
    assert client.get(QUOTES_URL).status_code == 302
    client.force_login(shopper)
    assert client.get(QUOTES_URL).status_code == 302
    assert client.post(quote_url(order), {"amount": "100"}).status_code == 302
    order.refresh_from_db()
    assert order.status == statuses.ON_HOLD


def test_quote_list_queries_do_not_grow(
    client, catalogue, staff_user, django_assert_max_num_queries
):
    client.force_login(staff_user)
    held_order(catalogue[0])
    with django_assert_max_num_queries(40) as one:
        client.get(QUOTES_URL)
    for product in catalogue[1:6]:
        held_order(product)
    with django_assert_max_num_queries(len(one)) as many:
        response = client.get(QUOTES_URL)
    assert len(response.context["orders"]) == 6
    assert len(many) == len(one)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_staff_quoting_at_once_charge_once(catalogue, staff_user):
    import threading

    from django.db import connection

    order = held_order(catalogue[0])
    other_staff = factories.user(email="staf-dua@contex.example", is_staff=True)
    barrier = threading.Barrier(2)
    outcomes = []

    def quote(amount, user):
        try:
            barrier.wait(timeout=10)
            services.set_quoted_shipping_cost(Order.objects.get(pk=order.pk), amount, user)
            outcomes.append(("ok", amount))
        except services.ShippingQuoteError as error:
            outcomes.append((error.code, amount))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=quote, args=(D("300000"), staff_user)),
        threading.Thread(target=quote, args=(D("450000"), other_staff)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(code for code, _ in outcomes) == ["not_on_hold", "ok"]
    (winner,) = [amount for code, amount in outcomes if code == "ok"]
    order.refresh_from_db()
    assert order.shipping_incl_tax == winner
    assert order.total_incl_tax == order.basket_total_incl_tax + winner
    assert OrderNote.objects.filter(order=order).count() == 1
    assert OrderStatusRecord.objects.filter(order=order).count() == 1
