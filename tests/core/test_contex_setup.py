"""``manage.py contex_setup``: the store's data in any Oscar site, safe to run again, never
overwriting staff's or editors' changes; ``--demo`` adds the demo catalogue. The system
checks of a store that cannot take orders."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from oscar.core.loading import get_model
from wagtail.models import Site

from contex_oscar.checks import store_problems
from contex_oscar.cms import topics
from contex_oscar.cms.models import HomePage, InformationPage, StoreSettings
from contex_oscar.payment import methods, services
from contex_oscar.payment.models import BankAccount
from contex_oscar.shipping.models import ShippingZone

Country = get_model("address", "Country")
Product = get_model("catalogue", "Product")
WeightBand = get_model("shipping", "WeightBand")


def setup(*args):
    out = io.StringIO()
    call_command("contex_setup", *args, stdout=out)
    return out.getvalue()


def counts():
    return (
        InformationPage.objects.count(),
        ShippingZone.objects.count(),
        WeightBand.objects.count(),
        StoreSettings.objects.count(),
        Product.objects.count(),
    )


def problem_ids():
    return {problem.id for problem in store_problems()}


@pytest.mark.django_db
def test_setup_creates_the_store_and_a_second_run_changes_nothing():
    setup()
    first = counts()
    setup()
    assert counts() == first
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage)
    for language in ("id", "en"):
        assert InformationPage.objects.filter(locale__language_code=language).count() == len(
            topics.TOPICS
        )
    assert ShippingZone.objects.count() == 7  # Jabodetabek and six rated zones
    assert Country.objects.get(iso_3166_1_a2="ID").is_shipping_country
    assert Product.objects.count() == 0  # the catalogue is the demo's


@pytest.mark.django_db
def test_setup_keeps_what_staff_and_editors_changed():
    setup()
    page = InformationPage.objects.get(topic="warranty", locale__language_code="id")
    page.title = "Garansi Resmi"
    page.save_revision().publish()
    zone = ShippingZone.objects.get(slug="sumatra")
    zone.max_days = 9
    zone.save()
    band = zone.weight_based.bands.order_by("upper_limit").first()
    band.charge = 1
    band.save()
    values = StoreSettings.objects.get()
    values.call_center_phone = "+62 21 1111 2222"
    values.save()

    setup()
    page.refresh_from_db()
    zone.refresh_from_db()
    band.refresh_from_db()
    assert page.title == "Garansi Resmi"
    assert zone.max_days == 9 and band.charge == 1
    assert StoreSettings.objects.get().call_center_phone == "+62 21 1111 2222"


@pytest.mark.django_db
def test_setup_demo_adds_the_catalogue_and_bank_accounts():
    setup("--demo")
    assert Product.objects.filter(upc__startswith="CTX-").count() == 9
    assert BankAccount.objects.active().count() == 3
    assert problem_ids() == set()


@pytest.mark.django_db
def test_bank_transfer_is_not_offered_without_an_active_bank_account():
    account = BankAccount.objects.create(
        bank_name="BCA", account_number="111", account_holder="PT Contex", is_active=False
    )
    offered = dict((m.code, a) for m, a in services.available_methods())
    assert not offered[methods.BANK_TRANSFER].available
    assert offered[methods.BANK_TRANSFER].reason_code == "bank_transfer_unavailable"

    account.is_active = True
    account.save()
    offered = dict((m.code, a) for m, a in services.available_methods())
    assert offered[methods.BANK_TRANSFER].available


@pytest.mark.django_db
def test_setup_says_the_store_cannot_take_orders_without_a_bank_account():
    output = setup()
    assert "contex.E001" in output
    assert problem_ids() == {"contex.E001"}
    with pytest.raises(SystemCheckError, match="contex.E001"):
        call_command("check", deploy=True, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_check_fails_without_a_shipping_country(settings):
    settings.CONTEX_PAYMENT_METHODS = ["contex_oscar.payment.methods.ShowroomPayment"]
    setup()
    assert problem_ids() == set()
    Country.objects.update(is_shipping_country=False)
    assert problem_ids() == {"contex.E002"}


@pytest.mark.django_db
def test_setup_makes_indonesia_the_shipping_country_when_there_is_none():
    Country.objects.update_or_create(
        iso_3166_1_a2="ID",
        defaults={"name": "Indonesia", "printable_name": "Indonesia", "is_shipping_country": False},
    )
    Country.objects.exclude(iso_3166_1_a2="ID").update(is_shipping_country=False)
    setup()
    assert list(
        Country.objects.filter(is_shipping_country=True).values_list("iso_3166_1_a2", flat=True)
    ) == ["ID"]


@pytest.mark.django_db
def test_the_reason_bank_transfer_is_not_offered_is_indonesian_first():
    from django.utils import translation

    with translation.override("id"):
        reason = str(methods.get_method(methods.BANK_TRANSFER).availability().reason)
    assert reason.startswith("Transfer bank belum tersedia")
