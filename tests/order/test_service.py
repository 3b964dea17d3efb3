import pytest
from django.db import transaction
from oscar.core.loading import get_model

from contex_oscar.order import signals
from contex_oscar.order.exceptions import IllegalStatusTransition
from contex_oscar.order.history import delivery_date
from contex_oscar.order.models import OrderStatusRecord
from contex_oscar.order.services import change_order_status, ship_order
from tests.lifecycle.conftest import to_processing

StockRecord = get_model("partner", "StockRecord")


def _stock(order):
    return StockRecord.objects.get(pk=order.lines.get().stockrecord_id)


def test_placing_an_order_allocates_stock(order):
    assert _stock(order).num_allocated == 1


def test_cancelling_releases_the_allocation(order):
    in_stock = _stock(order).num_in_stock
    change_order_status(order, "cancelled", note="shopper asked")
    stock = _stock(order)
    assert (stock.num_allocated, stock.num_in_stock) == (0, in_stock)


def test_shipping_consumes_the_allocation(order):
    in_stock = _stock(order).num_in_stock
    to_processing(order, None)
    ship_order(order, "JNE", "JNE-1")
    stock = _stock(order)
    assert (stock.num_allocated, stock.num_in_stock) == (0, in_stock - 1)


def test_history_keeps_every_change_in_order(order, staff_user):
    change_order_status(order, "on-hold", user=staff_user)
    change_order_status(order, "awaiting-payment", user=staff_user, shopper_note="Ongkir ok")
    history = list(OrderStatusRecord.objects.filter(order=order))
    assert [(r.old_status, r.new_status) for r in history] == [
        ("awaiting-payment", "on-hold"),
        ("on-hold", "awaiting-payment"),
    ]
    assert history[1].shopper_note == "Ongkir ok"
    assert history[1].status_change.new_status == "awaiting-payment"  # Oscar's own row too


def test_oscar_direct_set_status_outside_the_route_is_refused(order):
    """Code calling Oscar's ``Order.set_status`` would skip every rule: nothing is saved."""
    with pytest.raises(IllegalStatusTransition), transaction.atomic():
        order.set_status("on-hold")
    order.refresh_from_db()
    assert order.status == "awaiting-payment"
    assert not OrderStatusRecord.objects.filter(order=order).exists()


def test_saving_an_order_with_a_new_status_is_refused(order):
    order.status = "cancelled"
    with pytest.raises(IllegalStatusTransition):
        order.save()
    order.refresh_from_db()
    assert order.status == "awaiting-payment"


def test_signal_tells_other_apps(order):
    received = []

    def listener(sender, **kwargs):
        received.append((kwargs["old_status"], kwargs["new_status"], kwargs["order"].pk))

    signals.order_status_changed.connect(listener)
    try:
        change_order_status(order, "cancelled")
    finally:
        signals.order_status_changed.disconnect(listener)
    assert received == [("awaiting-payment", "cancelled", order.pk)]


def test_delivery_date_is_the_store_date_of_delivery(order, time_machine):
    time_machine.move_to("2026-11-25 18:30:00+00:00")  # 01:30 on the 26th in Jakarta
    to_processing(order, None)
    ship_order(order, "JNE", "JNE-1")
    assert delivery_date(order) is None
    change_order_status(order, "delivered")
    assert str(delivery_date(order)) == "2026-11-26"
