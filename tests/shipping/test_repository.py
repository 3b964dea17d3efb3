"""The repository: which methods an address gets, whatever form the address comes in."""

from decimal import Decimal as D

from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_class, get_model

from contex_oscar.order import statuses
from contex_oscar.shipping import methods
from contex_oscar.shipping.methods import initial_status_for
from contex_oscar.shipping.repository import Repository
from tests import factories
from tests.shipping.conftest import JAYAPURA, MEDAN

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")


def offered(basket, address):
    return Repository().get_shipping_methods(basket, shipping_addr=address)


def codes(basket, address):
    return [method.code for method in offered(basket, address)]


def test_oscar_loads_our_repository_without_a_forked_shipping_app():
    from django.apps import apps

    assert apps.get_app_config("shipping").name == "oscar.apps.shipping"  # Oscar's own app
    loaded = get_class("shipping.repository", "Repository")
    assert issubclass(loaded, Repository)
    assert loaded.__module__ == "contex_oscar.shipping.repository"


def test_jakarta_gets_free_delivery_then_pickup(zones, scanner):
    basket = factories.basket_with(scanner)
    free, pickup = offered(basket, factories.JAKARTA_ADDRESS)
    assert (free.code, pickup.code) == (methods.JABODETABEK_FREE, methods.SHOWROOM_PICKUP)
    assert free.is_free and not free.quote_pending and free.requires_address
    assert pickup.is_free and not pickup.requires_address
    for method in (free, pickup):
        price = method.calculate(basket)
        assert price.incl_tax == price.excl_tax == D("0")  # incl_tax is known


def test_medan_gets_the_sumatra_rate(zones, scanner):
    basket = factories.basket_with(scanner)
    zone_method = offered(basket, MEDAN)[0]
    assert zone_method.code == "zone-sumatra"
    assert zone_method.calculate(basket).incl_tax == D("720000")  # 24 kg, ≤30 kg band × 1.6
    assert not zone_method.is_free and not zone_method.quote_pending
    assert methods.JABODETABEK_FREE not in codes(basket, MEDAN)


def test_no_zone_means_quote_on_request(zones, scanner):
    basket = factories.basket_with(scanner)
    quote = offered(basket, {"postcode": "18000", "country": "ID"})[0]
    assert quote.code == methods.QUOTE_ON_REQUEST
    assert quote.quote_pending and not quote.is_free
    assert quote.calculate(basket).incl_tax == D("0")
    assert quote.estimate() is None
    assert initial_status_for(quote) == statuses.ON_HOLD


def test_heavy_parcel_to_papua_is_quoted_with_the_zones_estimate(zones, catalogue):
    flatbed = next(p for p in catalogue if p.upc == "CTX-IQFLEX-FB")  # 117 kg volumetric
    basket = factories.basket_with(flatbed)
    quote = offered(basket, JAYAPURA)[0]
    assert quote.code == methods.QUOTE_ON_REQUEST
    assert (quote.estimate().min_days, quote.estimate().max_days) == (7, 14)
    # a light scanner to the same place has a price
    light = factories.basket_with(catalogue[0])
    assert offered(light, JAYAPURA)[0].code == "zone-maluku-papua"


def test_without_address_only_pickup(zones, scanner):
    basket = factories.basket_with(scanner)
    assert codes(basket, None) == [methods.SHOWROOM_PICKUP]
    assert codes(basket, {}) == [methods.SHOWROOM_PICKUP]
    assert Repository().get_default_shipping_method(basket).code == methods.SHOWROOM_PICKUP


def test_address_instance_and_dict_give_the_same_methods(zones, scanner):
    basket = factories.basket_with(scanner)
    indonesia = Country.objects.get(iso_3166_1_a2="ID")
    as_dict = {**MEDAN, "country": indonesia}
    unsaved = ShippingAddress(**as_dict)
    saved = ShippingAddress.objects.create(**as_dict)
    expected = codes(basket, as_dict)
    assert codes(basket, unsaved) == expected
    assert codes(basket, ShippingAddress.objects.get(pk=saved.pk)) == expected
    assert expected == ["zone-sumatra", methods.SHOWROOM_PICKUP]


def test_empty_basket_needs_no_shipping(zones):
    basket = Basket.objects.create()
    (method,) = offered(basket, factories.JAKARTA_ADDRESS)
    assert method.code == methods.NO_SHIPPING_REQUIRED
    assert method.is_free and not method.quote_pending and not method.requires_address
    assert method.estimate() is None


def test_initial_status_for():
    assert initial_status_for(methods.QuoteOnRequest()) == statuses.ON_HOLD
    assert initial_status_for(methods.ShowroomPickup()) is None
    assert initial_status_for(methods.QUOTE_ON_REQUEST) == statuses.ON_HOLD
    assert initial_status_for("zone-jawa") is None
    assert initial_status_for(None) is None


def _queries_for_basket_of(catalogue, count):
    basket = factories.basket_with(catalogue[0])
    for product in catalogue[1:count]:
        basket.add_product(product)
    basket = Basket.objects.get(pk=basket.pk)
    basket.strategy = factories.Selector().strategy()
    with CaptureQueriesContext(connection) as context:
        method = offered(basket, {"postcode": "50123"})[0]
        method.calculate(basket)
    assert method.code == "zone-uji"
    return len(context)


def test_repository_queries_do_not_grow_with_the_basket(test_zone, catalogue):
    test_zone.weight_based.bands.create(upper_limit=D("1000"), charge=D("5000000"))
    one = _queries_for_basket_of(catalogue, 1)
    many = _queries_for_basket_of(catalogue, 8)
    # 4 are Oscar's own basket-line loading; ours: zone, products, attributes, bands
    # (one line: its product class is already loaded, so one query less)
    assert one <= 8 and many <= 8


class HalfOffShipping:
    """Stands in for a ConditionalOffer with a shipping benefit."""

    name = "Ongkir setengah harga"

    def shipping_discount(self, charge, currency):
        return (charge / 2).quantize(D("1"))


def test_shipping_offers_keep_the_store_flags(zones, scanner):
    basket = factories.basket_with(scanner)
    repository = Repository()
    zone_method = offered(basket, MEDAN)[0]
    wrapped = repository.apply_shipping_offer(basket, zone_method, HalfOffShipping())
    assert wrapped.code == "zone-sumatra" and wrapped.is_discounted
    assert wrapped.calculate(basket).incl_tax == D("360000")
    assert not wrapped.is_free and not wrapped.quote_pending and wrapped.requires_address
    assert wrapped.estimate().min_days == 3
    # free and quoted methods are never wrapped (nothing to discount yet)
    free = offered(basket, factories.JAKARTA_ADDRESS)[0]
    assert repository.apply_shipping_offer(basket, free, HalfOffShipping()) is free
    quote = methods.QuoteOnRequest()
    assert repository.apply_shipping_offer(basket, quote, HalfOffShipping()) is quote
