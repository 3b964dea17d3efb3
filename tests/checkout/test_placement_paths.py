"""Every path that places an order gets the same placement (issue 13, defect 5).

The paths: oscarapi's ``POST /api/checkout/``, Oscar's own HTML checkout (mounted by the
README's URLconf) and Oscar's ``OrderCreator`` called from code. Each gets the payment
record, the unique code, the deadline, the place in the unpaid-transfers list and the
order-placed e-mail with how to pay.
"""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.test import Client
from oscar.core.loading import get_class, get_model
from rest_framework.test import APIClient

from contex_oscar.errors import StoreError
from contex_oscar.order import statuses
from contex_oscar.payment import services
from contex_oscar.payment.models import OrderPayment
from contex_oscar.workdays import store_timezone
from tests import factories
from tests.payment.conftest import JAKARTA

Order = get_model("order", "Order")
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Repository = get_class("shipping.repository", "Repository")

NOW = dt.datetime(2026, 11, 26, 9, 15, tzinfo=store_timezone())  # a Thursday
GUEST = "tamu@example.com"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def product(catalogue, zones):
    return catalogue[0]


# --- the three paths ---------------------------------------------------------------


def html_checkout(
    product, method="bank-transfer", address=None, shipping="jabodetabek-free", accept_terms=True
):
    """A guest through Oscar's HTML checkout pages; the placed order (or the last page).

    ``accept_terms``: tick the terms and conditions on the preview."""
    client = Client()
    added = client.post(f"/basket/add/{product.pk}/", {"quantity": 1})
    assert added.status_code == 302, added.content
    gateway = client.post("/checkout/", {"username": GUEST, "options": "anonymous"})
    assert gateway.status_code == 302, gateway.content
    fields = {**(address or factories.JAKARTA_ADDRESS), "country": "ID"}
    addressed = client.post("/checkout/shipping-address/", fields)
    assert addressed.status_code == 302, addressed.content
    shipped = client.post("/checkout/shipping-method/", {"method_code": shipping})
    assert shipped.status_code == 302, shipped.content
    details = client.get("/checkout/payment-details/")
    assert details.status_code == 200, details.content
    preview = client.post("/checkout/preview/", {"payment_method": method})
    assert preview.status_code == 200, preview.content
    placing = {"action": "place_order", "payment_method": method}
    if accept_terms:
        placing["accept_terms"] = "on"
    placed = client.post("/checkout/preview/", placing)
    return client, placed


def api_checkout(product, method="bank-transfer"):
    client = APIClient()
    basket = factories.add_to_basket(client, product)
    response = client.post(
        "/api/checkout/",
        factories.checkout_body(
            basket,
            guest_email=GUEST,
            shipping_address=JAKARTA,
            shipping_method_code="jabodetabek-free",
            payment_method=method,
        ),
        format="json",
    )
    assert response.status_code == 200, response.content
    return Order.objects.get(number=response.json()["number"])


def code_checkout(product, address=None, basket=None, **kwargs):
    """Oscar's ``OrderCreator`` (as the class loader gives it) called from code."""
    basket = basket or factories.basket_with(product)
    address = ShippingAddress.objects.create(
        country=Country.objects.get(iso_3166_1_a2="ID"), **(address or factories.JAKARTA_ADDRESS)
    )
    method = Repository().get_shipping_methods(basket, shipping_addr=address)[0]
    charge = method.calculate(basket)
    order = OrderCreator().place_order(
        basket=basket,
        total=OrderTotalCalculator().calculate(basket, charge),
        shipping_method=method,
        shipping_charge=charge,
        shipping_address=address,
        guest_email=GUEST,
        **{"terms_accepted": True, **kwargs},
    )
    basket.submit()
    return order


def placement(order):
    """What placing recorded, in terms every path must share."""
    order.refresh_from_db()
    payment = OrderPayment.objects.get(order=order)
    source = order.sources.get()
    return {
        "status": order.status,
        "method": payment.method,
        "state": payment.state,
        "has_code": payment.unique_code is not None,
        "amount_due": services.amount_due(order, payment) - order.total_incl_tax,
        "deadline_after": payment.deadline - order.date_placed if payment.deadline else None,
        "source": (source.source_type.code, source.amount_allocated - order.total_incl_tax),
        "e-mails": sum(order.number in message.subject for message in mail.outbox),
        "awaiting_list": OrderPayment.objects.filter(
            pk=payment.pk, method="bank-transfer", state="awaiting", deadline__isnull=False
        ).exists(),
    }


def only_code(order):
    return OrderPayment.objects.get(order=order).unique_code


# --- Oscar's HTML checkout ------------------------------------------------------------


def test_html_checkout_offers_the_stores_payment_methods(product):
    client = Client()
    client.post(f"/basket/add/{product.pk}/", {"quantity": 1})
    client.post("/checkout/", {"username": GUEST, "options": "anonymous"})
    client.post("/checkout/shipping-address/", {**factories.JAKARTA_ADDRESS, "country": "ID"})
    client.post("/checkout/shipping-method/", {"method_code": "jabodetabek-free"})
    page = client.get("/checkout/payment-details/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    offered = {
        choice.data["value"]: choice for choice in page.context["payment_form"]["payment_method"]
    }
    assert set(offered) == {"bank-transfer", "cod"}  # O2O needs showroom pickup
    unavailable = {m.code: a.reason_code for m, a in page.context["unavailable_methods"]}
    assert unavailable == {"o2o": "o2o_requires_showroom_pickup"}
    assert "showroom" in page.content.decode()  # the reason, shown


