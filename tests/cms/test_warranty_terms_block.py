"""The warranty help page reads its terms from the warranty settings (a live block), so the
page and the warranty check state one clock: the days after *receiving* the unit."""

from django.utils import translation

from contex_oscar.cms import topics
from contex_oscar.service_center import warranty
from tests import factories
from tests.cms.test_api_pages import body_of


def terms_of(api_client, page):
    return {row["code"]: row for row in body_of(api_client, page)["warranty_terms"]["terms"]}


def test_the_warranty_page_states_the_periods_of_the_settings(api_client, help_pages, settings):
    page = help_pages[topics.WARRANTY]
    with translation.override("id"):
        assert "7 hari sejak unit diterima" in terms_of(api_client, page)["dead-on-arrival"]["text"]
    settings.CONTEX_SERVICE_DOA_DAYS = 10
    settings.CONTEX_SERVICE_WARRANTY_YEARS = 2
    settings.CONTEX_SERVICE_FREE_RETURN_WORKING_DAYS = 21
    terms = terms_of(api_client, page)
    assert "10 hari sejak unit diterima" in terms["dead-on-arrival"]["text"]
    assert "2 tahun" in terms["standard"]["text"]
    assert "21 hari kerja" in terms["ship-in"]["text"]


def test_the_block_is_the_warranty_tables_terms(api_client, help_pages):
    terms = body_of(api_client, help_pages[topics.WARRANTY])["warranty_terms"]["terms"]
    assert terms == warranty.warranty_terms()


def test_english_page_and_html_page_render_the_same_figures(client, help_pages, settings):
    settings.CONTEX_SERVICE_DOA_DAYS = 9
    html = client.get("/bantuan/garansi/").content.decode()
    assert "9 hari sejak unit diterima" in html
    english = client.get("/help/warranty/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "within 9 days of receiving the unit" in english


def test_no_demo_page_writes_a_warranty_period_by_hand(help_pages):
    from contex_oscar.setup import pages

    text = repr(pages.PAGES) + repr(pages.PAGES_EN)
    for phrase in ("7 hari", "7 days", "14 hari kerja", "14 working days", "sejak pembelian"):
        assert phrase not in text


def test_the_block_lists_the_brands_staff_support(api_client, help_pages):
    from contex_oscar.service_center.models import SupportedBrand

    page = help_pages[topics.WARRANTY]
    assert "brand-supported" not in terms_of(api_client, page)
    SupportedBrand.objects.create(name="Contex")
    assert "Contex" in terms_of(api_client, page)["brand-supported"]["text"]


def test_staff_keep_the_brands_in_the_cms(client, db):
    from contex_oscar.service_center.models import SupportedBrand

    client.force_login(factories.staff_user())
    response = client.post(
        "/cms/snippets/contex_service_center/supportedbrand/add/", {"name": "Canon", "active": "on"}
    )
    assert response.status_code == 302, response.content[:2000]
    assert SupportedBrand.objects.filter(name="Canon", active=True).exists()
