"""Who may read or change which order, basket, line, payment proof and service ticket.

Every inherited oscarapi route and every endpoint of the store's own that reads or
writes one of them. One row per endpoint and method; one expected status per actor.
The rule: what is not yours answers **404** (so ids cannot be probed), with these
contracts kept on purpose and stated in the rows:

- endpoints that need a login (``orders/``, ``orders/<pk>/``, ``useraddresses/...``,
  ``service-center/requests/`` GET) answer **403** to a guest (DRF's
  ``NotAuthenticated`` with session auth);
- ``checkout/`` with someone else's basket answers **401** ``basket_not_yours``;
- an order is reached by the store's one rule (``contex_oscar.order.access``) on
  every endpoint that names it by number (tracking, out-of-stock choice, payment
  confirmations and proofs, warranty check, service requests): its signed-in owner;
  staff when only reading; whoever gives its number **with its e-mail address**
  (a guest's order or a registered shopper's alike) or its tracking link's token;
  the wrong e-mail gets the same answer as an unknown number. A ticket number with
  its e-mail address works the same way for tickets;
- forms that name an order in a field (warranty check, service request) answer
  **400** ``order_not_found`` for an order that is not yours, the same answer as
  for an unknown number;
- a ticket attachment's signed link is its own credential.

Methods that are closed for everybody (writing a basket, adding raw lines, writing
line options) answer **405**. Staff get no more than a customer on oscarapi's
routes: they work in the dashboard (oscarapi's admin API is not routed:
``OSCARAPI_BLOCK_ADMIN_API_ACCESS``). On the store's endpoints staff read any
order's payment confirmations and proofs and any ticket (as the dashboard shows
them), but send confirmations, choose, open requests and act on tickets only as
shoppers.

Each row runs for both session transports: the session cookie, and oscarapi's
``Session-Id`` header (``HeaderSessionMiddleware``, which the sandbox does not
enable but a site may). To cover a new endpoint, append a ``Row``.
"""

import uuid
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from oscar.core.loading import get_class, get_model
from rest_framework.test import APIClient

from contex_oscar.order.access import order_token
from contex_oscar.order.statuses import IN_SHIPMENT, OUT_OF_STOCK
from contex_oscar.payment import services as payment_services
from contex_oscar.payment.models import BankAccount
from contex_oscar.service_center import attachments
from contex_oscar.service_center.models import TicketAttachment
from contex_oscar.workdays import store_today
from tests import factories
from tests.payment.conftest import bank_order, png_upload, submit
from tests.service_center.conftest import deliver
from tests.service_center.test_tracking_and_quotes import quoted

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Option = get_model("catalogue", "Option")
UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")
Selector = get_class("partner.strategy", "Selector")

ACTORS = ("anonymous", "owner", "other", "staff")
PASSWORD = "rahasia-123"


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    path: str  # formatted with the ids of ``world``
    expect: dict  # actor -> status code (None: not asserted here, see ``why``)
    body: dict = field(default_factory=dict)
    # list endpoints: this path of the owner's object is listed to the owner only
    lists: str = ""
    why: str = ""
    routed: bool = True  # False: no view answers, Django's plain 404 page
    format: str = "json"  # or "multipart" (``UPLOAD`` in the body: a fresh PNG file)
    code: str = ""  # the error ``code`` of every refused answer, where they share one


def everyone(status):
    return dict.fromkeys(ACTORS, status)


def only_owner(status, guest=404):
    return {"anonymous": guest, "owner": status, "other": 404, "staff": 404}


def owner_and_staff(status):
    return only_owner(status) | {"staff": status}


