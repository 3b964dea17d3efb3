"""The headless pages API: every block's JSON, live blocks, find, public access, queries."""

import io
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from contex_oscar.cms import topics
from contex_oscar.cms.models import InformationPage, StoreSettings
from contex_oscar.order import statuses
from contex_oscar.payment.models import BankAccount

API = "/api/cms/v2/"


def in_id(text):
    """What an Indonesian page shows for an English msgid (the shipped catalogue)."""
    with translation.override("id"):
        return str(translation.gettext(str(text))) if isinstance(text, str) else str(text)


def body_of(api_client, page, **params):
    response = api_client.get(f"{API}pages/{page.pk}/", params)
    assert response.status_code == 200, response.content
    return {block["type"]: block["value"] for block in response.json()["body"]}


@pytest.fixture
def accounts(db):
    return [
        BankAccount.objects.create(
            bank_name="BCA",
            branch="KCP Mangga Dua",
            account_number="5270001234",
            account_holder="PT Contex Indonesia",
            display_order=1,
        ),
        BankAccount.objects.create(
            bank_name="Mandiri",
            branch="",
            account_number="1230004567890",
            account_holder="PT Contex Indonesia",
            display_order=2,
        ),
    ]


@pytest.fixture
def every_block_page(help_index, image):
    """One information page holding one block of each type."""
    page = InformationPage(
        title="Semua blok",
        slug="semua-blok",
        body=[
            {"type": "heading", "value": {"text": "Judul", "level": "h3"}},
            {"type": "paragraph", "value": '<p>Teks <b>tebal</b> dan <a href="/x/">tautan</a></p>'},
            {
                "type": "steps",
                "value": {
                    "title": "Langkah",
                    "steps": [
                        {"title": "Pilih", "text": "<p>Pilih scanner.</p>"},
                        {"title": "Bayar", "text": ""},
                    ],
                },
            },
            {
                "type": "faq",
                "value": {
                    "title": "Tanya",
                    "items": [{"question": "COD di Medan?", "answer": "<p>Tidak.</p>"}],
                },
            },
            {
                "type": "notice",
                "value": {"kind": "warning", "title": "Awas", "text": "<p>Batas 24 jam.</p>"},
            },
            {
                "type": "table",
                "value": {
                    "table_caption": "Ongkir",
                    "table_header_choice": "row",
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "data": [["Wilayah", "Biaya"], ["Jabodetabek", "Gratis"], ["Medan", None]],
                },
            },
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "Scanner A0", "caption": "IQ Quattro"},
            },
            {
                "type": "contact",
                "value": {"title": "Kontak", "fields": ["call_center_phone", "pickup_fee"]},
            },
            {"type": "bank_accounts", "value": {"title": "Rekening", "intro": "Transfer ke:"}},
            {"type": "order_statuses", "value": {"title": "Status", "show_next": True}},
        ],
    )
    help_index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_each_block_type_as_json(api_client, every_block_page, accounts, image):
    body = body_of(api_client, every_block_page)

    assert body["heading"] == {"text": "Judul", "level": "h3"}
    assert body["paragraph"] == '<p>Teks <b>tebal</b> dan <a href="/x/">tautan</a></p>'
    assert body["steps"] == {
        "title": "Langkah",
        "steps": [
            {"title": "Pilih", "text": "<p>Pilih scanner.</p>", "number": 1},
            {"title": "Bayar", "text": "", "number": 2},
        ],
    }
    assert body["faq"] == {
        "title": "Tanya",
        "items": [{"question": "COD di Medan?", "answer": "<p>Tidak.</p>"}],
    }
    assert body["notice"] == {"kind": "warning", "title": "Awas", "text": "<p>Batas 24 jam.</p>"}
    assert body["table"] == {
        "caption": "Ongkir",
        "header": ["Wilayah", "Biaya"],
        "rows": [["Jabodetabek", "Gratis"], ["Medan", ""]],
        "first_column_is_header": False,
    }
    picture = body["image"]
    assert picture["alt_text"] == "Scanner A0" and picture["caption"] == "IQ Quattro"
    assert picture["image"]["id"] == image.pk
    assert (picture["image"]["width"], picture["image"]["height"]) == (640, 480)
    assert picture["image"]["renditions"]["thumbnail"]["width"] == 320
    assert picture["image"]["renditions"]["thumbnail"]["url"].startswith("http://testserver/")
    assert set(picture["image"]["renditions"]) == {"thumbnail", "medium", "large"}
    assert body["contact"] == {
        "title": "Kontak",
        "fields": ["call_center_phone", "pickup_fee"],
        "store_name": "Contex Indonesia Store",
        "items": [
            {
                "key": "call_center_phone",
                "label": in_id("Call center"),
                "value": "+62 21 5080 1234",
            },
            {"key": "pickup_fee", "label": in_id("Pickup & delivery fee"), "value": "150000"},
        ],
    }
    assert body["bank_accounts"] == {
        "title": "Rekening",
        "intro": "Transfer ke:",
        "accounts": [
            {
                "bank_name": "BCA",
                "branch": "KCP Mangga Dua",
                "account_number": "5270001234",
                "account_holder": "PT Contex Indonesia",
            },
            {
                "bank_name": "Mandiri",
                "branch": "",
                "account_number": "1230004567890",
                "account_holder": "PT Contex Indonesia",
            },
        ],
    }
    table = body["order_statuses"]
    assert table["title"] == "Status" and table["show_next"] is True
    assert [row["code"] for row in table["statuses"]] == list(statuses.STATUSES)
    in_shipment = next(row for row in table["statuses"] if row["code"] == "in-shipment")
    # labels in the page's language (Indonesian), whatever the request's language
    assert [row["code"] for row in in_shipment["next"]] == list(statuses.TRANSITIONS["in-shipment"])
    assert {"code": "delivered", "label": "Pesanan Terkirim"} in in_shipment["next"]
    delivered = next(row for row in table["statuses"] if row["code"] == "delivered")
    assert delivered["final"] is True and delivered["next"] == []


