"""CSRF for guests: a cross-site POST riding on the session cookie is refused (issue 8).

``APIClient(enforce_csrf_checks=True)`` behaves like a browser request from another
site: it carries the cookies but cannot know the CSRF token.
"""

import uuid

import pytest
from django.conf import settings
from oscar.core.loading import get_class, get_model
from rest_framework.test import APIClient

from tests import factories

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")

# Every kind of state-changing POST a guest makes with the session cookie.
GUEST_WRITES = [
    ("basket add", "/api/basket/add-product/"),
    ("checkout", "/api/checkout/"),
    ("login", "/api/login/"),
    ("payment proof upload", "/api/orders/100001/payment-confirmations/"),
    ("service request", "/api/service-center/requests/"),
    ("basket line change", "/api/baskets/{basket}/lines/{line}/"),
]


@pytest.fixture
def guest(catalogue):
    """A browser holding a guest session (with a basket) but not the CSRF token."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    line, _ = basket.add_product(catalogue[0], 1)
    client = APIClient(enforce_csrf_checks=True)
    session = client.session
    session[settings.OSCAR_BASKET_COOKIE_OPEN] = basket.pk
    session.save()
    client.ids = {"basket": basket.pk, "line": line.pk}
    return client


def add_product(client, product, **headers):
    return client.post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{product.pk}/", "quantity": 1},
        format="json",
        **headers,
    )


@pytest.mark.parametrize(("name", "path"), GUEST_WRITES, ids=[name for name, _ in GUEST_WRITES])
def test_a_cross_site_guest_write_is_refused(guest, name, path):
    url = path.format(**guest.ids)
    method = guest.patch if "{line}" in path else guest.post
    response = method(url, {}, format="json")
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "csrf_failed"


@pytest.mark.parametrize(("name", "path"), GUEST_WRITES, ids=[name for name, _ in GUEST_WRITES])
def test_the_same_write_with_the_token_passes_the_csrf_check(guest, name, path):
    token = guest.get("/api/csrf/").json()["csrf_token"]
    url = path.format(**guest.ids)
    method = guest.patch if "{line}" in path else guest.post
    response = method(url, {}, format="json", HTTP_X_CSRFTOKEN=token)
    # the request now reaches the view, which judges its (empty) content
    assert response.status_code != 403 or response.json()["code"] != "csrf_failed"


def test_a_same_site_guest_adds_to_the_basket_with_the_token(guest, catalogue):
    answer = guest.get("/api/csrf/")
    assert answer.json()["header"] == "X-Csrftoken"
    assert answer.cookies[settings.CSRF_COOKIE_NAME].value  # the cookie the token pairs with
    response = add_product(guest, catalogue[1], HTTP_X_CSRFTOKEN=answer.json()["csrf_token"])
    assert response.status_code == 200, response.content
    assert len(guest.get(f"/api/baskets/{guest.ids['basket']}/lines/").json()) == 2


def test_a_token_from_another_origin_is_refused(guest, catalogue):
    token = guest.get("/api/csrf/").json()["csrf_token"]
    response = add_product(
        guest, catalogue[1], HTTP_X_CSRFTOKEN=token, HTTP_ORIGIN="https://penipu.example"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"


def test_reading_needs_no_token(guest):
    assert guest.get("/api/basket/").status_code == 200


def test_a_logged_in_shopper_is_checked_as_before(catalogue):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(factories.user())
    assert add_product(client, catalogue[0]).json()["code"] == "csrf_failed"
    token = client.get("/api/csrf/").json()["csrf_token"]
    assert add_product(client, catalogue[0], HTTP_X_CSRFTOKEN=token).status_code == 200


def test_a_header_session_needs_no_token(catalogue, settings):
    # oscarapi's Session-Id header is never sent by a browser on its own
    settings.MIDDLEWARE = [
        "oscarapi.middleware.HeaderSessionMiddleware"
        if entry == "django.contrib.sessions.middleware.SessionMiddleware"
        else entry
        for entry in settings.MIDDLEWARE
    ]
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_SESSION_ID=f"SID:ANON:testserver:{uuid.uuid4().hex}")
    assert add_product(client, catalogue[0]).status_code == 200


def test_the_test_client_default_skips_the_check_as_django_does(catalogue):
    assert add_product(APIClient(), catalogue[0]).status_code == 200


def test_session_and_csrf_cookies_are_same_site_lax(guest, catalogue):
    token = guest.get("/api/csrf/")
    assert token.cookies[settings.CSRF_COOKIE_NAME]["samesite"] == "Lax"
    client = APIClient()
    response = add_product(client, catalogue[0])  # starts a guest session
    assert response.cookies[settings.SESSION_COOKIE_NAME]["samesite"] == "Lax"
