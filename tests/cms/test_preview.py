"""Headless preview of drafts: signed links to a revision, and the admin's JSON preview."""

import datetime as dt
import json
from urllib.parse import parse_qs, urlparse

import time_machine
from django.core import signing
from django.utils import timezone

from contex_oscar.cms import preview, topics
from contex_oscar.cms.models import InformationPage

API = "/api/cms/v2/"


def token_of(url):
    return parse_qs(urlparse(url).query)["token"][0]


def save_draft(page, **changes):
    draft = page.get_latest_revision_as_object()
    for field, value in changes.items():
        setattr(draft, field, value)
    return draft.save_revision()


def test_signed_link_shows_the_draft_while_the_public_api_shows_the_live_page(
    api_client, help_pages
):
    shipping = help_pages[topics.SHIPPING]
    revision = save_draft(shipping, intro="Ongkir baru mulai Januari")
    url = preview.preview_url(shipping)
    assert url.startswith(f"{API}pages/preview/?token=")

    data = api_client.get(url).json()
    assert data["intro"] == "Ongkir baru mulai Januari"
    assert data["id"] == shipping.pk and data["topic"] == "shipping"
    assert data["meta"]["preview"] == {"revision_id": revision.pk, "live": True}
    assert isinstance(data["body"], list) and data["body"][0]["type"] == "table"
    assert api_client.get(f"{API}pages/{shipping.pk}/").json()["intro"] != data["intro"]


def test_link_is_pinned_to_its_revision(api_client, help_pages):
    faq = help_pages[topics.FAQ]
    save_draft(faq, intro="Versi satu")
    url = preview.preview_url(faq)
    save_draft(faq, intro="Versi dua")
    assert api_client.get(url).json()["intro"] == "Versi satu"
    assert api_client.get(preview.preview_url(faq)).json()["intro"] == "Versi dua"


def test_a_never_published_page_can_be_previewed(api_client, help_index):
    page = InformationPage(title="Tukar Tambah", slug="tukar-tambah", live=False)
    help_index.add_child(instance=page)
    page.save_revision()
    assert api_client.get(f"{API}pages/{page.pk}/").status_code == 404
    data = api_client.get(preview.preview_url(page)).json()
    assert data["title"] == "Tukar Tambah" and data["meta"]["preview"]["live"] is False


def test_expired_tampered_and_orphaned_links_are_refused(api_client, help_pages, settings):
    settings.CONTEX_CMS_PREVIEW_MAX_AGE = 600
    warranty = help_pages[topics.WARRANTY]
    save_draft(warranty, intro="Draf garansi")
    url = preview.preview_url(warranty)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=601)):
        expired = api_client.get(url)
    assert expired.status_code == 403 and expired.json()["code"] == "preview_expired"

    token = token_of(url)
    forged = signing.dumps({"page": warranty.pk, "revision": None}, salt="another-salt")
    for bad in (token[:-2] + "xx", forged, ""):
        response = api_client.get(f"{API}pages/preview/", {"token": bad})
        assert response.status_code == 403 and response.json()["code"] == "preview_invalid"

    warranty.delete()
    gone = api_client.get(url)
    assert gone.status_code == 403 and gone.json()["code"] == "preview_invalid"


def test_front_end_preview_url_setting(help_pages, settings):
    settings.CONTEX_CMS_PREVIEW_URL = "https://www.contex.example/pratinjau?token={token}"
    url = preview.preview_url(help_pages[topics.PAYMENT])
    assert url.startswith("https://www.contex.example/pratinjau?token=")
    page = preview.page_for_token(token_of(url))
    assert page.pk == help_pages[topics.PAYMENT].pk


def test_admin_offers_the_front_end_preview_link(client, help_pages, staff_user):
    client.force_login(staff_user)
    payment = help_pages[topics.PAYMENT]
    html = client.get(f"/cms/pages/{payment.pk}/edit/").content.decode()
    from django.utils import translation

    with translation.override("id"):  # the sandbox admin speaks Indonesian
        label = translation.gettext("Preview on the front end")
    assert label in html
    assert f"{API}pages/preview/?token=" in html


def test_admin_api_json_preview_shows_unsaved_changes(client, help_pages, staff_user):
    from tests.cms.test_page_types import edit_form_data

    client.force_login(staff_user)
    payment = help_pages[topics.PAYMENT]
    form = edit_form_data(payment)
    form["intro"] = "Belum disimpan"
    preview_path = f"/cms/pages/{payment.pk}/edit/preview/"
    posted = client.post(preview_path + "?mode=api", form)
    assert posted.json() == {"is_valid": True, "is_available": True}
    response = client.get(preview_path, {"mode": "api"})
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["intro"] == "Belum disimpan"
    assert [block["type"] for block in data["body"]][:3] == [
        "heading",
        "paragraph",
        "bank_accounts",
    ]
    payment.refresh_from_db()
    assert payment.intro != "Belum disimpan"
