import itertools

import pytest
from django.conf import settings
from oscar.core.loading import get_class, get_model
from rest_framework.test import APIClient

from contex_oscar.api.catalogue_cache import forget_catalogue
from tests import factories

Basket = get_model("basket", "Basket")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
Option = get_model("catalogue", "Option")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")


@pytest.fixture
def scanners(catalogue):
    """Twenty public scanners with plenty of stock."""
    return factories.scanners(20, num_in_stock=1000)


def only_public(products):
    """Exactly ``products`` are public (the product list shows public products)."""
    Product.objects.exclude(pk__in=[p.pk for p in products]).update(is_public=False)
    Product.objects.filter(pk__in=[p.pk for p in products]).update(is_public=True)
    forget_catalogue()  # update() sends no signals


def guest_with_basket(products):
    """A guest API client whose session holds an open basket with one line per product."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product in products:
        basket.add_product(product, 1)
    client = APIClient()
    session = client.session
    session[settings.OSCAR_BASKET_COOKIE_OPEN] = basket.pk
    session.save()
    return client, basket


_families = itertools.count(1)


def product_with_variants(count, model):
    """A parent scanner family with ``count`` public variants, an option and a category."""
    family = next(_families)
    parent = Product.objects.create(
        title=f"{model.title} (family of {count})",
        upc=f"FAM{family}",
        structure=Product.PARENT,
        product_class=model.product_class,
        is_public=True,
    )
    for category in model.categories.all():
        ProductCategory.objects.create(product=parent, category=category)
    option, _ = Option.objects.get_or_create(
        code="kalibrasi", defaults={"name": "Kalibrasi di lokasi", "required": False}
    )
    parent.product_class.options.add(option)
    parent.attr.weight = 30
    parent.attr.save()
    record = model.stockrecords.get()
    for index in range(count):
        child = Product.objects.create(
            title=f"{model.title} variant {index}",
            upc=f"FAM{family}-{index}",
            structure=Product.CHILD,
            parent=parent,
            is_public=True,
        )
        child.attr.height = 40 + index
        child.attr.save()
        StockRecord.objects.create(
            product=child,
            partner=record.partner,
            partner_sku=child.upc,
            price_currency="IDR",
            price=record.price,
            num_in_stock=5,
        )
    return parent


def order_of(products, owner):
    """An order placed by ``owner`` with one line per product (Oscar's own order creator)."""
    from tests.factories import JAKARTA_ADDRESS

    OrderCreator = get_class("order.utils", "OrderCreator")
    Calculator = get_class("checkout.calculators", "OrderTotalCalculator")
    Free = get_class("shipping.methods", "Free")
    Country = get_model("address", "Country")
    ShippingAddress = get_model("order", "ShippingAddress")
    basket = Basket.objects.create(owner=owner)
    basket.strategy = Selector().strategy()
    for product in products:
        basket.add_product(product, 1)
    method = Free()
    charge = method.calculate(basket)
    order = OrderCreator().place_order(
        basket=basket,
        total=Calculator().calculate(basket, charge),
        shipping_method=method,
        shipping_charge=charge,
        user=owner,
        shipping_address=ShippingAddress.objects.create(
            country=Country.objects.get(iso_3166_1_a2="ID"), **JAKARTA_ADDRESS
        ),
        status="awaiting-payment",
        terms_accepted=True,
    )
    basket.submit()
    for line in order.lines.all():
        line.attributes.create(type="kalibrasi", value="ya")
    return order
