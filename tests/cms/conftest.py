import io

import pytest
from PIL import Image as PILImage


@pytest.fixture
def help_pages(db):
    """The demo page tree (home → Bantuan → a page per topic), settings and editors."""
    from contex_oscar.cms.models import InformationPage
    from sandbox.store.demo import pages, site, staff

    site.load(io.StringIO())
    staff.load(io.StringIO())
    pages.load(io.StringIO())
    return {page.topic: page for page in InformationPage.objects.filter(locale__language_code="id")}


@pytest.fixture
def help_index(help_pages):
    from contex_oscar.cms.models import HelpIndexPage

    return HelpIndexPage.objects.get(locale__language_code="id")


@pytest.fixture
def media_root(db, settings, tmp_path):
    """Uploads in a temporary folder, and Wagtail's root collection they belong to
    (a reused test database may have lost the migrations' rows to a flush)."""
    from wagtail.models import Collection

    settings.MEDIA_ROOT = tmp_path
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return tmp_path


def image_file(name="scanner.png", size=(640, 480)):
    from django.core.files.images import ImageFile

    buffer = io.BytesIO()
    PILImage.new("RGB", size, "white").save(buffer, "PNG")
    return ImageFile(buffer, name=name)


@pytest.fixture
def image(db, media_root):
    from wagtail.images import get_image_model

    return get_image_model().objects.create(title="Contex IQ Quattro", file=image_file())
