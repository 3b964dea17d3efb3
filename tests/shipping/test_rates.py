"""Weights and bands: actual vs volumetric, exact band limits, products without a weight."""

from decimal import Decimal as D

import pytest
from django.test import override_settings
from oscar.core.loading import get_model

from contex_oscar.shipping import methods
from contex_oscar.shipping.repository import Repository, zone_charge
from contex_oscar.shipping.weights import Measure, basket_weight, measure_products
from tests import factories

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")

IN_TEST_ZONE = {"postcode": "50123", "line4": "Semarang", "country": "ID"}


def make_product(catalogue, upc, weight=None, dims=None, product_class=None):
    model = catalogue[0]
    product = Product.objects.create(
        upc=upc,
        title=upc,
        product_class=product_class or model.product_class,
        structure=Product.STANDALONE,
        is_public=True,
    )
    if product_class is None:
        product.attr.warranty_type = model.attr.warranty_type
        if weight is not None:
            product.attr.weight = weight
        if dims:
            product.attr.length, product.attr.width, product.attr.height = dims
        product.attr.save()
    StockRecord.objects.create(
        product=product,
        partner=model.stockrecords.get().partner,
        partner_sku=upc,
        price_currency="IDR",
        price=D("1000000"),
        num_in_stock=20,
    )
    return product


def basket_of(*items):
    """basket_of((product, qty), ...)"""
    first, quantity = items[0]
    basket = factories.basket_with(first, quantity)
    for product, qty in items[1:]:
        basket.add_product(product, qty)
    basket.reset_offer_applications()
    return basket


def delivery(basket, address=IN_TEST_ZONE):
    return Repository().get_shipping_methods(basket, shipping_addr=address)[0]


@pytest.mark.parametrize(
    ("weight", "code", "charge"),
    [
        (29.999, "zone-uji", D("100000")),
        (30, "zone-uji", D("100000")),  # exactly on the first band's limit
        (30.001, "zone-uji", D("150000")),
        (50, "zone-uji", D("150000")),  # exactly on the top band's limit
        (50.001, methods.QUOTE_ON_REQUEST, D("0")),  # heavier than every band
    ],
)
def test_band_boundaries(catalogue, test_zone, weight, code, charge):
    product = make_product(catalogue, "CTX-W", weight=weight)
    method = delivery(basket_of((product, 1)))
    assert method.code == code
    price = method.calculate(basket_of((product, 1)))
    assert price.excl_tax == price.incl_tax == charge
    assert price.tax == D("0")


def test_too_heavy_for_the_zone_is_quoted_with_the_zones_estimate(catalogue, test_zone):
    product = make_product(catalogue, "CTX-W", weight=51)
    method = delivery(basket_of((product, 1)))
    assert method.quote_pending and not method.is_free
    assert (method.min_days, method.max_days) == (2, 3)


def test_quantity_multiplies_the_unit_weight(catalogue, test_zone):
    product = make_product(catalogue, "CTX-W", weight=20)
    assert delivery(basket_of((product, 1))).charge == D("100000")  # 20 kg
    assert delivery(basket_of((product, 2))).charge == D("150000")  # 40 kg
    assert delivery(basket_of((product, 3))).quote_pending  # 60 kg


def test_volumetric_weight_counts_when_greater(catalogue, bulky_scanner, zones):
    measure = measure_products([bulky_scanner.pk])[bulky_scanner.pk]
    assert measure.weight == D("48")
    assert measure.volumetric_weight == D("67.500")  # 150 × 60 × 45 / 6000
    assert measure.chargeable_weight() == D("67.500")
    method = delivery(basket_of((bulky_scanner, 1)), {"postcode": "40111"})
    assert method.code == "zone-jawa"
    assert method.charge == D("900000")  # the 50–80 kg band, not 30–50 for 48 kg
    assert method.weight == D("67.500")


def test_actual_weight_counts_when_greater(catalogue, scanner):
    measure = measure_products([scanner.pk])[scanner.pk]
    assert measure.volumetric_weight == D("19.600")  # 100 × 42 × 28 / 6000
    assert measure.chargeable_weight() == D("24")


def test_volumetric_divisor_is_a_setting(catalogue, bulky_scanner, zones):
    with override_settings(CONTEX_VOLUMETRIC_DIVISOR=5000):
        method = delivery(basket_of((bulky_scanner, 1)), {"postcode": "40111"})
    assert method.weight == D("81.000")  # 150 × 60 × 45 / 5000
    assert method.charge == D("1250000")


def test_dimensions_without_weight_do_not_make_a_weight(catalogue):
    measure = Measure(weight=None, length=D("100"), width=D("50"), height=D("40"))
    assert measure.chargeable_weight() is None
    # with a default weight the volumetric weight still applies if greater
    assert measure.chargeable_weight(default_weight=D("5")) == D("33.333")


def test_mixed_basket_without_a_default_weight_is_quoted(
    catalogue, test_zone, scanner, weightless_product
):
    basket = basket_of((scanner, 1), (weightless_product, 1))
    assert basket_weight(basket) is None
    method = delivery(basket)
    assert method.code == methods.QUOTE_ON_REQUEST
    assert method.zone == test_zone


def test_mixed_basket_uses_the_zones_default_weight(
    catalogue, test_zone, scanner, weightless_product
):
    test_zone.weight_based.default_weight = D("7")
    test_zone.weight_based.save()
    basket = basket_of((scanner, 1), (weightless_product, 1))
    method = delivery(basket)
    assert method.weight == D("31.000")  # 24 + 7
    assert method.charge == D("150000")


def test_products_needing_no_shipping_weigh_nothing(catalogue, test_zone, scanner):
    service_class = ProductClass.objects.create(name="Layanan", requires_shipping=False)
    visit = make_product(catalogue, "SVC-VISIT", product_class=service_class)
    basket = basket_of((scanner, 1), (visit, 1))
    assert basket_weight(basket) == D("24.000")
    assert delivery(basket).charge == D("100000")


def test_zone_without_rates_is_quoted(catalogue, test_zone, scanner):
    test_zone.weight_based = None
    test_zone.save()
    assert delivery(basket_of((scanner, 1))).code == methods.QUOTE_ON_REQUEST


def test_zone_charge_is_whole_rupiah(catalogue, test_zone, scanner):
    band = test_zone.weight_based.bands.get(upper_limit=30)
    band.charge = D("100000.60")
    band.save()
    method = delivery(basket_of((scanner, 1)))
    assert method.charge == D("100001")
    assert zone_charge(test_zone, basket_of((scanner, 1)))[0] == D("100000.60")