def test_bank_accounts_block_follows_the_table_without_republishing(
    api_client, help_pages, accounts
):
    payment = help_pages[topics.PAYMENT]
    numbers = [
        a["account_number"] for a in body_of(api_client, payment)["bank_accounts"]["accounts"]
    ]
    assert numbers == ["5270001234", "1230004567890"]

    accounts[0].account_number = "5270009999"
    accounts[0].save()
    accounts[1].is_active = False
    accounts[1].save()
    BankAccount.objects.create(
        bank_name="BNI",
        account_number="0099887766",
        account_holder="PT Contex Indonesia",
        display_order=0,
    )

    listed = body_of(api_client, payment)["bank_accounts"]["accounts"]
    assert [(a["bank_name"], a["account_number"]) for a in listed] == [
        ("BNI", "0099887766"),
        ("BCA", "5270009999"),
    ]
    payment.refresh_from_db()
    assert not payment.has_unpublished_changes  # nobody touched the page


def test_order_status_block_is_the_status_table(api_client, help_pages):
    rows = body_of(api_client, help_pages[topics.ORDER_STATUS])["order_statuses"]["statuses"]
    assert len(rows) == 9
    for row in rows:
        assert [n["code"] for n in row["next"]] == list(statuses.TRANSITIONS[row["code"]])
        assert row["label"] == in_id(statuses.label_for(row["code"]))


def test_english_pages_share_the_topics_and_speak_english(api_client, help_pages):
    response = api_client.get(f"{API}pages/find/", {"topic": "order-status", "locale": "en"})
    english = api_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="id").json()
    assert english["title"] == "Order Status" and english["meta"]["locale"] == "en"
    source = help_pages[topics.ORDER_STATUS]
    assert english["id"] != source.pk
    assert InformationPage.objects.get(pk=english["id"]).translation_key == source.translation_key
    rows = {block["type"]: block["value"] for block in english["body"]}["order_statuses"]
    assert rows["statuses"][0] == {
        "code": "on-hold",
        "label": "On hold",
        "description": "The order waits for the store, e.g. a shipping quote by phone.",
        "final": False,
        "next": [
            {"code": "awaiting-payment", "label": "Awaiting payment"},
            {"code": "payment-received", "label": "Payment received (pending shipment)"},
            {"code": "processing", "label": "Processing"},
            {"code": "cancelled", "label": "Cancelled"},
        ],
    }
    default = api_client.get(f"{API}pages/find/", {"topic": "order-status"})
    assert default["Location"].endswith(f"/pages/{source.pk}/")
    listed = api_client.get(f"{API}pages/", {"locale": "en", "type": "contex_cms.InformationPage"})
    assert listed.json()["meta"]["total_count"] == len(topics.TOPICS)


def test_contact_block_follows_the_site_settings(api_client, help_pages):
    values = StoreSettings.objects.get()
    values.call_center_phone = "+62 21 1111 2222"
    values.after_hours_visit_surcharge = Decimal("300000")
    values.save()
    items = body_of(api_client, help_pages[topics.SERVICE_CENTER])["contact"]["items"]
    by_key = {item["key"]: item["value"] for item in items}
    assert by_key["call_center_phone"] == "+62 21 1111 2222"
    assert by_key["after_hours_visit_surcharge"] == "300000"  # whole rupiah, a string


