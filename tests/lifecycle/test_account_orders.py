"""The signed-in shopper's orders (oscarapi's ``/api/orders/``): status, payment, tracking."""

import pytest
from django.contrib.auth.models import AnonymousUser
from oscar.core.loading import get_class, get_model

from contex_oscar.order import services
from tests import factories
from tests.lifecycle.conftest import bank_order, to_processing

Voucher = get_model("voucher", "Voucher")
OrderDiscount = get_model("order", "OrderDiscount")


def orders_of(client, user):
    client.force_login(user)
    response = client.get("/api/orders/")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_orders_newest_first_with_status_payment_and_tracking(
    api_client, product, shopper, staff_user, time_machine
):
    time_machine.move_to("2026-03-02 03:00:00+00:00")
    first = bank_order(product, owner=shopper)
    time_machine.move_to("2026-03-02 04:00:00+00:00")
    second = bank_order(product, owner=shopper)
    to_processing(first, staff_user)
    services.ship_order(first, "JNE", "JNE-9", user=staff_user)
    data = orders_of(api_client, shopper)
    assert [o["number"] for o in data] == [str(second.number), str(first.number)]
    newest, oldest = data
    assert newest["status"] == {"code": "awaiting-payment", "label": "Menunggu Pembayaran"}
    assert newest["payment"]["deadline"].startswith("2026-03-03T")  # 24 h after placing
    assert newest["tracking"] is None
    assert oldest["status"]["code"] == "in-shipment"
    assert oldest["tracking"]["courier"] == "JNE"
    assert oldest["tracking"]["tracking_number"] == "JNE-9"
    assert oldest["payment"]["deadline"] is None


def test_another_users_orders_are_never_listed(api_client, product, shopper):
    mine = factories.place_order(product, owner=shopper)
    other = factories.user()
    factories.place_order(product, owner=other)
    assert [o["number"] for o in orders_of(api_client, shopper)] == [str(mine.number)]
    assert api_client.get(f"/api/orders/{other.orders.get().pk}/").status_code in (403, 404)


def test_anonymous_gets_no_list(api_client, db):
    assert api_client.get("/api/orders/").status_code in (401, 403)


def _voucher(code="HEMAT10"):
    Range = get_model("offer", "Range")
    Condition = get_model("offer", "Condition")
    Benefit = get_model("offer", "Benefit")
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    product_range = Range.objects.create(name=f"Semua {code}", includes_all_products=True)
    offer = ConditionalOffer.objects.create(
        name=f"Voucher {code}",
        offer_type=ConditionalOffer.VOUCHER,
        condition=Condition.objects.create(range=product_range, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(range=product_range, type=Benefit.PERCENTAGE, value=10),
    )
    voucher = Voucher.objects.create(
        name=code, code=code, start_datetime="2020-01-01T00:00Z", end_datetime="2099-01-01T00:00Z"
    )
    voucher.offers.add(offer)
    return voucher


def voucher_order(product, voucher, owner=None, quantity=1, email="tamu@example.com"):
    """An order placed through Oscar's own pipeline with ``voucher`` applied to the basket."""
    Applicator = get_class("offer.applicator", "Applicator")
    OrderCreator = get_class("order.utils", "OrderCreator")
    Calculator = get_class("checkout.calculators", "OrderTotalCalculator")
    Free = get_class("shipping.methods", "Free")
    basket = factories.basket_with(product, quantity, owner)
    basket.vouchers.add(voucher)
    Applicator().apply(basket, owner or AnonymousUser())
    method = Free()
    charge = method.calculate(basket)
    address = get_model("order", "ShippingAddress").objects.create(
        country=get_model("address", "Country").objects.get(iso_3166_1_a2="ID"),
        **factories.JAKARTA_ADDRESS,
    )
    order = OrderCreator().place_order(
        basket=basket,
        total=Calculator().calculate(basket, charge),
        shipping_method=method,
        shipping_charge=charge,
        user=owner or AnonymousUser(),
        shipping_address=address,
        status="awaiting-payment",
        guest_email="" if owner else email,
        terms_accepted=True,
    )
    basket.submit()
    return order


@pytest.mark.parametrize("count", [2, 12])
def test_order_list_runs_a_fixed_number_of_queries(
    api_client, product, shopper, staff_user, count, django_assert_max_num_queries
):

    get_model("partner", "StockRecord").objects.filter(product=product).update(num_in_stock=100)
    voucher = _voucher()
    for index in range(count):
        order = (
            voucher_order(product, voucher, owner=shopper)
            if index % 2
            else factories.place_order(product, owner=shopper)
        )
        if index % 3 == 0:
            to_processing(order, staff_user)
            services.ship_order(order, "JNE", f"J{index}", user=staff_user)
    api_client.force_login(shopper)
    with django_assert_max_num_queries(9):  # 8, and the page's count
        response = api_client.get("/api/orders/")
    data = response.json()["results"]
    assert len(data) == count
    with_voucher = [o for o in data if o["voucher_discounts"]]
    assert len(with_voucher) == count // 2
    assert with_voucher[0]["voucher_discounts"][0]["voucher"]["code"] == "HEMAT10"
    assert sum(1 for o in data if o["tracking"]) == len(range(0, count, 3))
