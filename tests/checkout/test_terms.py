"""The terms and conditions at checkout (issue 16, item 1): refused without, recorded with."""

import io

import pytest
from django.test import Client
from oscar.core.loading import get_model
from rest_framework.test import APIClient

from contex_oscar.cms import topics
from contex_oscar.order.models import OrderTermsAcceptance
from tests import factories
from tests.checkout.test_placement_paths import html_checkout
from tests.payment.conftest import JAKARTA

Order = get_model("order", "Order")


@pytest.fixture
def product(catalogue, zones, bank_accounts):
    return catalogue[0]


def post_checkout(client, product, **fields):
    body = factories.checkout_body(
        factories.add_to_basket(client, product),
        guest_email="tamu@example.com",
        shipping_address=JAKARTA,
        **fields,
    )
    return client.post("/api/checkout/", body, format="json")


def test_a_checkout_without_accept_terms_is_refused(api_client, product):
    response = post_checkout(api_client, product, accept_terms=None)  # left out
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "terms_not_accepted"
    assert not Order.objects.exists()


def test_a_checkout_with_accept_terms_false_is_refused(api_client, product):
    response = post_checkout(api_client, product, accept_terms=False)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "terms_not_accepted"
    assert response.json()["message"]
    assert not Order.objects.exists()


def test_the_refusal_is_in_indonesian_by_default(api_client, product):
    response = post_checkout(api_client, product, accept_terms=False)
    assert "syarat dan ketentuan" in response.json()["message"]


def test_a_checkout_with_accept_terms_records_the_acceptance(api_client, product, settings):
    settings.CONTEX_TERMS_VERSION = "2026-12"
    response = post_checkout(api_client, product)
    assert response.status_code == 200, response.content
    order = Order.objects.get(number=response.json()["number"])
    acceptance = OrderTermsAcceptance.objects.get(order=order)
    assert acceptance.version == "2026-12" and acceptance.page_id is None
    assert response.json()["terms_accepted_at"] is not None
    assert response.json()["terms_version"] == "2026-12"


def test_the_acceptance_names_the_live_terms_page_and_its_revision(api_client, product):
    from contex_oscar.cms.models import InformationPage
    from sandbox.store.demo import pages, site

    site.load(io.StringIO())
    pages.load(io.StringIO())  # the store's terms page, in Indonesian and in English
    terms = InformationPage.objects.get(topic=topics.TERMS, locale__language_code="id")
    terms.save_revision().publish()  # an editor's new version
    terms.refresh_from_db()
    response = post_checkout(api_client, product)  # in Indonesian: the Indonesian page
    assert response.status_code == 200, response.content
    acceptance = OrderTermsAcceptance.objects.get(order__number=response.json()["number"])
    assert acceptance.page_id == terms.pk
    assert acceptance.revision_id == terms.live_revision_id
    assert acceptance.version == terms.last_published_at.isoformat()


@pytest.fixture
def terms_page(db):
    from contex_oscar.cms.models import InformationPage
    from sandbox.store.demo import pages, site

    site.load(io.StringIO())
    pages.load(io.StringIO())
    return InformationPage.objects.get(topic=topics.TERMS, locale__language_code="id")


def accepted_version(api_client, product):
    response = post_checkout(api_client, product)
    assert response.status_code == 200, response.content
    return OrderTermsAcceptance.objects.get(order__number=response.json()["number"])


def test_a_new_publication_after_a_checkout_is_what_the_next_one_records(
    api_client, product, terms_page
):
    first = accepted_version(api_client, product)  # the live pages are cached now
    terms_page.save_revision().publish()
    terms_page.refresh_from_db()
    second = accepted_version(APIClient(), product)
    assert second.revision_id == terms_page.live_revision_id != first.revision_id
    assert second.version == terms_page.last_published_at.isoformat()


def test_an_unpublished_terms_page_is_no_longer_recorded(api_client, product, terms_page, settings):
    from contex_oscar.cms.models import InformationPage

    settings.CONTEX_TERMS_VERSION = "2026-12"
    assert accepted_version(api_client, product).page_id is not None
    for page in InformationPage.objects.filter(topic=topics.TERMS):
        page.unpublish()
    acceptance = accepted_version(APIClient(), product)
    assert acceptance.page_id is None and acceptance.version == "2026-12"


def test_the_live_terms_pages_are_read_once_for_many_checkouts(
    terms_page, django_assert_num_queries
):
    from contex_oscar.order import terms

    terms.current_terms()
    with django_assert_num_queries(0):
        assert terms.current_terms()["page_id"] == terms_page.pk


def test_the_owners_order_answer_shows_when_the_terms_were_accepted(product, shopper):
    client = APIClient()
    client.force_authenticate(shopper)
    order = factories.place_order(product, owner=shopper)
    answer = client.get(f"/api/orders/{order.pk}/")
    assert answer.status_code == 200, answer.content
    assert answer.json()["terms_accepted_at"] is not None


def test_the_html_checkout_without_the_tick_places_no_order(product):
    _client, refused = html_checkout(product, accept_terms=False)
    assert refused.status_code == 200  # the preview again, with the message
    assert not Order.objects.exists()
    assert "syarat dan ketentuan" in refused.content.decode()  # the refusal's message


def test_the_html_checkout_with_the_tick_records_the_acceptance(product):
    _client, placed = html_checkout(product)
    assert placed.status_code == 302, placed.content
    assert OrderTermsAcceptance.objects.filter(order=Order.objects.get()).exists()


def test_html_preview_offers_the_terms_checkbox(product):
    client = Client()
    client.post(f"/basket/add/{product.pk}/", {"quantity": 1})
    client.post("/checkout/", {"username": "tamu@example.com", "options": "anonymous"})
    client.post("/checkout/shipping-address/", {**factories.JAKARTA_ADDRESS, "country": "ID"})
    client.post("/checkout/shipping-method/", {"method_code": "jabodetabek-free"})
    preview = client.post("/checkout/preview/", {"payment_method": "bank-transfer"})
    assert 'name="accept_terms"' in preview.content.decode()
