"""The shop's country and its Wagtail root page."""

from django.contrib.sites.models import Site as DjangoSite
from oscar.core.loading import get_model
from wagtail.models import Page, Site

Country = get_model("address", "Country")

STORE_NAME = "Contex Indonesia Store"


def load(stdout):
    Country.objects.update_or_create(
        iso_3166_1_a2="ID",
        defaults={
            "iso_3166_1_a3": "IDN",
            "iso_3166_1_numeric": "360",
            "printable_name": "Indonesia",
            "name": "Republic of Indonesia",
            "display_order": 1,
            "is_shipping_country": True,
        },
    )
    # Indonesia is the only country the store ships to.
    Country.objects.exclude(iso_3166_1_a2="ID").update(is_shipping_country=False)
    DjangoSite.objects.update_or_create(
        pk=1, defaults={"domain": "127.0.0.1:8000", "name": STORE_NAME}
    )
    home = ensure_store_root_page()
    stdout.write(f"  site: Indonesia ships, Wagtail root '{home.title}'")


def ensure_store_root_page():
    """One Wagtail page at depth 2 titled for the store, serving as the default site's root."""
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).first()
    home = site.root_page.specific if site else None
    if home is None or home.depth != 2:
        home = root.get_children().filter(slug="home").first()
    if home is None:
        home = root.add_child(instance=Page(title=STORE_NAME, slug="home"))
    if home.title != STORE_NAME:
        home.title = STORE_NAME
        home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": STORE_NAME},
    )
    return home
