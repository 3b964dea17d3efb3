"""Shipping zones outside Jabodetabek with cargo rates that fit 20–80 kg scanners.

Jabodetabek itself is created by contex_oscar on migrate (free delivery).
Rates are Oscar ``WeightBased`` methods with ``WeightBand`` rows, one per zone.
Maluku & Papua has no band above 80 kg on purpose: the heaviest parcels there
are quoted by the call center. Postcodes 18000–19999 and 88000–89999 belong to
no zone, so they are quoted too.
"""

from decimal import Decimal as D

from oscar.core.loading import get_model

from contex_oscar.shipping.models import PostcodeRange, ShippingZone, ZonePlace
from contex_oscar.shipping.regions import create_default_regions
from contex_oscar.shipping.text import normalise_place

WeightBased = get_model("shipping", "WeightBased")
WeightBand = get_model("shipping", "WeightBand")

# Java rates (IDR) per band upper limit (kg); other zones multiply them.
JAVA_BANDS = [(30, 450_000), (50, 650_000), (80, 900_000), (120, 1_250_000), (200, 1_900_000)]

# slug, name, postcode ranges, provinces, working days, rate factor, heaviest band (kg)
ZONES = [
    (
        "jawa",
        "Pulau Jawa (di luar Jabodetabek)",
        [("40000", "69999")],
        [
            "Jawa Barat",
            "West Java",
            "Banten",
            "Jawa Tengah",
            "Central Java",
            "DI Yogyakarta",
            "Daerah Istimewa Yogyakarta",
            "Jawa Timur",
            "East Java",
        ],
        (2, 4),
        D("1"),
        200,
    ),
    (
        "sumatra",
        "Sumatra",
        [("20000", "39999")],
        [
            "Aceh",
            "Sumatera Utara",
            "North Sumatra",
            "Sumatera Barat",
            "West Sumatra",
            "Riau",
            "Kepulauan Riau",
            "Jambi",
            "Sumatera Selatan",
            "South Sumatra",
            "Kepulauan Bangka Belitung",
            "Bengkulu",
            "Lampung",
        ],
        (3, 6),
        D("1.6"),
        200,
    ),
    (
        "bali-nusa-tenggara",
        "Bali & Nusa Tenggara",
        [("80000", "87999")],
        ["Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur"],
        (3, 6),
        D("1.8"),
        200,
    ),
    (
        "kalimantan",
        "Kalimantan",
        [("70000", "79999")],
        [
            "Kalimantan Barat",
            "Kalimantan Tengah",
            "Kalimantan Selatan",
            "Kalimantan Timur",
            "Kalimantan Utara",
        ],
        (4, 7),
        D("2"),
        200,
    ),
    (
        "sulawesi",
        "Sulawesi",
        [("90000", "96999")],
        [
            "Sulawesi Selatan",
            "Sulawesi Barat",
            "Sulawesi Tenggara",
            "Sulawesi Tengah",
            "Sulawesi Utara",
            "Gorontalo",
        ],
        (4, 8),
        D("2.2"),
        200,
    ),
    (
        "maluku-papua",
        "Maluku & Papua",
        [("97000", "99999")],
        [
            "Maluku",
            "Maluku Utara",
            "Papua",
            "Papua Barat",
            "Papua Barat Daya",
            "Papua Tengah",
            "Papua Pegunungan",
            "Papua Selatan",
        ],
        (7, 14),
        D("3.5"),
        80,
    ),
]


def load(stdout):
    """Each zone with its rates, postcodes and provinces, once: a zone that exists (found by
    slug) is left as staff keep it."""
    create_default_regions()
    created = 0
    for order, (slug, name, ranges, provinces, days, factor, heaviest) in enumerate(ZONES, 1):
        if ShippingZone.objects.filter(slug=slug).exists():
            continue
        rates, new_rates = WeightBased.objects.get_or_create(
            name=f"Tarif {name}",
            defaults={"description": f"Tarif kargo per berat ke zona {name}."},
        )
        if new_rates:
            for upper_limit, charge in JAVA_BANDS:
                if upper_limit <= heaviest:
                    WeightBand.objects.create(
                        method=rates,
                        upper_limit=D(upper_limit),
                        charge=(D(charge) * factor).quantize(D("1000")),
                    )
        zone = ShippingZone.objects.create(
            slug=slug,
            name=name,
            weight_based=rates,
            min_days=days[0],
            max_days=days[1],
            display_order=order,
        )
        for first, last in ranges:
            PostcodeRange.objects.create(zone=zone, first=first, last=last)
        for province in provinces:
            key = normalise_place(province)
            if not ZonePlace.objects.filter(kind=ZonePlace.PROVINCE, key=key).exists():
                ZonePlace.objects.create(zone=zone, kind=ZonePlace.PROVINCE, name=province)
        created += 1
    stdout.write(f"  shipping: Jabodetabek (free) and {len(ZONES)} rated zones ({created} new)")
