"""A real editor session: Chromium logs into /cms/, edits the shipping page, publishes,
and the headless API then serves the new text."""

import io

import pytest

from contex_oscar.cms import topics
from contex_oscar.cms.models import InformationPage

NEW_INTRO = "Pengiriman gratis se-Jabodetabek, kini juga untuk Karawang."
NEW_SENTENCE = "Paket dikemas ulang dengan kayu."


@pytest.fixture
def demo_pages(transactional_db):
    from sandbox.store.demo import pages, site, staff

    site.load(io.StringIO())
    staff.load(io.StringIO())
    pages.load(io.StringIO())
    return InformationPage.objects.get(topic=topics.SHIPPING, locale__language_code="id")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_editor_edits_the_shipping_page_and_the_api_serves_it(demo_pages, staff_page):
    shipping = demo_pages
    page = staff_page
    page.goto(f"/cms/pages/{shipping.pk}/edit/")
    page.wait_for_selector("#id_intro")

    page.fill("#id_intro", NEW_INTRO)
    # The second block is a paragraph: type into its Draftail editor.
    editor = page.locator("[data-contentpath='body'] .public-DraftEditor-content").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" " + NEW_SENTENCE)
    # Draftail writes its state to the block's hidden input a moment after typing.
    page.wait_for_function(
        "text => [...document.querySelectorAll('input[type=hidden]')]"
        ".some(input => input.value.includes(text))",
        arg=NEW_SENTENCE,
    )

    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(f"**/cms/pages/{shipping.get_parent().pk}/")

    response = page.request.get(f"/api/cms/v2/pages/{shipping.pk}/")
    assert response.ok
    data = response.json()
    assert data["intro"] == NEW_INTRO
    paragraphs = [block["value"] for block in data["body"] if block["type"] == "paragraph"]
    assert any(NEW_SENTENCE in text for text in paragraphs)

    found = page.request.get("/api/cms/v2/pages/find/?topic=shipping")
    assert found.ok and found.json()["intro"] == NEW_INTRO
    shipping.refresh_from_db()
    assert shipping.live and not shipping.has_unpublished_changes