UPLOAD = object()  # in a multipart body: a new PNG upload for each request
TRACK_ORDER = {"number": "{order_number}", "email": "{owner_email}"}
WRONG_EMAIL = "salah@example.com"
WARRANTY_CHECK = {
    "purchase": "this-store",
    "order_number": "{delivered_order_number}",
    "email": "{owner_email}",
    "hardware_defect": True,
    "box_complete": True,
}
CONFIRMATION = {
    "bank_account": "{bank_account}",
    "sender_bank": "BRI",
    "sender_account_holder": "Budi Santoso",
    "amount": "{order_amount}",
    "transfer_date": "{today}",
    "proof": UPLOAD,
}
SERVICE_REQUEST = {
    "kind": "paid-repair",
    "channel": "walk-in",
    "purchase": "this-store",
    "order_number": "{delivered_order_number}",
    "fault_description": "Garis pada hasil scan",
    "name": "Budi Santoso",
    "email": "{owner_email}",
    "phone": "+62 812 1111 2222",
}


ROWS = [
    # --- baskets (oscarapi views.basic / views.basket) ---
    Row("basket list", "get", "/api/baskets/", everyone(200), lists="/api/baskets/{basket}/"),
    Row("basket detail", "get", "/api/baskets/{basket}/", only_owner(200)),
    Row("basket delete", "delete", "/api/baskets/{basket}/", only_owner(204)),
    Row(
        "basket rewrite (owner, status)",
        "patch",
        "/api/baskets/{basket}/",
        everyone(405),
        body={"status": "Frozen"},
        why="oscarapi let an owner hand the basket to any user by URL",
    ),
    Row("basket put", "put", "/api/baskets/{basket}/", everyone(405), body={}),
    Row("basket lines", "get", "/api/baskets/{basket}/lines/", only_owner(200)),
    Row(
        "basket lines: add a raw line",
        "post",
        "/api/baskets/{basket}/lines/",
        everyone(405),
        body={"quantity": 1},
        why="lines are added through basket/add-product/, which checks stock",
    ),
    Row("basket line", "get", "/api/baskets/{basket}/lines/{line}/", only_owner(200)),
    Row(
        "basket line: quantity",
        "patch",
        "/api/baskets/{basket}/lines/{line}/",
        only_owner(200),
        body={"quantity": 2},
    ),
    Row(
        "basket line: put",
        "put",
        "/api/baskets/{basket}/lines/{line}/",
        only_owner(200),
        body={"quantity": 1},
    ),
    Row("basket line delete", "delete", "/api/baskets/{basket}/lines/{line}/", only_owner(204)),
    Row(
        "basket line under the wrong basket",
        "get",
        "/api/baskets/{basket}/lines/{other_line}/",
        everyone(404),
    ),
    Row(
        "basket line attribute",
        "get",
        "/api/baskets/{basket}/lines/{line}/lineattributes/{line_attribute}/",
        only_owner(200),
    ),
    Row(
        "basket line attribute under the wrong line",
        "get",
        "/api/baskets/{other_basket}/lines/{other_line}/lineattributes/{line_attribute}/",
        everyone(404),
    ),
    Row(
        "basket line attribute: rewrite",
        "patch",
        "/api/baskets/{basket}/lines/{line}/lineattributes/{line_attribute}/",
        everyone(405),
        body={"value": "tidak"},
    ),
    Row(
        "checkout with the owner's basket",
        "post",
        "/api/checkout/",
        {"anonymous": 401, "owner": None, "other": 401, "staff": 401},
        body={"basket": "http://testserver/api/baskets/{basket}/", "guest_email": "x@y.co"},
        why="oscarapi's contract: 401; the owner's checkout is covered by the checkout tests",
    ),
    # --- orders (oscarapi views.checkout) ---
    Row(
        "order list",
        "get",
        "/api/orders/",
        only_owner(200, guest=403) | {"other": 200, "staff": 200},
        lists="/api/orders/{order}/",
    ),
    Row("order detail", "get", "/api/orders/{order}/", only_owner(200, guest=403)),
    Row("order lines", "get", "/api/orders/{order}/lines/", only_owner(200)),
    Row("order line", "get", "/api/orderlines/{order_line}/", only_owner(200)),
    Row(
        "order line attribute",
        "get",
        "/api/orderlineattributes/{order_line_attribute}/",
        only_owner(200),
    ),
    Row(
        "admin order (not routed)",
        "get",
        "/api/admin/orders/{order}/",
        everyone(404),
        routed=False,
    ),
    Row("admin order list (not routed)", "get", "/api/admin/orders/", everyone(404), routed=False),
    # --- addresses (oscarapi views.checkout) ---
    Row(
        "address list",
        "get",
        "/api/useraddresses/",
        only_owner(200, guest=403) | {"other": 200, "staff": 200},
        lists="/api/useraddresses/{address}/",
    ),
    Row("address detail", "get", "/api/useraddresses/{address}/", only_owner(200, guest=403)),
    Row(
        "address change",
        "patch",
        "/api/useraddresses/{address}/",
        only_owner(200, guest=403),
        body={"line4": "Jakarta Barat"},
    ),
    Row("address delete", "delete", "/api/useraddresses/{address}/", only_owner(204, guest=403)),
    # --- the session's basket (contex_oscar.api.basket_views) ---
    Row(
        "current basket",
        "get",
        "/api/basket/",
        everyone(200),
        lists="/api/baskets/{basket}/",
        why="each session gets its own basket; the owner's is the owner's only",
    ),
    # --- order tracking and the out-of-stock choice (contex_oscar.order.api) ---
    Row(
        "order tracking: number + e-mail",
        "post",
        "/api/orders/track/",
        everyone(200),
        body=TRACK_ORDER,
        why="guest access by design: the number and the order's e-mail are the credential",
    ),
    Row(
        "order tracking: wrong e-mail",
        "post",
        "/api/orders/track/",
        owner_and_staff(200),
        body=TRACK_ORDER | {"email": WRONG_EMAIL},
        why="the signed-in owner needs no e-mail, staff read every order",
        code="order_not_found",
    ),
    Row(
        "order tracking: the link in the order's e-mails",
        "post",
        "/api/orders/track/",
        everyone(200),
        body={"token": "{order_token}"},
        why="the signed tracking link is its own credential (order.access)",
    ),
    Row(
        "order tracking: a tampered link",
        "post",
        "/api/orders/track/",
        everyone(404),
        body={"token": "{tampered_order_token}"},
        why="the token alone decides: the same 404 as a wrong e-mail",
        code="order_not_found",
    ),
    Row(
        "out-of-stock choice: number + e-mail",
        "post",
        "/api/orders/out-of-stock-choice/",
        everyone(200),
        body={"number": "{out_of_stock_number}", "email": "{owner_email}", "choice": "wait"},
        why="guest access by design, as order tracking",
    ),
    Row(
        "out-of-stock choice: wrong e-mail",
        "post",
        "/api/orders/out-of-stock-choice/",
        only_owner(200),
        body={"number": "{out_of_stock_number}", "email": WRONG_EMAIL, "choice": "cancel"},
        why="the signed-in owner needs no e-mail; staff choose for no shopper",
        code="order_not_found",
    ),
    Row(
        "cancel: a confirmation under review",
        "post",
        "/api/orders/{paid_order_number}/cancel/",
        only_owner(409, guest=400),
        why="the signed-in owner reaches it (409 confirmation_pending); a guest must send the "
        "e-mail (400); staff cancel as no shopper",
    ),
    Row(
        "cancel: wrong e-mail",
        "post",
        "/api/orders/{guest_order_number}/cancel/",
        everyone(404),
        body={"email": WRONG_EMAIL},
        why="number + e-mail, as tracking",
        code="order_not_found",
    ),
    # --- payment confirmations and proofs (contex_oscar.payment.api.views) ---
    Row(
        "payment confirmations",
        "get",
        "/api/orders/{paid_order_number}/payment-confirmations/",
        owner_and_staff(200),
        why="a registered customer's order: the owner signed in, and staff",
        code="not_found",
    ),
    Row(
        "payment confirmations: the owner's e-mail",
        "get",
        "/api/orders/{paid_order_number}/payment-confirmations/?email={owner_email}",
        everyone(200),
        why="number + e-mail reach a registered customer's order too, as on tracking",
    ),
    Row(
        "payment confirmation: send",
        "post",
        "/api/orders/{order_number}/payment-confirmations/",
        only_owner(201),
        body=CONFIRMATION,
        format="multipart",
        code="not_found",
    ),
    Row(
        "payment confirmation: send with the tracking link",
        "post",
        "/api/orders/{order_number}/payment-confirmations/",
        everyone(201),
        body=CONFIRMATION | {"token": "{order_token}"},
        format="multipart",
        why="the owner pays and confirms from the e-mail's link, signed in or not",
    ),
    Row(
        "payment proof",
        "get",
        "/api/orders/{paid_order_number}/payment-confirmations/{confirmation}/proof/",
        owner_and_staff(200),
        why="proofs are served only to their owner and staff",
        code="not_found",
    ),
    Row(
        "payment proof under the wrong order",
        "get",
        "/api/orders/{order_number}/payment-confirmations/{confirmation}/proof/",
        everyone(404),
        code="not_found",
    ),
    Row(
        "guest order's payment confirmations: its e-mail",
        "get",
        "/api/orders/{guest_order_number}/payment-confirmations/?email={guest_email}",
        everyone(200),
        why="guest access by design: the guest order's number and e-mail",
    ),
    Row(
        "guest order's payment confirmations: wrong e-mail",
        "get",
        f"/api/orders/{{guest_order_number}}/payment-confirmations/?email={WRONG_EMAIL}",
        everyone(404) | {"staff": 200},
        code="not_found",
    ),
    Row(
        "guest order's payment proof: its e-mail",
        "get",
        "/api/orders/{guest_order_number}/payment-confirmations/{guest_confirmation}/proof/"
        "?email={guest_email}",
        everyone(200),
        why="guest access by design: the guest order's number and e-mail",
    ),
    Row(
        "guest order's payment proof: wrong e-mail",
        "get",
        "/api/orders/{guest_order_number}/payment-confirmations/{guest_confirmation}/proof/"
        f"?email={WRONG_EMAIL}",
        everyone(404) | {"staff": 200},
        code="not_found",
    ),
    # --- warranty check and service requests (contex_oscar.service_center.api) ---
    Row(
        "warranty check of an order: its e-mail",
        "post",
        "/api/service-center/warranty-check/",
        everyone(200),
        body=WARRANTY_CHECK,
        why="guest access by design: the order's number and e-mail",
    ),
    Row(
        "warranty check of an order: wrong e-mail",
        "post",
        "/api/service-center/warranty-check/",
        owner_and_staff(200) | {"anonymous": 400, "other": 400},
        body=WARRANTY_CHECK | {"email": WRONG_EMAIL},
        why="the order is a field of a form: 400, the answer an unknown number gets; "
        "staff read every order",
        code="order_not_found",
    ),
    Row(
        "service request on an order: wrong e-mail",
        "post",
        "/api/service-center/requests/",
        only_owner(201, guest=400) | {"other": 400, "staff": 400},
        body=SERVICE_REQUEST | {"email": WRONG_EMAIL},
        why="the order is a field of a form: 400, the answer an unknown number gets",
        code="order_not_found",
    ),
    Row(
        "service request on an order: its e-mail",
        "post",
        "/api/service-center/requests/",
        {"anonymous": 201, "owner": 201, "other": 400, "staff": 400},
        body=SERVICE_REQUEST,
        why="a guest names the order's e-mail; a signed-in shopper's own e-mail is used",
        code="order_not_found",
    ),
    Row(
        "service request list",
        "get",
        "/api/service-center/requests/",
        only_owner(200, guest=403) | {"other": 200, "staff": 200},
        lists="{ticket}",
        why="the signed-in shopper's own tickets (staff too: their own)",
        code="not_authenticated",
    ),
    Row(
        "service request detail",
        "get",
        "/api/service-center/requests/{ticket}/",
        owner_and_staff(200),
        why="guests track by number + e-mail instead",
        code="ticket_not_found",
    ),
    Row(
        "ticket tracking: number + e-mail",
        "post",
        "/api/service-center/track/",
        everyone(200),
        body={"number": "{ticket}", "email": "{owner_email}"},
        why="guest access by design: the number and the ticket's e-mail are the credential",
    ),
    Row(
        "ticket tracking: wrong e-mail",
        "post",
        "/api/service-center/track/",
        everyone(404),
        body={"number": "{ticket}", "email": WRONG_EMAIL},
        code="ticket_not_found",
    ),
    Row(
        "quote decision",
        "post",
        "/api/service-center/requests/{ticket}/quote-decision/",
        only_owner(200),
        body={"decision": "approve", "email": WRONG_EMAIL},
        why="the signed-in owner needs no e-mail; staff act in the dashboard",
        code="ticket_not_found",
    ),
    Row(
        "quote decision: the ticket's e-mail",
        "post",
        "/api/service-center/requests/{ticket}/quote-decision/",
        everyone(200),
        body={"decision": "decline", "email": "{owner_email}"},
        why="guest access by design: the number and the ticket's e-mail",
    ),
    Row(
        "ticket attachment: add",
        "post",
        "/api/service-center/requests/{ticket}/attachments/",
        only_owner(201),
        body={"kind": "photo", "file": UPLOAD},
        format="multipart",
        code="ticket_not_found",
    ),
    Row(
        "ticket attachment: add with the ticket's e-mail",
        "post",
        "/api/service-center/requests/{ticket}/attachments/",
        everyone(201),
        body={"kind": "photo", "file": UPLOAD, "email": "{owner_email}"},
        format="multipart",
        why="guest access by design: the number and the ticket's e-mail",
    ),
    Row(
        "ticket attachment: download by its signed link",
        "get",
        "/api/service-center/attachments/{attachment_token}/",
        everyone(200),
        why="the signed, expiring link is handed only with the ticket to who may read it",
    ),
    Row(
        "ticket attachment: a tampered link",
        "get",
        "/api/service-center/attachments/{tampered_token}/",
        everyone(404),
        code="attachment_not_found",
    ),
]


