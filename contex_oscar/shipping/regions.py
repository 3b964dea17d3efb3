"""Which zone an address lies in, and the one answer to "is it in Jabodetabek?".

An address may come as a dict (oscarapi's checkout serializer), an Oscar
``ShippingAddress``/``UserAddress`` (saved or not) or ``None``. A well-formed
postcode decides alone; only a missing one falls back to the city (``line4``) and then the
province (``state``). A malformed one places the address nowhere: every endpoint refuses it
(``shipping.postcodes``), so none may offer free delivery or COD for it.
"""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import router
from django.utils.translation import gettext_lazy as _

from contex_oscar.conf import contex_settings
from contex_oscar.shipping.text import clean_postcode, normalise_place

# The store's own definition of Jabodetabek, written once into the database
# (then edited by staff in the dashboard, never read from here again).
JABODETABEK_POSTCODES = [("10000", "17999")]
JABODETABEK_CITIES = [
    "Jakarta",
    "Jakarta Pusat",
    "Jakarta Utara",
    "Jakarta Barat",
    "Jakarta Selatan",
    "Jakarta Timur",
    "Kepulauan Seribu",
    "Central Jakarta",
    "North Jakarta",
    "West Jakarta",
    "South Jakarta",
    "East Jakarta",
    "Thousand Islands",
    "Bogor",
    "Depok",
    "Tangerang",
    "Tangerang Selatan",
    "South Tangerang",
    "Bekasi",
]
JABODETABEK_PROVINCES = ["DKI Jakarta", "Daerah Khusus Ibukota Jakarta", "Daerah Khusus Jakarta"]


@dataclass(frozen=True)
class Destination:
    """The parts of an address that decide its zone."""

    postcode: str | None  # five digits, or None when missing
    city: str
    province: str
    country: str | None  # ISO code, None when not given

    @property
    def is_known(self):
        return bool(self.postcode or self.city or self.province)


def country_code(country):
    """The ISO code of a country given as a ``Country``, a URL, a code or nothing (None)."""
    if country is None or country == "":
        return None
    code = getattr(country, "iso_3166_1_a2", None)
    if code:
        return code.upper()
    text = str(country).strip().rstrip("/")
    # oscarapi posts countries as hyperlinks: .../api/countries/ID/
    return text.rsplit("/", 1)[-1].upper() or None


def destination_of(address):
    """A ``Destination`` from a dict, an address model instance or None."""
    if address is None:
        return None
    if isinstance(address, dict):
        get = address.get
        country = get("country")
    else:

        def get(name, default=None):
            return getattr(address, name, default)

        # country_id is the ISO code (Country's primary key): no query needed
        country = getattr(address, "country_id", None)
    postcode = clean_postcode(get("postcode"))
    if postcode is None and str(get("postcode") or "").strip():
        return None  # malformed: no zone, no fallback to the city
    return Destination(
        postcode=postcode,
        city=normalise_place(get("line4")),
        province=normalise_place(get("state")),
        country=country_code(country),
    )


def _zone_models():
    from contex_oscar.shipping.models import PostcodeRange, ZonePlace

    return PostcodeRange, ZonePlace


# Inside ``zones_remembered()``: {Destination: zone or None} found so far in this block.
_remembered_zones = contextvars.ContextVar("contex_remembered_zones", default=None)


@contextmanager
def zones_remembered():
    """Within the block each destination's zone is looked up once.

    A checkout asks three times for the same address (the shipping method, the COD rule
    when validating and again when placing); zones do not change in between.
    """
    token = _remembered_zones.set({})
    try:
        yield
    finally:
        _remembered_zones.reset(token)


def find_zone(address):
    """The active ``ShippingZone`` for ``address``, or None where the store has none."""
    destination = address if isinstance(address, Destination) else destination_of(address)
    if destination is None or not destination.is_known:
        return None
    remembered = _remembered_zones.get()
    if remembered is None:
        return _look_up_zone(destination)
    if destination not in remembered:
        remembered[destination] = _look_up_zone(destination)
    return remembered[destination]


def _look_up_zone(destination):
    if destination.country and destination.country not in contex_settings.CONTEX_SHIPPING_COUNTRIES:
        return None
    PostcodeRange, ZonePlace = _zone_models()
    related = ("zone", "zone__weight_based")
    if destination.postcode:
        ranges = PostcodeRange.objects.filter(
            first__lte=destination.postcode,
            last__gte=destination.postcode,
            zone__is_active=True,
        ).select_related(*related)
        narrowest = min(ranges, key=lambda r: (r.size, r.zone.display_order), default=None)
        return narrowest.zone if narrowest else None
    for kind, key in (
        (ZonePlace.CITY, destination.city),
        (ZonePlace.PROVINCE, destination.province),
    ):
        if not key:
            continue
        place = (
            ZonePlace.objects.filter(kind=kind, key=key, zone__is_active=True)
            .select_related(*related)
            .first()
        )
        if place:
            return place.zone
    return None


def is_jabodetabek_zone(zone):
    return zone is not None and zone.slug == contex_settings.CONTEX_JABODETABEK_ZONE


def is_in_jabodetabek(address):
    """True when ``address`` (dict, address instance or None) lies in Jabodetabek.

    The payment app's COD rule and the free-delivery method both ask this.
    """
    return is_jabodetabek_zone(find_zone(address))


def create_default_regions(app_config=None, using="default", apps=None, **kwargs):
    """Write the Jabodetabek zone once (post_migrate); staff edit it afterwards."""
    if apps is None:
        from django.apps import apps
    try:
        Zone = apps.get_model("contex_shipping", "ShippingZone")
        Range = apps.get_model("contex_shipping", "PostcodeRange")
        Place = apps.get_model("contex_shipping", "ZonePlace")
    except LookupError:
        return
    if not router.allow_migrate_model(using, Zone):
        return
    slug = contex_settings.CONTEX_JABODETABEK_ZONE
    if Zone.objects.using(using).filter(slug=slug).exists():
        return
    zone = Zone.objects.using(using).create(
        slug=slug,
        name=str(_("Jabodetabek")),
        free_delivery=True,
        min_days=1,
        max_days=2,
        display_order=0,
    )
    for first, last in JABODETABEK_POSTCODES:
        Range.objects.using(using).create(zone=zone, first=first, last=last)
    places = [("city", name) for name in JABODETABEK_CITIES] + [
        ("province", name) for name in JABODETABEK_PROVINCES
    ]
    taken = set(Place.objects.using(using).values_list("kind", "key"))
    for kind, name in places:
        key = normalise_place(name)
        if (kind, key) not in taken:
            taken.add((kind, key))
            Place.objects.using(using).create(zone=zone, kind=kind, name=name, key=key)
