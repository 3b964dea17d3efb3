from oscar.core.loading import get_model

from contex_oscar.order import signals
from contex_oscar.order.models import OrderStatusRecord
from contex_oscar.order.services import change_order_status, delivery_date

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
    for status in ("payment-received", "processing", "in-shipment"):
        change_order_status(order, status)
    stock = _stock(order)
    assert (stock.num_allocated, stock.num_in_stock) == (0, in_stock - 1)


def test_history_keeps_every_change_in_order(order, staff_user):
    change_order_status(order, "payment-received", user=staff_user)
    change_order_status(order, "processing", user=staff_user, shopper_note="Sedang dikemas")
    history = list(OrderStatusRecord.objects.filter(order=order))
    assert [(r.old_status, r.new_status) for r in history] == [
        ("awaiting-payment", "payment-received"),
        ("payment-received", "processing"),
    ]
    assert history[1].shopper_note == "Sedang dikemas"
    assert history[1].status_change.new_status == "processing"  # Oscar's own row too


def test_oscar_direct_set_status_is_recorded_as_well(order):
    order.set_status("payment-received")  # e.g. Oscar's dashboard
    record = OrderStatusRecord.objects.get(order=order)
    assert (record.new_status, record.changed_by) == ("payment-received", None)


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
    for status in ("payment-received", "processing", "in-shipment"):
        change_order_status(order, status)
    assert delivery_date(order) is None
    change_order_status(order, "delivered")
    assert str(delivery_date(order)) == "2026-11-26"