def test_html_checkout_places_a_bank_transfer_with_code_deadline_and_email(
    product, bank_accounts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _client, placed = html_checkout(product)
    assert placed.status_code == 302 and placed["Location"].endswith("/checkout/thank-you/")
    order = Order.objects.get()
    assert order.status == statuses.AWAITING_PAYMENT
    payment = OrderPayment.objects.get(order=order)
    assert payment.method == "bank-transfer" and 1 <= payment.unique_code <= 999
    assert payment.deadline == NOW + dt.timedelta(hours=24)
    assert order.sources.get().amount_allocated == order.total_incl_tax + payment.unique_code
    placed_mails = [m for m in mail.outbox if order.number in m.subject]
    assert len(placed_mails) == 1  # the store's, with how to pay (not Oscar's as well)
    assert "111" in placed_mails[0].body


def test_html_checkout_order_is_in_the_unpaid_transfers_list_and_expires(
    product, staff_user, clock
):
    html_checkout(product)
    order = Order.objects.get()
    staff = Client()
    staff.force_login(staff_user)
    page = staff.get("/dashboard/store/payment/awaiting/")
    assert page.status_code == 200
    assert order.number in page.content.decode()
    from contex_oscar.payment import expiry

    clock.move_to(NOW + dt.timedelta(hours=24))
    assert expiry.expire_unpaid_orders() == [order.number]


def test_html_checkout_cod_in_jakarta_starts_processing(product):
    _client, placed = html_checkout(product, method="cod")
    assert placed.status_code == 302
    order = Order.objects.get()
    assert order.status == statuses.PROCESSING
    payment = OrderPayment.objects.get(order=order)
    assert payment.method == "cod" and payment.unique_code is None and payment.deadline is None


def test_html_checkout_refuses_an_unavailable_method_with_its_reason(product):
    _client, refused = html_checkout(product, method="o2o")
    assert refused.status_code == 200  # the page again, with the reason
    assert not Order.objects.exists()
    assert refused.context["payment_form"].errors["payment_method"]


# --- Oscar's OrderCreator from code ------------------------------------------------


def test_order_creator_from_code_records_the_payment(
    product, bank_accounts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = code_checkout(product)
    assert order.status == statuses.AWAITING_PAYMENT  # the default method's status
    payment = OrderPayment.objects.get(order=order)
    assert payment.method == "bank-transfer" and payment.unique_code is not None
    assert payment.deadline == NOW + dt.timedelta(hours=24)
    assert sum(str(order.number) in m.subject for m in mail.outbox) == 1


def test_order_creator_from_code_takes_a_payment_method(product):
    order = code_checkout(product, payment_method="cod")
    assert order.status == statuses.PROCESSING
    assert OrderPayment.objects.get(order=order).method == "cod"


def test_order_creator_from_code_refuses_an_unavailable_method(product):
    with pytest.raises(StoreError) as refused:
        code_checkout(product, address=factories.MEDAN_ADDRESS, payment_method="cod")
    assert refused.value.code == "cod_outside_jabodetabek"
    assert not Order.objects.exists()


# --- the same placement everywhere ----------------------------------------------------


def test_every_path_records_the_same_placement(
    product, bank_accounts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api = api_checkout(product)
        html_checkout(product)
        html = Order.objects.exclude(pk=api.pk).get()
        code = code_checkout(product)
    expected = placement(api)
    assert expected["deadline_after"] == dt.timedelta(hours=24)
    assert expected["e-mails"] == 1 and expected["awaiting_list"]
    assert placement(html) == {**expected, "amount_due": only_code(html)} | {
        "source": ("bank-transfer", only_code(html))
    }
    assert placement(code) == {**expected, "amount_due": only_code(code)} | {
        "source": ("bank-transfer", only_code(code))
    }
    assert expected["amount_due"] == only_code(api) > D(0)


def test_order_creator_from_code_sells_the_last_unit_once(product):
    """The creator re-checks stock under row locks on every path, not only the API's."""
    StockRecord = get_model("partner", "StockRecord")
    basket = factories.basket_with(product)
    StockRecord.objects.filter(product=product).update(num_in_stock=1, num_allocated=1)
    with pytest.raises(StoreError) as refused, transaction.atomic():
        code_checkout(product, basket=basket)
    assert refused.value.code == "insufficient_stock"
    assert not Order.objects.exists()
    assert StockRecord.objects.get(product=product).num_allocated == 1


def test_order_creator_refuses_a_shopper_who_has_not_verified_the_address(product):
    """The API's rule (a signed-in shopper checks out with a verified address) holds for
    Oscar's HTML checkout and code too: it lives in the one placement."""
    from contex_oscar.accounts.models import EmailVerification

    shopper = factories.user()
    EmailVerification.objects.create(user=shopper, email=shopper.email)
    with pytest.raises(StoreError) as refused:
        code_checkout(product, user=shopper)
    assert refused.value.code == "email_not_verified"
    assert not Order.objects.exists()


def test_order_creator_refuses_a_total_an_order_cannot_record(product, monkeypatch):
    monkeypatch.setattr("contex_oscar.order.limits.largest_order_amount", lambda: D("1000"))
    with pytest.raises(StoreError) as refused:
        code_checkout(product)
    assert refused.value.code == "order_total_too_large"
    assert not Order.objects.exists()
