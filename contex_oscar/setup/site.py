"""Indonesia as a shipping country and the store's Wagtail home page as the default site's root."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import get_supported_language_variant
from oscar.core.loading import get_model
from wagtail.models import Locale, Page, Site

from contex_oscar.cms.models import HomePage

Country = get_model("address", "Country")

STORE_NAME = "Contex Indonesia Store"
INDONESIA = {
    "iso_3166_1_a3": "IDN",
    "iso_3166_1_numeric": "360",
    "printable_name": "Indonesia",
    "name": "Republic of Indonesia",
    "display_order": 1,
    "is_shipping_country": True,
}


def load(stdout):
    _country, created = Country.objects.get_or_create(iso_3166_1_a2="ID", defaults=INDONESIA)
    if not Country.objects.filter(is_shipping_country=True).exists():
        # no address could be entered at checkout (oscar_populate_countries --no-shipping)
        Country.objects.filter(iso_3166_1_a2="ID").update(is_shipping_country=True)
    home = ensure_store_root_page()
    stdout.write(f"  site: Indonesia {'added' if created else 'kept'}, Wagtail root '{home.title}'")


def ensure_store_root_page():
    """The store's ``HomePage`` (slug ``home``, depth 2) as the default site's root.

    Wagtail's own welcome page ("Welcome to your new Wagtail site!", a plain Page
    with slug ``home``) makes way for it: renamed, and deleted once nothing hangs off it.
    A default site that already exists keeps its address; one made here is on
    ``WAGTAILADMIN_BASE_URL``'s host (``localhost`` without it).
    """
    root = Page.get_first_root_node() or _tree_root()
    home = root.get_children().type(HomePage).filter(slug="home").first()
    welcome_page = None
    if home is None:
        welcome_page = root.get_children().filter(slug="home").first()
        if welcome_page is not None:
            welcome_page.slug = "home-wagtail-welcome"
            welcome_page.save()
        home = root.add_child(instance=HomePage(title=STORE_NAME, slug="home"))
        home.save_revision().publish()
    home = home.specific
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True, site_name=STORE_NAME, **_address())
    if site.root_page_id != home.pk and (site.pk is None or _replaceable(site.root_page)):
        site.root_page = home
        site.save()
    if welcome_page is not None and welcome_page.specific_class is Page:
        if not welcome_page.get_children().exists() and not welcome_page.sites_rooted_here.exists():
            welcome_page.delete()
    return home


def _replaceable(page):
    """Wagtail's welcome page (a plain Page) or the tree's root: not a site's own page."""
    return page.is_root() or page.specific_class is Page


def _address():
    address = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "http://localhost")
    port = address.port or (443 if address.scheme == "https" else 80)
    return {"hostname": address.hostname or "localhost", "port": port}


def _tree_root():
    """Wagtail's tree root, made again when a test run flushed the migrations' data."""
    language = get_supported_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    return Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
