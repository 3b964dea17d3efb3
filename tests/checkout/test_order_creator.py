"""The store's batched order creator writes what Oscar's ``OrderCreator`` writes."""

from unittest import mock

import pytest
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_voucher

from contex_oscar.order.creator import StoreOrderCreator
from tests import factories
from tests.checkout.conftest import checkout, fill_basket, set_stock, stock_of

Basket = get_model("basket", "Basket")
Option = get_model("catalogue", "Option")
StockAlert = get_model("partner", "StockAlert")
ProductAlert = get_model("customer", "ProductAlert")
ProductRecord = get_model("analytics", "ProductRecord")
Selector = get_class("partner.strategy", "Selector")
OrderCreator = factories.OscarOrderCreator  # Oscar's own (the class loader gives the store's)

LINE_FIELDS = (
    "partner_id",
    "partner_name",
    "partner_sku",
    "stockrecord_id",
    "product_id",
    "title",
    "upc",
    "quantity",
    "line_price_incl_tax",
    "line_price_excl_tax",
    "line_price_before_discounts_incl_tax",
    "line_price_before_discounts_excl_tax",
    "unit_price_incl_tax",
    "unit_price_excl_tax",
    "num_allocated",
    "status",
)


def basket_of(*items):
    """An open basket of ``(product, quantity, options)`` items."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product, quantity, options in items:
        basket.add_product(product, quantity, options=options)
    return basket


def written(order):
    lines = order.lines.order_by("pk")
    return {
        "lines": [tuple(getattr(line, name) for name in LINE_FIELDS) for line in lines],
        "prices": [
            (price.line.product_id, price.quantity, price.price_incl_tax, price.price_excl_tax)
            for price in order.line_prices.order_by("pk")
        ],
        "options": [
            (line.product_id, attribute.option_id, attribute.type, attribute.value)
            for line in lines
            for attribute in line.attributes.order_by("pk")
        ],
    }


@pytest.fixture
def calibration(catalogue):
    return Option.objects.create(name="Kalibrasi di lokasi", code="kalibrasi", required=False)


def test_lines_prices_and_options_are_those_oscars_creator_writes(catalogue, calibration):
    first, second = catalogue[0], catalogue[1]

    def items():
        return (
            (first, 2, [{"option": calibration, "value": "ya"}]),
            (second, 1, []),
        )

    oscars = factories.place_order(first, basket=basket_of(*items()), creator=OrderCreator())
    ours = factories.place_order(first, basket=basket_of(*items()), creator=StoreOrderCreator())

    assert written(ours) == written(oscars)
    assert len(written(ours)["lines"]) == 2 and written(ours)["options"]


def test_the_class_loader_gives_everyone_the_stores_creator():
    assert get_class("order.utils", "OrderCreator") is StoreOrderCreator


def test_lines_sharing_a_stock_record_allocate_their_sum(catalogue, calibration):
    product = catalogue[0]
    set_stock(product, 10, num_allocated=1)
    basket = basket_of(
        (product, 2, [{"option": calibration, "value": "ya"}]),
        (product, 3, []),
    )

    factories.place_order(product, basket=basket, creator=StoreOrderCreator())

    assert stock_of(product).num_allocated == 1 + 5


def test_an_allocation_below_the_threshold_opens_a_low_stock_alert(catalogue):
    product = catalogue[0]
    set_stock(product, 6)
    stock_of(product).__class__.objects.filter(product=product).update(low_stock_threshold=5)

    factories.place_order(product, quantity=2, creator=StoreOrderCreator())

    alert = StockAlert.objects.get(stockrecord=stock_of(product))
    assert alert.status == StockAlert.OPEN and alert.threshold == 5


def test_an_open_alert_of_a_record_well_above_its_threshold_is_closed(catalogue):
    product = catalogue[0]
    set_stock(product, 50)
    record = stock_of(product)
    record.__class__.objects.filter(pk=record.pk).update(low_stock_threshold=5)
    StockAlert.objects.create(stockrecord=record, threshold=5)

    factories.place_order(product, quantity=1, creator=StoreOrderCreator())

    assert StockAlert.objects.get(stockrecord=record).status == StockAlert.CLOSED


def test_product_alerts_are_checked_only_for_awaited_products(catalogue):
    awaited, other = catalogue[0], catalogue[1]
    ProductAlert.objects.create(product=awaited, user=factories.user())  # active at once
    basket = basket_of((awaited, 1, []), (other, 1, []))
    dispatcher = "oscar.apps.customer.alerts.utils.AlertsDispatcher"

    with mock.patch(f"{dispatcher}.send_product_alert_email_for_user") as send:
        factories.place_order(awaited, basket=basket, creator=StoreOrderCreator())

    assert [call.args[0] for call in send.call_args_list] == [awaited]


def test_purchase_counters_add_each_products_quantity_once(catalogue):
    counted, new = catalogue[0], catalogue[1]
    ProductRecord.objects.filter(product__in=[counted, new]).delete()
    ProductRecord.objects.create(product=counted, num_purchases=3)
    basket = basket_of((counted, 2, []), (new, 1, []))

    factories.place_order(counted, basket=basket, creator=StoreOrderCreator())

    assert ProductRecord.objects.get(product=counted).num_purchases == 5
    assert ProductRecord.objects.get(product=new).num_purchases == 1


def test_a_voucher_is_applied_recorded_and_shown_on_the_order(api_client, product):
    voucher = create_voucher(code="HEMAT20")
    basket_url = fill_basket(api_client, (product, 1))
    added = api_client.post("/api/basket/add-voucher/", {"vouchercode": "HEMAT20"}, format="json")
    assert added.status_code == 200, added.content

    response = checkout(api_client, basket_url)

    assert response.status_code == 200, response.content
    body = response.json()
    assert [discount["voucher"]["code"] for discount in body["voucher_discounts"]] == ["HEMAT20"]
    voucher.refresh_from_db()
    assert voucher.num_orders == 1
    assert voucher.applications.count() == 1
