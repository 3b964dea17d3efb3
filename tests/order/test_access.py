"""The one rule for reaching an order by number (``contex_oscar.order.access.find_order``).

The same matrix of requesters and credentials runs against the function and against
the three kinds of endpoint that use it: order tracking, the service center's warranty
check, and payment confirmations. Every endpoint gives one identical failure answer.
"""

import datetime
from dataclasses import dataclass

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model
from rest_framework.test import APIClient

from contex_oscar.conf import contex_settings
from contex_oscar.order import access
from tests import factories
from tests.service_center.conftest import deliver, jakarta

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

WRONG = "salah@example.com"
GUEST = "tamu@example.com"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """A registered shopper's delivered order and a guest's, both reachable by all three.

    Built once for the module in a transaction rolled back at its end; each test still
    runs in its own savepoint.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            products = factories.demo_catalogue()
            owner = factories.user(email="pemilik@example.com")
            other = factories.user(email="lain@example.com")
            staff = factories.staff_user()
            registered = factories.place_order(products[0], owner=owner, status="in-shipment")
            guest = factories.place_order(products[1], email=GUEST, status="in-shipment")
            for order in (registered, guest):
                deliver(order, jakarta(2026, 3, 2, 10, 0))
            yield {
                "users": {"anonymous": None, "owner": owner, "other": other, "staff": staff},
                "orders": {"registered": registered, "guest": guest},
                "products": products,
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def expired_token(order):
    age = contex_settings.CONTEX_ORDER_TRACKING_LINK_MAX_AGE
    with time_machine.travel(timezone.now() - datetime.timedelta(seconds=age + 60)):
        return access.order_token(order)


def tampered_token(order):
    token = access.order_token(order)
    return token[:-2] + ("AA" if token[-2:] != "AA" else "BB")


def token_of_an_old_address(order):
    """A link mailed before the order's e-mail address was changed."""
    return access.order_token(Order(number=order.number, guest_email="alamat-lama@example.com"))


@dataclass(frozen=True)
class Case:
    name: str
    order: str  # "registered" / "guest" / "unknown"
    actor: str
    email: object = None  # a string, or None: no e-mail sent
    token: object = None  # a function of the order making the token, or None
    reached: bool = True


CASES = [
    Case("owner signed in, no e-mail", "registered", "owner"),
    Case("owner signed in, a wrong e-mail", "registered", "owner", email=WRONG),
    Case("another shopper signed in, no e-mail", "registered", "other", reached=False),
    Case("another shopper, a wrong e-mail", "registered", "other", email=WRONG, reached=False),
    Case("another shopper, the order's e-mail", "registered", "other", email="pemilik@example.com"),
    Case("guest, a registered order's e-mail", "registered", "anonymous", "pemilik@example.com"),
    Case("guest, the guest order's e-mail", "guest", "anonymous", email=GUEST),
    Case("guest, the e-mail in another case", "guest", "anonymous", email="  Tamu@EXAMPLE.com "),
    Case("guest, a wrong e-mail", "guest", "anonymous", email=WRONG, reached=False),
    Case("guest, almost the e-mail", "guest", "anonymous", email=GUEST + ".id", reached=False),
    Case("staff, no e-mail", "guest", "staff"),
    Case("guest, the tracking link", "registered", "anonymous", token=access.order_token),
    Case("guest, a guest order's link", "guest", "anonymous", token=access.order_token),
    Case("other shopper, the link", "registered", "other", token=access.order_token),
    Case("an expired link", "guest", "anonymous", token=expired_token, reached=False),
    Case("a tampered link", "guest", "anonymous", token=tampered_token, reached=False),
    Case("a link to an old address", "guest", "anonymous", token=token_of_an_old_address,
         reached=False),
    Case("unknown number, the e-mail", "unknown", "anonymous", email=GUEST, reached=False),
]  # fmt: skip


def prepare(world, case):
    order = world["orders"].get(case.order)
    number = order.number if order is not None else "999999"
    token = case.token(order) if case.token else None
    return order, number, token


# --- the function ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_rule(world, case):
    order, number, token = prepare(world, case)
    user = world["users"][case.actor]
    found = access.find_order(None if token else number, user=user, email=case.email, token=token)
    assert found == order if case.reached else found is None, case.name


