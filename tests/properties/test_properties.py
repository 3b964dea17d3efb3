"""Property tests (hypothesis): the status pipeline, shipping charges, amounts due.

Each example runs inside its own savepoint that is rolled back, so examples never
see each other's orders, stock allocations or unique codes.
"""

import io
from contextlib import contextmanager
from decimal import Decimal as D

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_class, get_model

from contex_oscar.order import statuses
from contex_oscar.order.exceptions import IllegalStatusTransition
from contex_oscar.order.models import OrderStatusRecord
from contex_oscar.order.services import change_order_status
from contex_oscar.payment import services as payment_services
from contex_oscar.shipping.methods import initial_status_for
from contex_oscar.shipping.repository import Repository
from tests import factories

Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
StockRecord = get_model("partner", "StockRecord")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")

PROPERTY_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CODES = sorted(statuses.STATUSES)
PLACED_STATUSES = [statuses.AWAITING_PAYMENT, statuses.ON_HOLD]

# Any five digits, or one near the edges of the demo zones (Jabodetabek, Java, Sumatra,
# Kalimantan, Sulawesi, Bali–Nusa Tenggara, Maluku–Papua) so rated zones come up often.
ZONE_EDGES = [10000, 17999, 20000, 39999, 40000, 69999, 70000, 79999, 80000, 87999, 90000, 99999]
postcodes = st.one_of(
    st.integers(min_value=0, max_value=99999),
    st.sampled_from(ZONE_EDGES),
    st.sampled_from(ZONE_EDGES).flatmap(
        lambda edge: st.integers(min_value=max(edge - 3, 0), max_value=min(edge + 3, 99999))
    ),
).map(lambda n: f"{n:05d}")
# (index into the nine demo scanners, quantity 1–5); heavy baskets end in a quote
basket_lines = st.lists(
    st.tuples(st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=5)),
    min_size=1,
    max_size=3,
)


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Run one example in a savepoint and throw its writes away."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def whole_rupiah(amount):
    return isinstance(amount, D) and amount == amount.to_integral_value()


def basket_of(scanners, lines):
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for index, quantity in lines:
        basket.add_product(scanners[index % len(scanners)], quantity)
    return basket


def address_for(postcode):
    return {**factories.JAKARTA_ADDRESS, "line4": "", "state": "", "postcode": postcode}


@pytest.fixture
def scanners(catalogue):
    """The nine demo scanners, with stock for every example's order."""
    StockRecord.objects.filter(product__in=catalogue).update(num_in_stock=1000)
    return catalogue


@pytest.fixture
def zones(scanners):
    from contex_oscar.setup import shipping as demo_shipping

    demo_shipping.load(io.StringIO())


# 1. The order pipeline -----------------------------------------------------


@PROPERTY_SETTINGS
@given(
    placed_as=st.sampled_from(PLACED_STATUSES),
    targets=st.lists(st.sampled_from(CODES), min_size=1, max_size=12),
)
def test_random_moves_follow_the_transition_table(scanners, placed_as, targets):
    with rolled_back():
        order = factories.place_order(scanners[0], status=placed_as)
        made = []
        for target in targets:
            old = Order.objects.get(pk=order.pk).status
            try:
                change_order_status(order, target)
            except IllegalStatusTransition:
                # refused (table or lifecycle rule, e.g. a hold returns to its origin)
                assert Order.objects.get(pk=order.pk).status == old
                assert order.status == old
                continue
            # a move that succeeds is in the table
            assert target in statuses.TRANSITIONS[old], (old, target)
            assert Order.objects.get(pk=order.pk).status == target == order.status
            made.append((old, target))
        event(f"{len(made)} moves made")

        # the history is exactly the moves made, a chain of legal moves
        history = [
            (record.old_status, record.new_status)
            for record in OrderStatusRecord.objects.filter(order=order).order_by("created_at", "pk")
        ]
        assert history == made
        current = placed_as
        for old, new in history:
            assert old == current
            assert statuses.is_allowed(old, new)
            current = new
        assert Order.objects.get(pk=order.pk).status == current
        # a final status, once reached, is never left
        finals = [i for i, (_old, new) in enumerate(history) if statuses.STATUSES[new].final]
        assert not finals or finals[0] == len(history) - 1


# 2. Shipping charges -------------------------------------------------------


@PROPERTY_SETTINGS
@given(lines=basket_lines, postcode=postcodes)
def test_shipping_charges_are_whole_non_negative_rupiah(scanners, zones, lines, postcode):
    with rolled_back():
        basket = basket_of(scanners, lines)
        offered = Repository().get_shipping_methods(basket, shipping_addr=address_for(postcode))
        assert offered
        for method in offered:
            charge = method.calculate(basket)
            event(f"offered {method.code}")
            assert charge.is_tax_known
            assert charge.incl_tax == charge.excl_tax, method
            assert charge.excl_tax >= 0, method
            assert whole_rupiah(charge.excl_tax), (method, charge.excl_tax)
            assert whole_rupiah(charge.incl_tax), (method, charge.incl_tax)


# 3. Amounts due for bank transfers -------------------------------------------


def place_with_shipping(scanners, lines, postcode):
    """An order placed like the checkout does, with the repository's first method."""
    basket = basket_of(scanners, lines)
    fields = address_for(postcode)
    method = Repository().get_shipping_methods(basket, shipping_addr=fields)[0]
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    address = ShippingAddress.objects.create(
        country=Country.objects.get(iso_3166_1_a2="ID"), **fields
    )
    order = OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=method,
        shipping_charge=charge,
        shipping_address=address,
        status=initial_status_for(method),
        guest_email="tamu@example.com",
        terms_accepted=True,
    )
    basket.submit()
    return order


@PROPERTY_SETTINGS
@given(lines=basket_lines, postcode=postcodes)
def test_bank_transfer_amount_due_is_whole_non_negative_rupiah(scanners, zones, lines, postcode):
    with rolled_back():
        order = place_with_shipping(scanners, lines, postcode)
        order.refresh_from_db()
        summary = payment_services.payment_summary(order)
        due = summary["amount_due"]
        event(f"placed {order.status}, charge {'>' if order.shipping_incl_tax else '='} 0")
        assert due >= 0
        assert whole_rupiah(due), due
        assert due >= order.total_incl_tax  # the unique code only adds
