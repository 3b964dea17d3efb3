"""Editors' workflow (revisions, moderation, scheduled publishing), the admins' links to
each other, and the demo content."""

import datetime as dt
import io
import json

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from oscar.apps.dashboard.menu import get_nodes

from contex_oscar.cms import topics
from contex_oscar.cms.models import (
    HelpIndexPage,
    HomePage,
    InformationPage,
    Page,
    StoreSettings,
)
from sandbox.store.demo import pages, site, staff

API = "/api/cms/v2/"


def demo_user(username):
    return get_user_model().objects.get(username=username)


def public_intro(api_client, page):
    return api_client.get(f"{API}pages/{page.pk}/").json()["intro"]


def test_editor_submits_and_the_demo_staff_approves(api_client, help_pages):
    editor, moderator = demo_user(pages.EDITOR_USERNAME), demo_user(staff.STAFF_USERNAME)
    shipping = help_pages[topics.SHIPPING]
    permissions = shipping.permissions_for_user(editor)
    assert permissions.can_edit() and not permissions.can_publish()
    assert moderator.groups.filter(name="Moderators").exists()

    draft = shipping.get_latest_revision_as_object()
    draft.intro = "Pengiriman ke Bali kini 3 hari kerja"
    draft.save_revision(user=editor)
    workflow = shipping.get_workflow()
    assert workflow is not None
    workflow.start(shipping, editor)
    shipping.refresh_from_db()
    assert shipping.workflow_in_progress
    assert public_intro(api_client, shipping) != "Pengiriman ke Bali kini 3 hari kerja"

    task_state = shipping.current_workflow_task_state
    task = task_state.task.specific
    assert "approve" in [name for name, *_ in task.get_actions(shipping, moderator)]
    assert task.get_actions(shipping, editor) == []  # editors do not approve
    task.on_action(task_state, moderator, "approve")
    shipping.refresh_from_db()
    assert not shipping.workflow_in_progress
    assert public_intro(api_client, shipping) == "Pengiriman ke Bali kini 3 hari kerja"


def test_every_publication_is_a_revision(help_pages):
    faq = help_pages[topics.FAQ]
    before = faq.revisions.count()
    for intro in ("Satu", "Dua"):
        draft = faq.get_latest_revision_as_object()
        draft.intro = intro
        draft.save_revision().publish()
    assert faq.revisions.count() == before + 2
    first = faq.revisions.order_by("created_at").first().as_object()
    assert first.intro == "Pertanyaan yang sering diajukan pelanggan."


def test_scheduled_publishing_of_a_page(api_client, help_pages):
    price = help_pages[topics.PRICE_POLICY]
    now = timezone.now()
    draft = price.get_latest_revision_as_object()
    draft.intro = "Kebijakan baru berlaku besok"
    draft.go_live_at = now + dt.timedelta(days=1)
    revision = draft.save_revision()
    revision.publish()
    assert public_intro(api_client, price) != "Kebijakan baru berlaku besok"
    with time_machine.travel(now + dt.timedelta(days=1, minutes=5)):
        call_command("publish_scheduled", stdout=io.StringIO())
        assert public_intro(api_client, price) == "Kebijakan baru berlaku besok"


# --- each admin links to the other ----------------------------------------------------


def test_wagtail_menu_has_a_shop_link_for_staff(client, help_pages, staff_user):
    client.force_login(staff_user)
    html = client.get("/cms/").content.decode()
    assert '"name": "shop"' in html or 'data-name="shop"' in html or "&quot;shop&quot;" in html
    assert "/dashboard/" in html


def test_wagtail_menu_hides_the_shop_from_editors_who_are_not_staff(client, help_pages):
    client.force_login(demo_user(pages.EDITOR_USERNAME))
    response = client.get("/cms/")
    assert response.status_code == 200  # the demo editor may use the CMS
    html = response.content.decode()
    assert "&quot;shop&quot;" not in html and '"name": "shop"' not in html


def menu_urls(nodes):
    for node in nodes:
        if node.url_name:
            yield node.url
        yield from menu_urls(node.children)