def test_rich_text_format_can_be_chosen(api_client, help_pages):
    body = body_of(api_client, help_pages[topics.PRICE_POLICY], rich_text_format="markdown")
    assert "**lebih rendah**" in body["paragraph"]


def test_find_by_topic_and_by_path(api_client, help_pages):
    response = api_client.get(f"{API}pages/find/", {"topic": "shipping"})
    assert response.status_code == 302
    # on the host the client asked, not the Wagtail Site record's
    assert response["Location"] == f"http://testserver{API}pages/{help_pages['shipping'].pk}/"
    assert api_client.get(response["Location"]).json()["topic"] == "shipping"

    response = api_client.get(f"{API}pages/find/", {"topic": "warranty", "locale": "id"})
    assert f"/pages/{help_pages['warranty'].pk}/" in response["Location"]

    response = api_client.get(f"{API}pages/find/", {"html_path": "/bantuan/garansi/"})
    assert f"/pages/{help_pages['warranty'].pk}/" in response["Location"]

    missing = api_client.get(f"{API}pages/find/", {"topic": "no-such-topic"})
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


def test_find_follows_wagtailapi_base_url_when_set(api_client, help_pages, settings):
    settings.WAGTAILAPI_BASE_URL = "https://api.contex.example"
    response = api_client.get(f"{API}pages/find/", {"topic": "shipping"})
    page = help_pages["shipping"]
    assert response["Location"] == f"https://api.contex.example{API}pages/{page.pk}/"


def listed_detail_urls(api_client, **headers):
    response = api_client.get(f"{API}pages/", **headers)
    assert response.status_code == 200, response.content
    return {item["id"]: item["meta"]["detail_url"] for item in response.json()["items"]}


def test_detail_urls_are_on_the_host_the_client_called(api_client, help_pages):
    # Not the Wagtail site's address (where the sandbox serves pages), nor its default.
    warranty = help_pages["warranty"]
    listed = listed_detail_urls(api_client, HTTP_HOST="localhost:8001")
    assert listed[warranty.pk] == f"http://localhost:8001{API}pages/{warranty.pk}/"
    detail = api_client.get(f"{API}pages/{warranty.pk}/", HTTP_HOST="localhost:8001").json()
    parent_url = f"http://localhost:8001{API}pages/{warranty.get_parent().pk}/"
    assert detail["meta"]["parent"]["meta"]["detail_url"] == parent_url


def test_detail_urls_follow_wagtailapi_base_url_when_set(api_client, help_pages, settings):
    settings.WAGTAILAPI_BASE_URL = "https://api.contex.example"
    warranty = help_pages["warranty"]
    listed = listed_detail_urls(api_client, HTTP_HOST="localhost:8001")
    assert listed[warranty.pk] == f"https://api.contex.example{API}pages/{warranty.pk}/"


def test_html_url_is_where_the_sandbox_serves_the_page(api_client, client, help_pages, settings):
    from sandbox.store.demo import site

    settings.WAGTAILADMIN_BASE_URL = "http://localhost:9000"
    site.load(io.StringIO())  # the demo's Wagtail site follows the sandbox's address
    page = help_pages["warranty"]
    html_url = api_client.get(f"{API}pages/{page.pk}/").json()["meta"]["html_url"]

    url = urlsplit(html_url)
    assert url.netloc == "localhost:9000"
    served = client.get(url.path, HTTP_HOST=url.netloc)
    assert served.status_code == 200
    assert served.context["page"].pk == page.pk


