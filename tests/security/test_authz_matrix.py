"""Who may read or change which order, basket and line: every inherited oscarapi route.

One row per endpoint and method; one expected status per actor. The rule: what is
not yours answers **404** (so ids cannot be probed), with two oscarapi contracts
kept on purpose and stated in the rows:

- endpoints that need a login (``orders/``, ``orders/<pk>/``, ``useraddresses/...``)
  answer **403** to a guest (DRF's ``NotAuthenticated`` with session auth);
- ``checkout/`` with someone else's basket answers **401** ``basket_not_yours``.

Methods that are closed for everybody (writing a basket, adding raw lines, writing
line options) answer **405**. Staff get no more than a customer here: they work
in the dashboard (oscarapi's admin API is not routed: ``OSCARAPI_BLOCK_ADMIN_API_ACCESS``).

Each row runs for both session transports: the session cookie, and oscarapi's
``Session-Id`` header (``HeaderSessionMiddleware``, which the sandbox does not
enable but a site may). To cover a new endpoint, append a ``Row``.
"""

import io
import uuid
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import override_settings
from oscar.core.loading import get_class, get_model
from rest_framework.test import APIClient

from tests import factories

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


def everyone(status):
    return dict.fromkeys(ACTORS, status)


def only_owner(status, guest=404):
    return {"anonymous": guest, "owner": status, "other": 404, "staff": 404}


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
]


# Password hashing dominates this module's time: hash with MD5 here (tests only).
FAST_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def build_world():
    """The owner's basket, order and address, and another customer's basket."""
    from sandbox.store.demo import catalogue as demo_catalogue
    from sandbox.store.demo import site as demo_site

    demo_site.load(io.StringIO())
    demo_catalogue.load(io.StringIO())
    products = factories.products()
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


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back at its end.

    Each test still runs in its own savepoint, so a test's writes (deleting a
    basket, changing a quantity) are undone before the next one.
    """
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(params=["cookie", "header"])
def transport(request, settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
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
        fill(row.path, ids), fill(row.body, ids) or None, format="json"
    )
    assert response.status_code == expected, (row.name, actor, response.content[:300])
    if response.status_code >= 400 and row.routed:
        assert response.json()["code"], response.content  # the store's error format
    if row.lists:
        listed = fill(row.lists, ids) in response.content.decode()
        assert listed is (actor == "owner"), (row.name, actor)