def test_oscar_dashboard_menu_has_the_cms_entry(client, help_pages, staff_user):
    assert "/dashboard/store/cms/" in list(menu_urls(get_nodes(staff_user)))
    editor = demo_user(pages.EDITOR_USERNAME)
    editor.is_staff = True
    editor.save()
    editor.groups.clear()  # staff without Wagtail access do not see it
    editor = demo_user(pages.EDITOR_USERNAME)
    assert "/dashboard/store/cms/" not in list(menu_urls(get_nodes(editor)))

    client.force_login(staff_user)
    response = client.get("/dashboard/store/cms/")
    assert response.status_code == 302 and response["Location"] == "/cms/"
    client.logout()
    assert client.get("/dashboard/store/cms/")["Location"].startswith("/accounts/login/")


# --- demo content -------------------------------------------------------------------


def tree_snapshot():
    return sorted(
        (page.depth, page.url_path, page.specific_class.__name__, page.live)
        for page in Page.objects.all()
    )


def test_demo_tree_is_complete_and_loading_it_again_changes_nothing(help_pages):
    assert set(help_pages) == set(topics.TOPICS)
    home = HomePage.objects.get(slug="home")
    assert home.sites_rooted_here.get().is_default_site
    index = HelpIndexPage.objects.get(locale=home.locale)
    assert index.get_parent().specific == home and index.slug == "bantuan"
    assert all(page.live and page.revisions.exists() for page in help_pages.values())
    assert not Page.objects.filter(slug="home-wagtail-welcome").exists()

    faq = help_pages[topics.FAQ]
    faq.title = "FAQ (diubah editor)"
    faq.save_revision().publish()
    values = StoreSettings.objects.get()
    values.call_center_phone = "+62 21 999"
    values.save()
    before = tree_snapshot()
    counts = (Group.objects.count(), get_user_model().objects.count())

    site.load(io.StringIO())
    staff.load(io.StringIO())
    pages.load(io.StringIO())

    assert tree_snapshot() == before
    assert (Group.objects.count(), get_user_model().objects.count()) == counts
    assert InformationPage.objects.get(pk=faq.pk).title == "FAQ (diubah editor)"
    assert StoreSettings.objects.get().call_center_phone == "+62 21 999"


def test_demo_restores_the_editorial_setup_on_a_flushed_database(db):
    from wagtail.models import Locale, Workflow

    Page.objects.all().delete()
    Group.objects.all().delete()
    Workflow.objects.all().delete()
    Locale.objects.all().delete()
    site.load(io.StringIO())
    staff.load(io.StringIO())
    pages.load(io.StringIO())
    assert InformationPage.objects.filter(locale__language_code="id").count() == len(topics.TOPICS)
    home = HomePage.objects.get(slug="home")
    assert home.get_workflow() is not None
    editor = demo_user(pages.EDITOR_USERNAME)
    assert InformationPage.objects.first().permissions_for_user(editor).can_edit()


def test_demo_pages_are_written_in_indonesian(help_pages):
    payment = help_pages[topics.PAYMENT]
    text = json.dumps(list(payment.body.raw_data), ensure_ascii=False)
    assert "1×24 jam" in text and "Jabodetabek" in text
    assert payment.locale.language_code == "id"


def test_admin_screens_of_the_cms_load(client, help_pages, staff_user):
    from django.urls import reverse

    from contex_oscar.cms.models import Announcement

    client.force_login(staff_user)
    item = Announcement.objects.create(title="Libur", message="<p>Tutup</p>")
    site_id = HomePage.objects.get(slug="home").sites_rooted_here.get().pk
    for url in (
        "/cms/",
        reverse("wagtailsnippets_contex_cms_announcement:list"),
        reverse("wagtailsnippets_contex_cms_announcement:add"),
        reverse("wagtailsnippets_contex_cms_announcement:edit", args=[item.pk]),
        reverse("wagtailsettings:edit", args=["contex_cms", "storesettings", site_id]),
        f"/cms/pages/{help_pages[topics.WARRANTY].pk}/edit/",
        f"/cms/pages/{help_pages[topics.WARRANTY].pk}/history/",
        f"/cms/pages/add/contex_cms/informationpage/{help_pages[topics.WARRANTY].get_parent().pk}/",
    ):
        assert client.get(url).status_code == 200, url