def test_staff_read_but_do_not_act_as_the_shopper(world):
    staff = world["users"]["staff"]
    order = world["orders"]["guest"]
    assert access.find_order(order.number, user=staff) == order
    assert access.find_order(order.number, user=staff, writing=True) is None
    assert access.find_order(order.number, user=staff, email=GUEST, writing=True) == order


def test_a_token_opens_only_its_own_order(world):
    registered, guest = world["orders"]["registered"], world["orders"]["guest"]
    token = access.order_token(registered)
    assert access.find_order(registered.number, token=token) == registered
    # the token of one order with the number (and e-mail) of another: nothing
    assert access.find_order(guest.number, token=token, email=GUEST) is None
    for junk in ("", "x" * 1000, "a:b:c", 12345, ["list"]):
        assert access.find_order(None, token=junk) is None
        assert access.read_order_token(junk) is None


def test_odd_numbers_find_nothing(world):
    for number in (None, "", "   ", {"n": 1}, ["100001"], True, "1" * 500):
        assert access.find_order(number, email=GUEST) is None


def test_an_unknown_number_costs_one_comparison_like_a_known_one(world, monkeypatch):
    calls = []
    original = access.hmac.compare_digest

    def counting(a, b):
        calls.append((len(a), len(b)))
        return original(a, b)

    monkeypatch.setattr(access.hmac, "compare_digest", counting)
    access.find_order(world["orders"]["guest"].number, email=WRONG)
    access.find_order("999999", email=WRONG)
    assert len(calls) == 2


# --- the same matrix on the three endpoints --------------------------------------------------


def client_for(world, actor):
    client = APIClient()
    user = world["users"][actor]
    if user is not None:
        client.force_login(user)
    return client


def track(client, number, email, token):
    body = {"token": token} if token else {"number": number}
    if email is not None:
        body["email"] = email
    return client.post("/api/orders/track/", body, format="json")


def warranty_check(client, number, email, token):
    body = {"purchase": "this-store", "hardware_defect": True, "box_complete": True}
    body |= {"order_token": token} if token else {"order_number": number}
    if email is not None:
        body["email"] = email
    return client.post("/api/service-center/warranty-check/", body, format="json")


def payment_confirmations(client, number, email, token):
    params = {key: value for key, value in (("email", email), ("token", token)) if value}
    return client.get(f"/api/orders/{number}/payment-confirmations/", params)


ENDPOINTS = {
    # name: (call, status when reached, status for every failure, failure code)
    "tracking": (track, 200, 404, "order_not_found"),
    "warranty check": (warranty_check, 200, 400, "order_not_found"),
    "payment confirmations": (payment_confirmations, 200, 404, "not_found"),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_rule_on_every_endpoint(world, case, endpoint):
    call, reached, refused, code = ENDPOINTS[endpoint]
    order, number, token = prepare(world, case)
    response = call(client_for(world, case.actor), number, case.email, token)
    assert response.status_code == (reached if case.reached else refused), response.content
    if not case.reached:
        assert response.json()["code"] == code


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_failure_gets_the_same_answer(world, endpoint):
    call, _, refused, _ = ENDPOINTS[endpoint]
    bodies = set()
    for case in CASES:
        if case.reached:
            continue
        order, number, token = prepare(world, case)
        response = call(client_for(world, case.actor), number, case.email, token)
        assert response.status_code == refused
        bodies.add(response.content)
    assert len(bodies) == 1, bodies


def test_writing_endpoints_keep_staff_to_reading(world, bank_account):
    """Staff read every order; sending a confirmation or choosing is the shopper's."""
    from tests.payment.conftest import confirmation_form

    order = factories.place_order(
        world["products"][2], owner=world["users"]["owner"], status="awaiting-payment"
    )
    url = f"/api/orders/{order.number}/payment-confirmations/"
    staff = client_for(world, "staff")
    assert staff.get(url).status_code == 200
    form = confirmation_form(order, bank_account)
    form.pop("email", None)
    assert staff.post(url, form, format="multipart").status_code == 404
    choice = {"number": order.number, "choice": "wait"}
    assert staff.post("/api/orders/out-of-stock-choice/", choice, format="json").status_code == 404
    owner = client_for(world, "owner")
    response = owner.post("/api/orders/out-of-stock-choice/", choice, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "order_not_out_of_stock")


@pytest.fixture
def bank_account(db):
    from contex_oscar.payment.models import BankAccount

    return BankAccount.objects.create(
        bank_name="BCA", account_number="111", account_holder="PT Contex", display_order=1
    )
