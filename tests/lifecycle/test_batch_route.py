"""The status route's batch (``change_order_statuses``): the same rules per order as
``change_order_status``, the writes in bulk."""

from oscar.core.loading import get_model

from contex_oscar.order import services
from contex_oscar.order.exceptions import IllegalStatusTransition
from contex_oscar.order.models import OrderStatusRecord
from contex_oscar.order.statuses import AWAITING_PAYMENT, CANCELLED, PROCESSING
from contex_oscar.payment import services as payments
from contex_oscar.payment.models import OrderPayment
from tests.lifecycle.conftest import bank_order, pay_in_full

Order = get_model("order", "Order")
OrderStatusChange = get_model("order", "OrderStatusChange")
StockRecord = get_model("partner", "StockRecord")


def locked(*orders):
    return list(Order.objects.select_for_update().filter(pk__in=[o.pk for o in orders]))


def test_each_order_of_a_batch_moves_with_its_records_lines_and_stock(product, staff_user):
    record = product.stockrecords.get()
    allocated_before = StockRecord.objects.get(pk=record.pk).num_allocated or 0
    first, second = bank_order(product), bank_order(product, quantity=2)
    assert StockRecord.objects.get(pk=record.pk).num_allocated == allocated_before + 3

    moved, refused = services.change_order_statuses(
        locked(first, second), CANCELLED, user=staff_user, note="batch", shopper_note="maaf"
    )

    assert refused == []
    assert sorted(o.number for o in moved) == sorted([first.number, second.number])
    for order in (first, second):
        order.refresh_from_db()
        assert order.status == CANCELLED
        assert set(order.lines.values_list("status", flat=True)) == {CANCELLED}
        assert not order.lines.filter(allocation_cancelled=False).exists()
        change = OrderStatusChange.objects.get(order=order)
        assert (change.old_status, change.new_status) == (AWAITING_PAYMENT, CANCELLED)
        status_record = OrderStatusRecord.objects.get(order=order)
        assert status_record.status_change == change
        assert (status_record.changed_by, status_record.note, status_record.shopper_note) == (
            staff_user,
            "batch",
            "maaf",
        )
        # the payment followed its order (the route's signal)
        assert OrderPayment.objects.get(order=order).state == OrderPayment.CANCELLED
    assert (StockRecord.objects.get(pk=record.pk).num_allocated or 0) == allocated_before


def test_an_order_the_rules_refuse_is_left_as_it_was(product):
    placed, refused_one = bank_order(product), bank_order(product)
    services.change_order_status(refused_one, CANCELLED)

    moved, refused = services.change_order_statuses(locked(placed, refused_one), CANCELLED)

    assert [o.number for o in moved] == [placed.number]
    assert [type(p) for p in refused] == [IllegalStatusTransition]
    assert refused[0].order_number == refused_one.number
    assert OrderStatusRecord.objects.filter(order=refused_one).count() == 1  # only the first


def test_a_move_that_needs_details_is_refused_in_a_batch(product, staff_user, bank_account):
    order = bank_order(product)
    pay_in_full(order, staff_user, bank_account)
    services.change_order_status(order, PROCESSING, user=staff_user)
    moved, refused = services.change_order_statuses(locked(order), "in-shipment")
    assert moved == []
    assert refused[0].code == "shipment_details_required"
    order.refresh_from_db()
    assert order.status == PROCESSING


def test_a_paid_order_cancelled_in_a_batch_is_owed_back(product, staff_user, bank_account):
    order = bank_order(product)
    pay_in_full(order, staff_user, bank_account)
    paid = payments.amount_paid(order)
    services.change_order_statuses(locked(order), CANCELLED, user=staff_user)
    payment = OrderPayment.objects.get(order=order)
    assert (payment.state, payment.refund_owed) == (OrderPayment.REFUND_OWED, paid)
