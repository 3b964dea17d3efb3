"""Site settings, announcements (live only), images and documents through the CMS API."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Site

from contex_oscar.cms.models import Announcement, StoreSettings
from contex_oscar.store_values import store_email_context

API = "/api/cms/v2/"


def test_settings_endpoint(api_client, help_pages):
    response = api_client.get(f"{API}settings/")
    assert response.status_code == 200
    assert response.json() == {
        "store_name": "Contex Indonesia Store",
        "call_center_phone": "+62 21 5080 1234",
        "whatsapp_number": "+62 812 8000 1234",
        "support_email": "layanan@contex.example",
        "showroom_address": "Jl. Pangeran Jayakarta No. 88, Jakarta Pusat 10730",
        "service_center_address": "Jl. Pangeran Jayakarta No. 88 Lt. 2, Jakarta Pusat 10730",
        "office_hours": "Senin–Jumat 08.30–17.00 WIB (kecuali hari libur nasional)",
        "office_opens_at": "08:30:00",
        "office_closes_at": "17:00:00",
        "after_hours_visit_surcharge": "250000",
        "pickup_fee": "150000",
    }


def test_settings_endpoint_reads_the_current_values_per_site(api_client, help_pages, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "b.contex.example"]
    values = StoreSettings.objects.get()
    values.support_email = "bantuan@contex.example"
    values.pickup_fee = Decimal("175000")
    values.save()
    data = api_client.get(f"{API}settings/").json()
    assert (data["support_email"], data["pickup_fee"]) == ("bantuan@contex.example", "175000")

    other_root = Page.get_first_root_node().add_child(instance=Page(title="Toko B", slug="b"))
    other = Site.objects.create(hostname="b.contex.example", port=80, root_page=other_root)
    StoreSettings.objects.create(site=other, store_name="Contex B", support_email="b@x.example")
    assert (
        api_client.get(f"{API}settings/", {"site": "b.contex.example"}).json()["store_name"]
        == "Contex B"
    )
    by_host = api_client.get(f"{API}settings/", HTTP_HOST="b.contex.example").json()
    assert by_host["support_email"] == "b@x.example"
    unknown = api_client.get(f"{API}settings/", {"site": "nowhere.example"})
    assert unknown.status_code == 404 and unknown.json()["code"] == "site_not_found"


def test_cms_endpoints_are_described_in_the_openapi_schema(db):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    messages = [*GENERATOR_STATS._error_cache, *GENERATOR_STATS._warn_cache]
    assert [m for m in messages if "cms" in str(m).lower()] == []
    operations = {
        "/api/cms/v2/settings/": "cms_settings_retrieve",
        "/api/cms/v2/pages/": "cms_pages_list",
        "/api/cms/v2/pages/{id}/": "cms_pages_retrieve",
        "/api/cms/v2/pages/find/": "cms_pages_find",
        "/api/cms/v2/pages/preview/": "cms_pages_preview",
        "/api/cms/v2/images/": "cms_images_list",
        "/api/cms/v2/documents/": "cms_documents_list",
        "/api/cms/v2/announcements/": "cms_announcements_list",
    }
    for path, operation_id in operations.items():
        assert paths[path]["get"]["operationId"] == operation_id, path
    settings_schema = paths["/api/cms/v2/settings/"]["get"]["responses"]["200"]
    assert "StoreSettings" in str(settings_schema)
    preview = paths["/api/cms/v2/pages/preview/"]["get"]
    assert [p["name"] for p in preview["parameters"]] == ["token"]


def test_e_mail_context_carries_the_site_settings(help_pages):
    store = store_email_context()["store"]
    assert store["name"] == "Contex Indonesia Store"
    assert store["call_center_phone"] == "+62 21 5080 1234"
    assert store["pickup_fee"] == Decimal("150000")


def test_e_mail_context_without_any_site(db):
    Site.objects.all().delete()
    assert store_email_context()["store"]["name"] == "Contex Indonesia Store"


# --- announcements: a snippet endpoint that shows live objects only --------------


def announcement(title, publish=True, **extra):
    item = Announcement(title=title, message=f"<p>{title}</p>", live=False, **extra)
    item.save()
    revision = item.save_revision()
    if publish:
        revision.publish()
    item.refresh_from_db()
    return item


def listed(api_client):
    response = api_client.get(f"{API}announcements/")
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


def test_only_live_announcements_are_served(api_client, db):
    live = announcement("Libur Idul Fitri")
    draft = announcement("Draf promosi", publish=False)
    assert listed(api_client) == ["Libur Idul Fitri"]
    assert api_client.get(f"{API}announcements/{live.pk}/").status_code == 200
    hidden = api_client.get(f"{API}announcements/{draft.pk}/")
    assert hidden.status_code == 404 and hidden.json()["code"] == "not_found"


def test_unpublished_changes_of_a_live_announcement_stay_hidden(api_client, db):
    item = announcement("Kurir terlambat")
    draft = item.get_latest_revision_as_object()
    draft.title = "Kurir terlambat (draf baru)"
    draft.save_revision()
    assert listed(api_client) == ["Kurir terlambat"]
    data = api_client.get(f"{API}announcements/{item.pk}/").json()
    assert data["message"] == "<p>Kurir terlambat</p>"

    item.refresh_from_db()
    item.unpublish()
    assert listed(api_client) == []


def test_expired_announcements_disappear_at_their_time(api_client, db):
    now = timezone.now()
    announcement("Cuti bersama", expire_at=now + dt.timedelta(hours=2))
    assert listed(api_client) == ["Cuti bersama"]
    with time_machine.travel(now + dt.timedelta(hours=3)):
        # even before the scheduler unpublished it
        assert listed(api_client) == []


def test_scheduled_announcement_goes_live_with_publish_scheduled(api_client, db):
    now = timezone.now()
    item = Announcement(title="Promo Desember", message="<p>Diskon</p>", live=False)
    item.save()
    item.go_live_at = now + dt.timedelta(days=1)
    revision = item.save_revision()
    revision.publish()  # with a future go-live date this only schedules
    revision.refresh_from_db()
    assert revision.approved_go_live_at == item.go_live_at
    assert listed(api_client) == []
    with time_machine.travel(now + dt.timedelta(days=1, minutes=1)):
        call_command("publish_scheduled")
        assert listed(api_client) == ["Promo Desember"]


# --- images and documents ----------------------------------------------------------


def test_images_come_with_renditions(api_client, image):
    items = api_client.get(f"{API}images/").json()["items"]
    assert [item["id"] for item in items] == [image.pk]
    renditions = items[0]["renditions"]
    assert renditions["thumbnail"]["width"] == 320 and renditions["thumbnail"]["height"] == 200
    assert renditions["medium"]["width"] == 640  # "max-800x800" keeps the original size
    detail = api_client.get(f"{API}images/{image.pk}/").json()
    assert detail["renditions"] == renditions
    assert detail["width"] == 640


def test_documents(api_client, media_root, db):
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Kartu garansi", file=ContentFile(b"%PDF-1.4 demo", name="kartu-garansi.pdf")
    )
    items = api_client.get(f"{API}documents/").json()["items"]
    assert items[0]["title"] == "Kartu garansi"
    assert items[0]["meta"]["download_url"].endswith(f"/documents/{document.pk}/kartu-garansi.pdf")


@pytest.mark.parametrize("path", ["images/999/", "documents/999/", "pages/999/"])
def test_missing_objects_answer_in_the_store_error_shape(api_client, db, path):
    response = api_client.get(API + path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
