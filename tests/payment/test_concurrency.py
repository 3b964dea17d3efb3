"""Races on PostgreSQL (real row locks): each ends in exactly one consistent outcome.

Run with DATABASE_URL=postgres://...; skipped on SQLite.
"""

import datetime as dt
import threading
from decimal import Decimal as D

import pytest
from oscar.core.loading import get_model
from rest_framework.test import APIClient

from contex_oscar.order import statuses
from contex_oscar.payment import expiry, notifications, review
from contex_oscar.payment.exceptions import PaymentError
from contex_oscar.payment.models import OrderPayment, PaymentConfirmation
from tests.checkout.conftest import checkout, fill_basket
from tests.concurrency import in_thread, run_concurrently
from tests.payment.conftest import bank_order, stored_files, submit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")
StockRecord = get_model("partner", "StockRecord")
OrderStatusRecord = get_model("contex_order", "OrderStatusRecord")


def deadline_of(order):
    return OrderPayment.objects.get(order=order).deadline


def pause_mail(monkeypatch, name):
    """``notifications.<name>`` waits, inside its caller's transaction, until released.

    Returns ``(inside, release)``: ``inside`` is set once the mail is reached.
    """
    inside, release = threading.Event(), threading.Event()
    real = getattr(notifications, name)

    def slow_mail(*args, **kwargs):
        inside.set()
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(notifications, name, slow_mail)
    return inside, release


# --- the expiry job against a confirmation --------------------------------------------


def test_confirmation_and_expiry_racing_end_consistently(product, bank_accounts, private_storage):
    """Many orders, each raced by a confirmation (1 s before the deadline) and the job."""
    orders = [bank_order(product) for _ in range(8)]
    outcomes = set()
    for order in orders:
        deadline = deadline_of(order)
        results = run_concurrently(
            lambda order=order, d=deadline: submit(
                order, bank_accounts[0], now=d - dt.timedelta(seconds=1)
            ),
            lambda d=deadline: expiry.expire_unpaid_orders(now=d),
        )
        (submitted, confirmation), (_, expired) = results
        order.refresh_from_db()
        confirmations = PaymentConfirmation.objects.filter(order=order)
        if submitted == "ok":
            # the confirmation won: it is stored and the order waits for review
            assert expired == []
            assert order.status == statuses.AWAITING_PAYMENT
            assert confirmations.count() == 1 and confirmations.get().proof
            outcomes.add("confirmed")
        else:
            # the job won: the order is cancelled, the late confirmation refused, nothing kept
            assert isinstance(confirmation, PaymentError)
            assert confirmation.code == "order_not_awaiting_payment"
            assert expired == [order.number]
            assert order.status == statuses.CANCELLED
            assert not confirmations.exists()
            outcomes.add("expired")
    stored = len(stored_files(private_storage))
    assert stored == PaymentConfirmation.objects.count()  # no orphan proof, none lost
    assert outcomes  # at least one outcome observed; both are consistent


def test_job_skips_an_order_whose_confirmation_is_being_saved(product, bank_accounts, monkeypatch):
    order = bank_order(product)
    deadline = deadline_of(order)
    inside, release = pause_mail(monkeypatch, "confirmation_received")
    thread, box = in_thread(
        lambda: submit(order, bank_accounts[0], now=deadline - dt.timedelta(seconds=1))
    )
    assert inside.wait(10)
    # the confirmation holds the order's lock: the job skips it instead of waiting
    assert expiry.expire_unpaid_orders(now=deadline) == []
    release.set()
    thread.join(10)
    assert "result" in box, box.get("error")
    assert expiry.expire_unpaid_orders(now=deadline + dt.timedelta(days=3)) == []
    order.refresh_from_db()
    assert order.status == statuses.AWAITING_PAYMENT


def test_confirmation_waits_for_the_job_then_is_refused(
    product, bank_accounts, monkeypatch, private_storage
):
    order = bank_order(product)
    deadline = deadline_of(order)
    inside, release = pause_mail(monkeypatch, "orders_expired")
    job, job_box = in_thread(lambda: expiry.expire_unpaid_orders(now=deadline))
    assert inside.wait(10)
    shopper, shopper_box = in_thread(
        lambda: submit(order, bank_accounts[0], now=deadline - dt.timedelta(seconds=1))
    )
    shopper.join(0.5)
    assert shopper.is_alive()  # blocked on the order's row lock
    release.set()
    job.join(10)
    shopper.join(10)
    assert job_box["result"] == [order.number]
    assert shopper_box["error"].code == "order_not_awaiting_payment"
    assert not PaymentConfirmation.objects.exists()
    assert stored_files(private_storage) == []