def build_world():
    """The owner's basket, order and address, and another customer's basket."""
    products = factories.demo_catalogue()
    owner = factories.user(email="pemilik@example.com")
    other = factories.user(email="lain@example.com")
    staff = factories.staff_user()
    option = Option.objects.create(name="Kalibrasi", code="kalibrasi", required=False)

    basket = Basket.objects.create(owner=owner)
    basket.strategy = Selector().strategy()
    line, _ = basket.add_product(products[0], 1, options=[{"option": option, "value": "ya"}])
    other_basket = Basket.objects.create(owner=other)
    other_basket.strategy = Selector().strategy()
    other_line, _ = other_basket.add_product(products[1], 1)

    order = factories.place_order(products[2], owner=owner)
    order_line = order.lines.get()
    attribute = order_line.attributes.create(option=option, type="kalibrasi", value="ya")
    address = UserAddress.objects.create(
        user=owner, country=Country.objects.get(iso_3166_1_a2="ID"), **factories.JAKARTA_ADDRESS
    )
    return {
        "users": {"owner": owner, "other": other, "staff": staff},
        "ids": {
            **build_payments(products, owner, order),
            **build_service(products, owner),
            "basket": basket.pk,
            "line": line.pk,
            "line_attribute": line.attributes.get().pk,
            "other_basket": other_basket.pk,
            "other_line": other_line.pk,
            "order": order.pk,
            "order_line": order_line.pk,
            "order_line_attribute": attribute.pk,
            "address": address.pk,
        },
    }