@pytest.mark.parametrize("accept_language", ["id", "en"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_html_url_of_each_language_answers_whatever_the_accept_language(
    api_client, client, help_pages, settings, language, accept_language
):
    from sandbox.store.demo import site

    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    site.load(io.StringIO())
    from wagtail.models import Locale

    page = help_pages["warranty"].get_translation(Locale.objects.get(language_code=language))
    meta = api_client.get(f"{API}pages/{page.pk}/").json()["meta"]
    path = urlsplit(meta["html_url"]).path
    assert path == {"id": "/bantuan/garansi/", "en": "/help/warranty/"}[language]

    served = client.get(path, HTTP_ACCEPT_LANGUAGE=accept_language)
    assert served.status_code == 200
    assert served.context["page"].pk == page.pk


def test_listing_by_type_and_topic(api_client, help_pages):
    response = api_client.get(
        f"{API}pages/",
        {"type": "contex_cms.InformationPage", "topic": "faq", "fields": "topic,intro"},
    )
    items = response.json()["items"]
    assert [(item["topic"], item["meta"]["locale"]) for item in items] == [
        ("faq", "id"),
        ("faq", "en"),
    ]
    response = api_client.get(
        f"{API}pages/", {"type": "contex_cms.InformationPage", "topic": "faq", "locale": "id"}
    )
    assert [item["id"] for item in response.json()["items"]] == [help_pages["faq"].pk]
    bad = api_client.get(f"{API}pages/", {"colour": "red"})
    assert bad.status_code == 400 and bad.json()["code"] == "bad_request"


def test_help_index_lists_its_topics(api_client, help_index, help_pages):
    data = api_client.get(f"{API}pages/{help_index.pk}/").json()
    assert [t["topic"] for t in data["topics"]] == [
        "how-to-shop",
        "payment",
        "shipping",
        "price-policy",
        "order-status",
        "warranty",
        "service-center",
        "faq",
        "contact",
        "terms",
    ]


def test_drafts_and_unpublished_pages_are_not_public(api_client, help_pages):
    shipping = help_pages[topics.SHIPPING]
    draft = shipping.get_latest_revision_as_object()
    draft.intro = "Teks draf yang belum terbit"
    draft.save_revision()
    data = api_client.get(f"{API}pages/{shipping.pk}/").json()
    assert data["intro"] != "Teks draf yang belum terbit"

    help_pages[topics.FAQ].unpublish()
    assert api_client.get(f"{API}pages/{help_pages[topics.FAQ].pk}/").status_code == 404


def test_public_endpoints_stay_public_when_the_api_default_is_closed(
    api_client, help_pages, settings
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
    }
    for path in (
        "pages/",
        f"pages/{help_pages['faq'].pk}/",
        "images/",
        "documents/",
        "announcements/",
        "settings/",
    ):
        assert api_client.get(API + path).status_code == 200, path


def test_search(api_client, help_pages):
    response = api_client.get(f"{API}pages/", {"search": "rekening"})
    found = {item["id"] for item in response.json()["items"]}
    assert help_pages[topics.PAYMENT].pk in found
    response = api_client.get(
        f"{API}pages/", {"search": "garansi", "type": "contex_cms.InformationPage"}
    )
    assert help_pages[topics.WARRANTY].pk in {item["id"] for item in response.json()["items"]}


def queries_for(api_client, path):
    with CaptureQueriesContext(connection) as captured:
        response = api_client.get(path)
    assert response.status_code == 200
    return len(captured)


def add_pages(index, count, start):
    for n in range(start, start + count):
        page = InformationPage(
            title=f"Halaman {n}",
            slug=f"halaman-{n}",
            body=[
                {"type": "paragraph", "value": f"<p>Isi {n}</p>"},
                {"type": "bank_accounts", "value": {"title": "", "intro": ""}},
                {"type": "order_statuses", "value": {"title": "", "show_next": True}},
            ],
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    return page


def test_list_and_detail_queries_do_not_grow_with_the_page_count(
    api_client, help_index, help_pages, accounts
):
    listing = (
        f"{API}pages/?type=contex_cms.InformationPage&locale=id&limit=20&fields=topic,intro,body"
    )
    last = add_pages(help_index, 2, start=1)
    detail = f"{API}pages/{last.pk}/"
    queries_for(api_client, listing)  # warm caches (content types, site root paths)
    few_list, few_detail = queries_for(api_client, listing), queries_for(api_client, detail)

    last = add_pages(help_index, 25, start=100)
    detail = f"{API}pages/{last.pk}/"
    assert api_client.get(listing).json()["meta"]["total_count"] == len(topics.TOPICS) + 2 + 25
    assert queries_for(api_client, listing) == few_list
    assert queries_for(api_client, detail) == few_detail
    assert few_detail <= 16


def test_html_pages_render_the_live_blocks_too(client, help_pages, accounts):
    payment = client.get("/bantuan/cara-pembayaran/").content.decode()
    assert "5270001234" in payment and "KCP Mangga Dua" in payment
    service = client.get("/bantuan/service-center/").content.decode()
    assert "Rp 250.000" in service and "Rp 150.000" in service
    shipping = client.get("/bantuan/pengiriman/").content.decode()
    assert '<th scope="col">Wilayah</th>' in shipping and "<td>Jabodetabek</td>" in shipping
    statuses_html = client.get("/bantuan/status-pesanan/").content.decode()
    assert str(in_id(statuses.label_for("delivered"))) in statuses_html
