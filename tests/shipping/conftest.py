import io
from decimal import Decimal as D

import pytest
from oscar.core.loading import get_model

from contex_oscar.shipping.models import PostcodeRange, ShippingZone
from tests import factories

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
WeightBased = get_model("shipping", "WeightBased")
WeightBand = get_model("shipping", "WeightBand")

MEDAN = factories.MEDAN_ADDRESS
JAYAPURA = {
    "first_name": "Yohanes",
    "last_name": "Wenda",
    "line1": "Jl. Ahmad Yani No. 3",
    "line4": "Jayapura",
    "state": "Papua",
    "postcode": "99111",
    "phone_number": "+62 967 555 0103",
}


@pytest.fixture
def zones(catalogue):
    """The demo zones (Jabodetabek from migrate, six rated zones), keyed by slug."""
    from contex_oscar.setup import shipping as demo_shipping

    demo_shipping.load(io.StringIO())
    return {zone.slug: zone for zone in ShippingZone.objects.all()}


@pytest.fixture
def scanner(catalogue):
    """Contex IQ FLEX: 24 kg, 100×42×28 cm (volumetric 19.6 kg)."""
    return Product.objects.get(upc="CTX-IQFLEX")


@pytest.fixture
def bulky_scanner(catalogue):
    """Contex HD Ultra X 3650: 48 kg actual, 150×60×45 cm = 67.5 kg volumetric."""
    return Product.objects.get(upc="CTX-HDUX-3650")


@pytest.fixture
def weightless_product(catalogue):
    """A scanner accessory in the same product class, without weight or dimensions."""
    model = catalogue[0]
    product = Product.objects.create(
        upc="CTX-CABLE",
        title="Kabel USB 3.0",
        product_class=model.product_class,
        structure=Product.STANDALONE,
        is_public=True,
    )
    product.attr.warranty_type = model.attr.warranty_type
    product.attr.save()
    record = model.stockrecords.get()
    StockRecord.objects.create(
        product=product,
        partner=record.partner,
        partner_sku="CTX-CABLE",
        price_currency="IDR",
        price=D("350000"),
        num_in_stock=50,
    )
    return product


@pytest.fixture
def test_zone(db):
    """Zone 'uji' for postcodes 50000–50999 with bands 30 kg → 100.000, 50 kg → 150.000."""
    rates = WeightBased.objects.create(name="Tarif uji")
    WeightBand.objects.create(method=rates, upper_limit=D("30"), charge=D("100000"))
    WeightBand.objects.create(method=rates, upper_limit=D("50"), charge=D("150000"))
    zone = ShippingZone.objects.create(
        slug="uji", name="Zona uji", weight_based=rates, min_days=2, max_days=3
    )
    PostcodeRange.objects.create(zone=zone, first="50000", last="50999")
    return zone
