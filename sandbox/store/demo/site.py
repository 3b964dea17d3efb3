"""The shop's country, its address and its Wagtail root page."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site as DjangoSite
from oscar.core.loading import get_model
from wagtail.models import Page, Site

Country = get_model("address", "Country")

STORE_NAME = "Contex Indonesia Store"


def served_address():
    """Where the sandbox serves: ``WAGTAILADMIN_BASE_URL`` (``http://127.0.0.1:8000``
    unless ``dev.py sandbox`` is given another address), split."""
    return urlsplit(settings.WAGTAILADMIN_BASE_URL)


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
        pk=1, defaults={"domain": served_address().netloc, "name": STORE_NAME}
    )
    home = ensure_store_root_page()
    stdout.write(f"  site: Indonesia ships, Wagtail root '{home.title}'")


def ensure_store_root_page():
    """The store's ``HomePage`` (slug ``home``, depth 2) as the default site's root.

    Wagtail's own placeholder ("Welcome to your new Wagtail site!", a plain Page
    with slug ``home``) makes way for it: renamed, and deleted once nothing hangs off it.
    """
    from contex_oscar.cms.models import HomePage

    root = Page.get_first_root_node() or _tree_root()
    home = root.get_children().type(HomePage).filter(slug="home").first()
    placeholder = None
    if home is None:
        placeholder = root.get_children().filter(slug="home").first()
        if placeholder is not None:
            placeholder.slug = "home-placeholder"
            placeholder.save()
        home = root.add_child(instance=HomePage(title=STORE_NAME, slug="home"))
        home.save_revision().publish()
    home = home.specific
    if home.title != STORE_NAME:
        home.title = STORE_NAME
        home.save_revision().publish()
    # The pages' html_url: where the sandbox serves them.
    address = served_address()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": address.hostname,
            "port": address.port or (443 if address.scheme == "https" else 80),
            "root_page": home,
            "site_name": STORE_NAME,
        },
    )
    if placeholder is not None and placeholder.specific_class is Page:
        if not placeholder.get_children().exists() and not placeholder.sites_rooted_here.exists():
            placeholder.delete()
    return home


def _tree_root():
    """Wagtail's tree root, made again when a test run flushed the migrations' data."""
    from django.conf import settings
    from django.utils.translation import get_supported_language_variant
    from wagtail.models import Locale

    language = get_supported_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    return Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
