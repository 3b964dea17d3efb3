"""The transition table, enforced by the one status service (every pair generated)."""

import itertools

import pytest
from django.conf import settings
from oscar.core.loading import get_model

from contex_oscar.order import statuses
from contex_oscar.order.exceptions import IllegalStatusTransition
from contex_oscar.order.models import OrderStatusRecord
from contex_oscar.order.services import change_order_status
from contex_oscar.payment.models import OrderPayment

Order = get_model("order", "Order")

ALL_PAIRS = list(itertools.product(statuses.STATUSES, repeat=2))
LEGAL = [(old, new) for old, new in ALL_PAIRS if new in statuses.TRANSITIONS[old]]
ILLEGAL = [(old, new) for old, new in ALL_PAIRS if new not in statuses.TRANSITIONS[old]]


def test_the_store_has_exactly_nine_statuses():
    assert set(statuses.STATUSES) == {
        "on-hold",
        "awaiting-payment",
        "payment-received",
        "processing",
        "in-shipment",
        "delivered",
        "cancelled",
        "out-of-stock",
        "payment-declined",
    }


def test_every_status_has_a_row_in_the_transition_table():
    assert set(statuses.TRANSITIONS) == set(statuses.STATUSES)
    for targets in statuses.TRANSITIONS.values():
        assert set(targets) <= set(statuses.STATUSES)


def test_oscar_pipeline_settings_are_the_table():
    assert settings.OSCAR_ORDER_STATUS_PIPELINE == {
        old: tuple(new) for old, new in statuses.TRANSITIONS.items()
    }
    assert settings.OSCAR_ORDER_STATUS_CASCADE == {code: code for code in statuses.STATUSES}
    assert Order.pipeline == settings.OSCAR_ORDER_STATUS_PIPELINE


def test_final_statuses_have_no_way_out():
    for code, status in statuses.STATUSES.items():
        assert status.final == (statuses.TRANSITIONS[code] == ())


def _order_in(order, status):
    Order.objects.filter(pk=order.pk).update(status=status)
    order.refresh_from_db()
    return order


def _what_the_move_needs(order, new):
    """What ``services.REQUIREMENTS`` asks before a move into ``new``."""
    if new == statuses.PAYMENT_RECEIVED:  # a recorded payment
        OrderPayment.objects.update_or_create(
            order=order, defaults={"method": "bank-transfer", "state": OrderPayment.PAID}
        )
    if new == statuses.IN_SHIPMENT:
        return {"courier": "JNE", "tracking_number": "JNE-1"}
    if order.status == statuses.IN_SHIPMENT and new != statuses.DELIVERED:  # came back: why
        return {"return_reason": "ditolak penerima"}
    return {}


@pytest.mark.parametrize(("old", "new"), LEGAL, ids=[f"{o}->{n}" for o, n in LEGAL])
def test_legal_move_is_made_and_recorded(order, staff_user, old, new):
    order = _order_in(order, old)
    needs = _what_the_move_needs(order, new)
    change_order_status(order, new, user=staff_user, note="checked", **needs)
    order.refresh_from_db()
    assert order.status == new
    record = OrderStatusRecord.objects.get(order=order)
    assert (record.old_status, record.new_status, record.changed_by) == (old, new, staff_user)
    # a return keeps its reason in the staff note, before the note given
    reason = needs.get("return_reason")
    assert record.note == (f"Kembali ke toko: {reason}\nchecked" if reason else "checked")


@pytest.mark.parametrize(("old", "new"), ILLEGAL, ids=[f"{o}->{n}" for o, n in ILLEGAL])
def test_illegal_move_is_refused_and_nothing_changes(order, old, new):
    order = _order_in(order, old)
    with pytest.raises(IllegalStatusTransition) as excinfo:
        change_order_status(order, new)
    assert excinfo.value.code == "illegal_status_transition"
    order.refresh_from_db()
    assert order.status == old
    assert not OrderStatusRecord.objects.filter(order=order).exists()


def test_unknown_status_is_refused(order):
    with pytest.raises(IllegalStatusTransition):
        change_order_status(order, "shipped-by-pigeon")
