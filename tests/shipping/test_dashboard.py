"""Staff edit zones (postcodes, places, rates, estimates) in Oscar's dashboard."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from contex_oscar.shipping.models import ShippingZone, ZonePlace
from contex_oscar.shipping.regions import find_zone, is_in_jabodetabek

WeightBased = get_model("shipping", "WeightBased")

LIST_URL = "/dashboard/store/shipping/zones/"
CREATE_URL = "/dashboard/store/shipping/zones/create/"


def zone_form(**overrides):
    data = {
        "name": "Kepulauan Riau",
        "slug": "kepri",
        "min_days": "3",
        "max_days": "5",
        "is_active": "on",
        "display_order": "9",
        "weight_based": "",
        "ranges-TOTAL_FORMS": "1",
        "ranges-INITIAL_FORMS": "0",
        "ranges-MIN_NUM_FORMS": "0",
        "ranges-MAX_NUM_FORMS": "1000",
        "ranges-0-first": "29100",
        "ranges-0-last": "29199",
        "places-TOTAL_FORMS": "1",
        "places-INITIAL_FORMS": "0",
        "places-MIN_NUM_FORMS": "0",
        "places-MAX_NUM_FORMS": "1000",
        "places-0-kind": "city",
        "places-0-name": "Batam",
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_pages_are_for_staff_only(client, shopper, zones):
    jabodetabek = zones["jabodetabek"]
    urls = [
        LIST_URL,
        CREATE_URL,
        reverse("contex-dashboard:shipping-zone-update", args=[jabodetabek.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    client.force_login(shopper)
    for url in urls:
        assert client.get(url).status_code == 302
    assert client.post(CREATE_URL, zone_form()).status_code == 302
    assert not ShippingZone.objects.filter(slug="kepri").exists()


def test_menu_has_the_shipping_pages(staff_client, zones):
    page = staff_client.get("/dashboard/").content.decode()
    assert LIST_URL in page
    assert "/dashboard/store/shipping/quotes/" in page


def test_list_shows_zones_with_rates(staff_client, zones):
    response = staff_client.get(LIST_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Jabodetabek" in page and "10000–17999" in page
    assert "Tarif Sumatra" in page
    form_page = staff_client.get(CREATE_URL)
    assert form_page.status_code == 200
    assert "ranges-TOTAL_FORMS" in form_page.content.decode()
    assert "places-TOTAL_FORMS" in form_page.content.decode()


def test_list_queries_do_not_grow_with_zones(staff_client, zones, django_assert_max_num_queries):
    ShippingZone.objects.exclude(slug__in=["jabodetabek", "sumatra"]).delete()
    with django_assert_max_num_queries(40) as few:
        staff_client.get(LIST_URL)
    import io

    from contex_oscar.setup import shipping as demo_shipping

    demo_shipping.load(io.StringIO())
    with django_assert_max_num_queries(len(few)) as many:
        response = staff_client.get(LIST_URL)
    assert len(response.context["zones"]) == 7
    assert len(many) == len(few)


def test_create_zone_with_ranges_places_and_rates(staff_client, zones, scanner):
    rates = WeightBased.objects.create(name="Tarif Kepri")
    rates.bands.create(upper_limit=100, charge=800000)
    response = staff_client.post(CREATE_URL, zone_form(weight_based=str(rates.pk)))
    assert response.status_code == 302, response.context and response.context["form"].errors
    zone = ShippingZone.objects.get(slug="kepri")
    assert zone.weight_based == rates
    # narrower than Sumatra's 20000–39999: wins for Batam postcodes
    assert find_zone({"postcode": "29111"}) == zone
    assert find_zone({"postcode": "", "line4": "Kota Batam"}) == zone


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ranges-0-first": "2910"}, "first"),
        ({"ranges-0-first": "ABCDE"}, "first"),
        ({"ranges-0-first": "29200", "ranges-0-last": "29100"}, "last"),
        ({"places-0-name": "Kota Bekasi"}, "name"),  # already Jabodetabek's
        ({"min_days": "6", "max_days": "2"}, "max_days"),
        ({"slug": "not a slug!"}, "slug"),
    ],
)
def test_invalid_zone_is_refused(staff_client, zones, overrides, field):
    response = staff_client.post(CREATE_URL, zone_form(**overrides))
    assert response.status_code == 200
    assert field in response.content.decode()
    assert not ShippingZone.objects.filter(slug="kepri").exists()


def test_a_rate_table_prices_one_zone_only(staff_client, zones):
    taken = zones["sumatra"].weight_based
    response = staff_client.post(CREATE_URL, zone_form(weight_based=str(taken.pk)))
    assert response.status_code == 200
    assert "weight_based" in response.context["form"].errors


def test_jabodetabek_keeps_its_code_and_cannot_be_deleted(staff_client, zones):
    zone = zones["jabodetabek"]
    url = reverse("contex-dashboard:shipping-zone-update", args=[zone.pk])
    form = staff_client.get(url).context["form"]
    assert form.fields["slug"].disabled
    places = list(zone.places.all())
    ranges = list(zone.postcode_ranges.all())
    data = {
        "name": "Jabodetabek",
        "slug": "renamed",
        "free_delivery": "on",
        "min_days": "1",
        "max_days": "3",
        "is_active": "on",
        "display_order": "0",
        "weight_based": "",
        "ranges-TOTAL_FORMS": str(len(ranges)),
        "ranges-INITIAL_FORMS": str(len(ranges)),
        "ranges-MIN_NUM_FORMS": "0",
        "ranges-MAX_NUM_FORMS": "1000",
        "places-TOTAL_FORMS": str(len(places)),
        "places-INITIAL_FORMS": str(len(places)),
        "places-MIN_NUM_FORMS": "0",
        "places-MAX_NUM_FORMS": "1000",
    }
    for i, r in enumerate(ranges):
        data.update(
            {f"ranges-{i}-id": r.pk, f"ranges-{i}-first": r.first, f"ranges-{i}-last": "16999"}
        )
    for i, p in enumerate(places):
        data.update(
            {f"places-{i}-id": p.pk, f"places-{i}-kind": p.kind, f"places-{i}-name": p.name}
        )
    # staff remove Bekasi from the region
    bekasi = next(i for i, p in enumerate(places) if p.name == "Bekasi")
    data[f"places-{bekasi}-DELETE"] = "on"
    response = staff_client.post(url, data)
    assert response.status_code == 302
    zone.refresh_from_db()
    assert zone.slug == "jabodetabek" and zone.max_days == 3
    assert not is_in_jabodetabek({"postcode": "17111"})
    assert not is_in_jabodetabek({"postcode": "", "line4": "Bekasi"})
    assert not ZonePlace.objects.filter(name="Bekasi").exists()

    delete_url = reverse("contex-dashboard:shipping-zone-delete", args=[zone.pk])
    assert staff_client.post(delete_url).status_code == 302
    assert ShippingZone.objects.filter(pk=zone.pk).exists()


def test_delete_a_zone(staff_client, zones):
    zone = zones["sulawesi"]
    url = reverse("contex-dashboard:shipping-zone-delete", args=[zone.pk])
    assert staff_client.get(url).status_code == 200
    assert staff_client.post(url).status_code == 302
    assert find_zone({"postcode": "90111"}) is None
    assert WeightBased.objects.filter(name="Tarif Sulawesi").exists()  # the rate table stays