def build_payments(products, owner, order):
    """Bank transfers: the owner's ``order`` awaits a confirmation; another of the owner's
    orders and a guest's order each have one with its proof."""
    account = BankAccount.objects.create(
        bank_name="BCA", account_number="111", account_holder="PT Contex", display_order=1
    )
    token = order_token(order)
    paid_order = bank_order(products[3], owner=owner)
    guest_order = bank_order(products[4], email="tamu@example.com")
    out_of_stock = factories.place_order(products[5], owner=owner, status=OUT_OF_STOCK)
    return {
        "bank_account": account.pk,
        "order_number": order.number,
        "order_token": token,
        "tampered_order_token": token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),
        "order_amount": payment_services.amount_due(order),
        "today": store_today().isoformat(),
        "owner_email": owner.email,
        "paid_order_number": paid_order.number,
        "confirmation": submit(paid_order, account, user=owner).pk,
        "guest_order_number": guest_order.number,
        "guest_email": guest_order.guest_email,
        "guest_confirmation": submit(guest_order, account).pk,
        "out_of_stock_number": out_of_stock.number,
    }


def build_service(products, owner):
    """The owner's delivered order, and their ticket with a quote waiting and a photo."""
    delivered = deliver(
        factories.place_order(products[6], owner=owner, status=IN_SHIPMENT), timezone.now()
    )
    ticket = quoted(user=owner, email=owner.email)
    attachment = attachments.add_attachment(
        ticket, TicketAttachment.PHOTO, png_upload(), "image/png", user=owner
    )
    token = attachments.attachment_token(attachment)
    return {
        "delivered_order_number": delivered.number,
        "ticket": ticket.number,
        "attachment_token": token,
        "tampered_token": token[:-1] + ("A" if token[-1] != "A" else "B"),
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction rolled back at its end.

    Each test still runs in its own savepoint, so a test's writes (deleting a
    basket, changing a quantity) are undone before the next one. Proofs and
    attachments are stored in a private directory of this module.
    """
    storage = SimpleNamespace(STORAGES=django_settings.STORAGES)
    factories.use_private_storage(storage, tmp_path_factory.mktemp("private"))
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES=storage.STORAGES),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(params=["cookie", "header"])
def transport(request, settings):
    if request.param == "header":
        settings.MIDDLEWARE = [
            "oscarapi.middleware.HeaderSessionMiddleware"
            if entry == "django.contrib.sessions.middleware.SessionMiddleware"
            else entry
            for entry in settings.MIDDLEWARE
        ]
    return request.param


def client_for(actor, transport, world):
    client = APIClient()
    user = world["users"].get(actor)
    if transport == "cookie":
        if user is not None:
            client.force_login(user)
        return client
    client.credentials(HTTP_SESSION_ID=f"SID:ANON:testserver:{uuid.uuid4().hex}")
    if user is not None:
        login = client.post(
            "/api/login/", {"username": user.email, "password": PASSWORD}, format="json"
        )
        assert login.status_code == 200, login.content
        assert login["Session-Id"].startswith("SID:AUTH:testserver:")
        client.credentials(HTTP_SESSION_ID=login["Session-Id"])
    client.cookies.clear()  # only the header identifies this session
    return client


def fill(value, ids):
    if value is UPLOAD:
        return png_upload()
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    return value


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_authorization_matrix(row, actor, transport, world):
    expected = row.expect[actor]
    if expected is None:
        pytest.skip(row.why)
    client = client_for(actor, transport, world)
    ids = world["ids"]
    response = getattr(client, row.method)(
        fill(row.path, ids), fill(row.body, ids) or None, format=row.format
    )
    body = response.getvalue()  # a download is read to its end, which closes the file
    assert response.status_code == expected, (row.name, actor, body[:300])
    if response.status_code >= 400 and row.routed:
        code = response.json()["code"]  # the store's error format
        assert code, body
        if row.code:
            assert code == row.code, (row.name, actor, body[:300])
    if row.lists:
        listed = fill(row.lists, ids) in body.decode()
        assert listed is (actor == "owner"), (row.name, actor)