# --- staff and shoppers doing the same thing twice -------------------------------------


def test_two_staff_approving_at_once_create_one_payment_event(product, bank_accounts, staff_user):
    from tests import factories

    other_staff = factories.user(email="staf-2@contex.example", is_staff=True)
    order = bank_order(product)
    confirmation = submit(order, bank_accounts[0])
    results = run_concurrently(
        lambda: review.approve_confirmation(
            PaymentConfirmation.objects.get(pk=confirmation.pk), staff_user
        ),
        lambda: review.approve_confirmation(
            PaymentConfirmation.objects.get(pk=confirmation.pk), other_staff
        ),
    )
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert error.code == "confirmation_already_reviewed"
    assert PaymentEvent.objects.filter(order=order).count() == 1
    assert order.sources.get().amount_debited == confirmation.amount
    assert (
        OrderStatusRecord.objects.filter(order=order, new_status=statuses.PAYMENT_RECEIVED).count()
        == 1
    )


def test_double_submit_stores_one_confirmation(product, bank_accounts, private_storage):
    order = bank_order(product)
    results = run_concurrently(
        lambda: submit(order, bank_accounts[0]),
        lambda: submit(order, bank_accounts[1]),
    )
    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert error.code == "confirmation_pending"
    assert PaymentConfirmation.objects.filter(order=order).count() == 1
    assert len(stored_files(private_storage)) == 1


def test_two_expiry_runs_at_once_cancel_each_order_once(product):
    record = product.stockrecords.get()
    allocated_before = record.num_allocated or 0
    orders = [bank_order(product) for _ in range(12)]
    now = deadline_of(orders[-1]) + dt.timedelta(seconds=1)
    results = run_concurrently(
        lambda: expiry.expire_unpaid_orders(now=now, batch_size=3),
        lambda: expiry.expire_unpaid_orders(now=now, batch_size=3),
    )
    assert all(kind == "ok" for kind, _ in results), results
    first, second = (set(value) for _, value in results)
    assert not first & second
    assert first | second == {order.number for order in orders}
    for order in orders:
        assert (
            OrderStatusRecord.objects.filter(order=order, new_status=statuses.CANCELLED).count()
            == 1
        )
    assert (StockRecord.objects.get(pk=record.pk).num_allocated or 0) == allocated_before


def same_price(products, price, step=0):
    for index, product in enumerate(products):
        StockRecord.objects.filter(product=product).update(
            price=price + index * step, num_in_stock=50, num_allocated=0
        )
    return products


def parallel_checkouts(products):
    """Each product checked out by its own guest at the same moment (no shared stock lock)."""
    shoppers = [APIClient() for _ in products]
    baskets = [fill_basket(client, (p, 1)) for client, p in zip(shoppers, products, strict=True)]
    results = run_concurrently(
        *[
            lambda client=client, url=url: checkout(client, url)
            for client, url in zip(shoppers, baskets, strict=True)
        ]
    )
    assert all(kind == "ok" for kind, _ in results), results
    return [response for _, response in results]


def test_parallel_checkouts_of_one_total_never_share_an_amount_due(catalogue, zones, settings):
    """Codes 1-3, five checkouts of the same total: three placed, each owing its own
    amount; two refused 503, none placed without a code (issue 13, defect 6)."""
    settings.CONTEX_UNIQUE_CODE_RANGE = (1, 3)
    responses = parallel_checkouts(same_price(catalogue[:5], 5_000_000))
    assert sorted(r.status_code for r in responses) == [200] * 3 + [503] * 2, [
        r.content for r in responses
    ]
    assert {r.json()["code"] for r in responses if r.status_code == 503} == {
        "unique_amount_exhausted"
    }
    payments = list(OrderPayment.objects.all())
    assert len(payments) == Order.objects.count() == 3
    amounts = [payment.open_amount_due for payment in payments]
    assert sorted(amounts) == [D(5_000_001), D(5_000_002), D(5_000_003)]
    for payment in payments:
        assert payment.open_amount_due == payment.order.total_incl_tax + payment.unique_code


def test_parallel_checkouts_of_different_totals_are_all_placed(catalogue, zones, settings):
    settings.CONTEX_UNIQUE_CODE_RANGE = (1, 3)
    responses = parallel_checkouts(same_price(catalogue[:5], 5_000_000, step=10))
    assert [r.status_code for r in responses] == [200] * 5, [r.content for r in responses]
    amounts = list(OrderPayment.objects.values_list("open_amount_due", flat=True))
    assert len(amounts) == len(set(amounts)) == 5 and None not in amounts
