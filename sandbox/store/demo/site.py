"""The package's site step (``contex_oscar.setup.site``), then the sandbox's address.

Indonesia is the only shipping country, and both the Sites framework (e-mailed links)
and the default Wagtail site (pages' ``html_url``) are on the address the sandbox
serves on, brought up to date on every run.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site as DjangoSite
from oscar.core.loading import get_model
from wagtail.models import Site

from contex_oscar.setup import site as store_site
from contex_oscar.setup.site import STORE_NAME, ensure_store_root_page

Country = get_model("address", "Country")

__all__ = ["ensure_store_root_page", "load", "served_address"]


def served_address():
    """Where the sandbox serves: ``WAGTAILADMIN_BASE_URL`` (``http://127.0.0.1:8000``
    unless ``dev.py sandbox`` is given another address), split."""
    return urlsplit(settings.WAGTAILADMIN_BASE_URL)


def load(stdout):
    store_site.load(stdout)
    Country.objects.exclude(iso_3166_1_a2="ID").update(is_shipping_country=False)
    address = served_address()
    DjangoSite.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": address.netloc, "name": STORE_NAME}
    )
    site = Site.objects.get(is_default_site=True)  # saved: Wagtail's caches follow
    site.hostname = address.hostname
    site.port = address.port or (443 if address.scheme == "https" else 80)
    site.site_name = STORE_NAME
    site.save()
    stdout.write(f"  sandbox address: {address.scheme}://{address.netloc}")
