"""Jabodetabek and zones: postcodes decide, cities and provinces only stand in for them."""

import pytest
from oscar.core.loading import get_model

from contex_oscar.shipping.models import PostcodeRange, ShippingZone, ZonePlace
from contex_oscar.shipping.regions import destination_of, find_zone, is_in_jabodetabek
from contex_oscar.shipping.text import normalise_place

Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
UserAddress = get_model("address", "UserAddress")

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("postcode", "inside"),
    [
        ("09999", False),  # just below the range
        ("10000", True),
        ("10110", True),  # Jakarta Pusat
        ("17999", True),  # last Bekasi postcode of the range
        ("18000", False),  # just above
        ("20112", False),  # Medan
        (" 10 110 ", True),  # spaces typed by the shopper are ignored
    ],
)
def test_postcode_boundaries(postcode, inside):
    assert is_in_jabodetabek({"postcode": postcode, "country": "ID"}) is inside


@pytest.mark.parametrize("postcode", ["1O110", "ABCDE", "1011", "101100", "", None])
def test_malformed_or_missing_postcode_without_city_is_outside(postcode):
    assert is_in_jabodetabek({"postcode": postcode, "line4": "", "state": ""}) is False


@pytest.mark.parametrize(
    "city",
    [
        "Jakarta Pusat",
        "jakarta selatan",
        "Kota Jakarta Utara",
        "Kota Adm. Jakarta Barat",
        "Kepulauan Seribu",
        "Kabupaten Bogor",
        "Kota Depok",
        "Tangerang",
        "Tangerang Selatan",
        "South Tangerang",
        "Kota Bekasi",
        "  BEKASI ",
    ],
)
def test_city_fallback_when_postcode_is_missing(city):
    assert is_in_jabodetabek({"postcode": "", "line4": city})
    assert is_in_jabodetabek({"line4": city})


def test_province_fallback_after_city():
    assert is_in_jabodetabek({"postcode": "", "line4": "Menteng", "state": "DKI Jakarta"})
    assert not is_in_jabodetabek({"postcode": "", "line4": "Karawang", "state": "Jawa Barat"})


def test_wellformed_postcode_decides_over_the_city():
    # a Bandung postcode with "Bekasi" typed as the city stays outside
    assert not is_in_jabodetabek({"postcode": "40111", "line4": "Bekasi"})
    # and a Jakarta postcode with a wrong city stays inside
    assert is_in_jabodetabek({"postcode": "12190", "line4": "Medan"})


def test_other_countries_are_never_jabodetabek():
    assert not is_in_jabodetabek({"postcode": "10110", "country": "SG"})
    assert is_in_jabodetabek({"postcode": "10110", "country": "id"})
    # oscarapi posts countries as hyperlinks
    assert is_in_jabodetabek(
        {"postcode": "10110", "country": "http://testserver/api/countries/ID/"}
    )


def test_accepts_none_dict_and_address_instances(catalogue, shopper):
    indonesia = Country.objects.get(iso_3166_1_a2="ID")
    assert is_in_jabodetabek(None) is False
    unsaved = ShippingAddress(postcode="16424", line4="Depok", country=indonesia)
    assert is_in_jabodetabek(unsaved)
    saved = ShippingAddress.objects.create(
        first_name="A", line1="Jl. Margonda", line4="Depok", postcode="16424", country=indonesia
    )
    assert is_in_jabodetabek(ShippingAddress.objects.get(pk=saved.pk))
    user_address = UserAddress.objects.create(
        user=shopper,
        first_name="B",
        line1="Jl. Asia Afrika",
        line4="Bandung",
        postcode="40111",
        country=indonesia,
    )
    assert not is_in_jabodetabek(user_address)
    assert is_in_jabodetabek({"postcode": "10110", "country": indonesia})


def test_address_instance_is_read_without_queries(catalogue, django_assert_num_queries):
    indonesia = Country.objects.get(iso_3166_1_a2="ID")
    saved = ShippingAddress.objects.create(
        first_name="A", line1="Jl. Margonda", line4="Depok", postcode="16424", country=indonesia
    )
    fresh = ShippingAddress.objects.get(pk=saved.pk)
    with django_assert_num_queries(0):
        destination = destination_of(fresh)
    assert destination.country == "ID"
    assert destination.postcode == "16424"


def test_jabodetabek_is_created_on_migrate_and_editable_as_data():
    zone = ShippingZone.objects.get(slug="jabodetabek")
    assert zone.free_delivery
    assert [(r.first, r.last) for r in zone.postcode_ranges.all()] == [("10000", "17999")]
    # staff narrow the region: 17xxx (Bekasi) leaves it
    zone.postcode_ranges.update(last="16999")
    assert not is_in_jabodetabek({"postcode": "17111"})
    # staff add a city by name
    ZonePlace.objects.create(zone=zone, kind=ZonePlace.CITY, name="Cikarang")
    assert is_in_jabodetabek({"postcode": "", "line4": "Kota Cikarang"})
    # and deactivating the zone takes everything out of it
    zone.is_active = False
    zone.save()
    assert not is_in_jabodetabek({"postcode": "10110"})


def test_narrowest_range_wins(zones):
    islands = ShippingZone.objects.create(
        slug="kepulauan", name="Kepulauan", min_days=5, max_days=9
    )
    PostcodeRange.objects.create(zone=islands, first="14500", last="14599")
    assert find_zone({"postcode": "14510"}) == islands
    assert find_zone({"postcode": "14499"}).slug == "jabodetabek"


@pytest.mark.parametrize(
    ("postcode", "city", "state", "slug"),
    [
        ("40111", "", "", "jawa"),
        ("69999", "", "", "jawa"),
        ("20112", "", "", "sumatra"),
        ("80361", "", "", "bali-nusa-tenggara"),
        ("75111", "", "", "kalimantan"),
        ("90111", "", "", "sulawesi"),
        ("99111", "", "", "maluku-papua"),
        ("", "Surabaya", "Jawa Timur", "jawa"),
        ("", "Makassar", "Sulawesi Selatan", "sulawesi"),
        ("18000", "", "", None),  # no zone covers it
        ("88000", "", "Bali", None),  # well-formed postcode decides alone
        ("", "", "", None),
    ],
)
def test_demo_zones(zones, postcode, city, state, slug):
    zone = find_zone({"postcode": postcode, "line4": city, "state": state})
    assert (zone.slug if zone else None) == slug


def test_place_names_are_unique_across_zones(zones):
    java = zones["jawa"]
    place = ZonePlace(zone=java, kind=ZonePlace.CITY, name="Kota  Bekasi")
    with pytest.raises(Exception) as excinfo:
        place.full_clean()
    assert "Jabodetabek" in str(excinfo.value)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Kota Adm. Jakarta Pusat", "jakarta pusat"),
        ("Kab. Bogor", "bogor"),
        ("KABUPATEN   Tangerang", "tangerang"),
        ("Provinsi DKI Jakarta", "dki jakarta"),
        ("Jakarta-Selatan", "jakarta selatan"),
        (None, ""),
    ],
)
def test_place_names_are_normalised(typed, key):
    assert normalise_place(typed) == key
