"""Demo zones load idempotently; post_migrate (migrate, flush) recreates Jabodetabek."""

import io

import pytest
from django.core.management.sql import emit_post_migrate_signal
from oscar.core.loading import get_model

from contex_oscar.shipping.models import PostcodeRange, ShippingZone, ZonePlace
from contex_oscar.shipping.regions import is_in_jabodetabek

WeightBand = get_model("shipping", "WeightBand")


def counts():
    return (
        ShippingZone.objects.count(),
        PostcodeRange.objects.count(),
        ZonePlace.objects.count(),
        WeightBand.objects.count(),
    )


def test_demo_shipping_is_idempotent(zones):
    from contex_oscar.setup import shipping as demo_shipping

    before = counts()
    demo_shipping.load(io.StringIO())
    assert counts() == before
    assert before[0] == 7
    # every rated zone prices a 20–80 kg scanner, Maluku & Papua stop at 80 kg
    for slug, zone in zones.items():
        if slug == "jabodetabek":
            continue
        limits = sorted(b.upper_limit for b in zone.weight_based.bands.all())
        assert limits[0] == 30
        assert limits[-1] == (80 if slug == "maluku-papua" else 200)


@pytest.mark.django_db
def test_jabodetabek_is_recreated_by_post_migrate_and_edits_are_kept():
    # migrate and flush (transactional tests) both emit post_migrate
    ShippingZone.objects.all().delete()
    assert not is_in_jabodetabek({"postcode": "10110"})
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert is_in_jabodetabek({"postcode": "10110"})
    zone = ShippingZone.objects.get(slug="jabodetabek")
    zone.max_days = 3
    zone.save()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert ShippingZone.objects.get(slug="jabodetabek").max_days == 3
    assert ShippingZone.objects.filter(slug="jabodetabek").count() == 1


def test_system_check_accepts_the_class_loaders_repository():
    from contex_oscar.shipping.checks import repository_is_ours

    assert repository_is_ours() == []


def test_system_check_warns_when_another_loader_gives_oscars(monkeypatch):
    from oscar.apps.shipping.repository import Repository as OscarRepository

    from contex_oscar.shipping import checks

    monkeypatch.setattr(checks, "get_class", lambda module, name: OscarRepository)
    (warning,) = checks.repository_is_ours()
    assert warning.id == "contex_shipping.W001"
