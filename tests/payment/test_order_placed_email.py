"""The order-placed e-mail says what was bought (issue 16, defect 9): the shopper by name,
the items, discount, shipping, total, delivery address and the delivery estimate, which is
kept on the order as given at checkout and shown in the order's answer and its tracking."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.core import mail
from oscar.core.loading import get_model

from contex_oscar.order.estimates import delivery_estimate_of
from contex_oscar.payment import notifications
from contex_oscar.shipping.models import ShippingZone
from contex_oscar.workdays import store_timezone
from tests import factories
from tests.factories import add_to_basket
from tests.lifecycle.test_account_orders import _voucher, voucher_order
from tests.payment.conftest import JAKARTA

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
# Tuesday 1 December 2026: Jabodetabek's 1-2 working days end on Thursday 3 December
NOW = dt.datetime(2026, 12, 1, 9, 15, tzinfo=store_timezone())


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def english_part(body):
    return body.split("\nEnglish\n", 1)[1]


def indonesian_part(body):
    return body.split("\nEnglish\n", 1)[0]


def placed_email():
    (message,) = [m for m in mail.outbox if "diterima" in m.subject or "received" in m.subject]
    return message.body


@pytest.fixture
def checked_out(api_client, zones, product, django_capture_on_commit_callbacks):
    StockRecord.objects.filter(product=product).update(price=D("98500000"))
    payload = {
        "basket": add_to_basket(api_client, product),
        "accept_terms": True,
        "guest_email": "tamu@example.com",
        "shipping_address": JAKARTA,
        "shipping_method_code": "jabodetabek-free",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post("/api/checkout/", payload, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_delivery_estimate_is_kept_on_the_order_and_answered(checked_out):
    order = Order.objects.get(number=checked_out["number"])
    estimate = delivery_estimate_of(order)
    assert (estimate.min_days, estimate.max_days) == (1, 2)
    assert (estimate.earliest_date, estimate.latest_date) == (
        dt.date(2026, 12, 2),
        dt.date(2026, 12, 3),
    )
    assert checked_out["delivery_estimate"] == {
        "min_days": 1,
        "max_days": 2,
        "earliest_date": "2026-12-02",
        "latest_date": "2026-12-03",
    }


def test_tracking_shows_the_estimate_given_at_checkout(api_client, checked_out, clock):
    # the zone's days change and days pass: the shopper keeps the estimate they were given
    ShippingZone.objects.update(min_days=3, max_days=5)
    clock.move_to(NOW + dt.timedelta(days=1))
    response = api_client.post(
        "/api/orders/track/",
        {"number": checked_out["number"], "email": "tamu@example.com"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["delivery_estimate"]["latest_date"] == "2026-12-03"


def test_the_order_placed_email_says_what_was_bought_in_both_languages(checked_out, product):
    body = placed_email()
    indonesian, english = indonesian_part(body), english_part(body)
    assert "Halo Budi Santoso," in indonesian and "Hello Budi Santoso," in english
    for part in (indonesian, english):
        assert f"{product.get_title()} x 1: Rp 98.500.000" in part
        assert "Jl. Gajah Mada No. 1" in part and "Jakarta Pusat" in part and "10130" in part
    assert "Ongkos kirim: gratis" in indonesian and "Shipping: free" in english
    assert "Total pesanan: Rp 98.500.000" in indonesian and "Order total: Rp 98.500.000" in english
    assert "1-2 hari kerja, paling lambat 3 Desember 2026" in indonesian
    assert "1-2 working days, by 3 December 2026" in english
    # the English part speaks English, dates too (the payment deadline as well)
    assert "Desember" not in english and "December" not in indonesian
    assert "2 December 2026, 09:15" in english and "2 Desember 2026, 09:15" in indonesian


def test_the_email_shows_the_discount(catalogue, django_capture_on_commit_callbacks):
    scanner = catalogue[0]
    StockRecord.objects.filter(product=scanner).update(price=D("10000000"))
    with django_capture_on_commit_callbacks(execute=True):
        voucher_order(scanner, _voucher())
    body = placed_email()
    assert "Subtotal: Rp 10.000.000" in indonesian_part(body)
    assert "Diskon: -Rp 1.000.000" in indonesian_part(body)
    assert "Discount: -Rp 1.000.000" in english_part(body)
    assert "Order total: Rp 9.000.000" in english_part(body)


def test_without_a_name_on_the_address_the_account_name_greets(catalogue):
    owner = factories.user()
    owner.first_name, owner.last_name = "Siti", "Rahayu"
    owner.save()
    order = factories.place_order(catalogue[0], owner=owner)
    order.shipping_address.first_name = order.shipping_address.last_name = ""
    order.shipping_address.save()
    assert notifications.shopper_name(order) == "Siti Rahayu"


def test_showroom_pickup_has_no_estimate(catalogue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = factories.place_order(catalogue[0], payment_method="o2o")
    assert delivery_estimate_of(Order.objects.get(pk=order.pk)) is None
    body = placed_email()
    assert "Perkiraan tiba" not in body and "Estimated delivery" not in body
