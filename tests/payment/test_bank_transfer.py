"""Bank transfer: placing records the payment; the 24-hour deadline and its expiry job."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils.translation import gettext
from oscar.core.loading import get_model

from contex_oscar.money import format_rupiah
from contex_oscar.order import statuses
from contex_oscar.order.exceptions import IllegalStatusTransition
from contex_oscar.order.services import change_order_status
from contex_oscar.payment import expiry, review, services
from contex_oscar.payment.exceptions import PaymentError
from contex_oscar.payment.models import OrderPayment
from contex_oscar.workdays import store_timezone
from tests.payment.conftest import bank_order, submit

StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")
PLACED = dt.datetime(2026, 11, 26, 14, 30, tzinfo=store_timezone())  # a Thursday


@pytest.fixture
def clock():
    with time_machine.travel(PLACED, tick=False) as traveller:
        yield traveller


def test_placing_records_source_deadline_and_unique_code(product, bank_accounts, clock):
    order = bank_order(product)
    payment = order.contex_payment
    assert payment.method == "bank-transfer" and payment.state == OrderPayment.AWAITING
    assert payment.deadline == PLACED + dt.timedelta(hours=24)
    assert 1 <= payment.unique_code <= 999
    assert payment.open_amount_due == order.total_incl_tax + payment.unique_code
    source = order.sources.get()
    assert source.source_type.code == "bank-transfer"
    assert source.amount_allocated == order.total_incl_tax + payment.unique_code
    summary = services.payment_summary(order)
    assert summary["amount_due"] == order.total_incl_tax + payment.unique_code
    assert summary["deadline"] == PLACED + dt.timedelta(hours=24)
    assert summary["bank_accounts"] == bank_accounts
    assert summary["method"] == "bank-transfer" and str(summary["method_label"])
    assert summary["unique_code"] == payment.unique_code
    assert summary["amount_paid"] == D("0") and summary["is_paid"] is False


def test_deadline_is_a_setting(product, settings, clock):
    settings.CONTEX_BANK_TRANSFER_DEADLINE = dt.timedelta(hours=2)
    order = bank_order(product)
    assert order.contex_payment.deadline == PLACED + dt.timedelta(hours=2)


def test_unique_code_can_be_turned_off(product, settings, clock):
    settings.CONTEX_BANK_TRANSFER_UNIQUE_CODE = False
    order = bank_order(product)
    assert order.contex_payment.unique_code is None
    assert services.amount_due(order) == order.total_incl_tax


def priced(product, price):
    StockRecord.objects.filter(product=product).update(price=price, num_in_stock=500)
    return product


def open_amounts():
    return sorted(OrderPayment.objects.values_list("open_amount_due", flat=True))


def test_orders_with_different_totals_may_share_a_code(catalogue, settings, clock):
    settings.CONTEX_UNIQUE_CODE_RANGE = (1, 1)
    first = bank_order(priced(catalogue[0], 5_000_000))
    second = bank_order(priced(catalogue[1], 7_000_000))
    assert first.contex_payment.unique_code == second.contex_payment.unique_code == 1
    assert open_amounts() == [D("5000001"), D("7000001")]


def test_a_code_is_drawn_so_the_amount_due_is_free(catalogue, settings, clock):
    """Three open orders owe T+1, T+2, T+3: an order of T+1 can only take code 3 (T+4)."""
    settings.CONTEX_UNIQUE_CODE_RANGE = (1, 3)
    for _ in range(3):
        bank_order(priced(catalogue[0], 5_000_000))
    order = bank_order(priced(catalogue[1], 5_000_001))
    assert order.contex_payment.unique_code == 3
    assert services.amount_due(order) == D("5000004")
    assert open_amounts() == [D(5_000_000 + n) for n in (1, 2, 3, 4)]


def test_no_free_amount_refuses_the_order_and_places_nothing(product, settings, clock):
    settings.CONTEX_UNIQUE_CODE_RANGE = (1, 3)
    orders = [bank_order(product) for _ in range(3)]
    assert sorted(o.contex_payment.unique_code for o in orders) == [1, 2, 3]
    allocated = StockRecord.objects.get(product=product).num_allocated
    with pytest.raises(services.UniqueAmountExhausted) as refused, transaction.atomic():
        bank_order(product)  # never placed without a code, never a shared amount
    assert (refused.value.code, refused.value.status) == ("unique_amount_exhausted", 503)
    assert Order.objects.count() == 3
    assert StockRecord.objects.get(product=product).num_allocated == allocated


def test_closing_an_order_frees_its_amount_due(product, settings, clock):
    settings.CONTEX_UNIQUE_CODE_RANGE = (1, 3)
    orders = [bank_order(product) for _ in range(3)]
    freed = orders[0].contex_payment.unique_code
    expiry.cancel_unpaid_order(orders[0])
    orders[0].contex_payment.refresh_from_db()
    assert orders[0].contex_payment.open_amount_due is None
    assert orders[0].contex_payment.unique_code == freed  # kept for the record
    assert bank_order(product).contex_payment.unique_code == freed


def test_a_new_total_that_collides_draws_another_code(catalogue, settings, clock):
    """After a quote or a price correction the amount due stays unique among open orders."""
    settings.CONTEX_UNIQUE_CODE_RANGE = (1, 2)
    first = bank_order(priced(catalogue[0], 5_000_000))
    second = bank_order(priced(catalogue[1], 7_000_000))
    taken = services.amount_due(first)
    code = second.contex_payment.unique_code
    # the second order's new total would make it owe exactly what the first owes
    Order.objects.filter(pk=second.pk).update(total_incl_tax=taken - code)
    second.refresh_from_db()
    services.sync_allocation(second)
    payment = OrderPayment.objects.get(order=second)
    assert payment.unique_code != code
    assert payment.open_amount_due == taken - code + payment.unique_code != taken
    assert second.sources.get().amount_allocated == payment.open_amount_due


def test_a_code_taken_between_draw_and_save_is_drawn_again(product, settings, monkeypatch, clock):
    """The unique index decides: a collision (IntegrityError) makes the draw try again."""
    settings.CONTEX_UNIQUE_CODE_RANGE = (1, 2)
    first = bank_order(product)
    taken = first.contex_payment.unique_code
    real_choice = services.secrets.choice
    calls = []

    def stale_choice(free):
        calls.append(list(free))
        # the first draw picks the taken code as if another checkout had just saved it
        return taken if len(calls) == 1 else real_choice(free)

    monkeypatch.setattr(services.secrets, "choice", stale_choice)
    second = bank_order(product)
    assert len(calls) == 2
    assert second.contex_payment.unique_code == 3 - taken


def test_code_stays_with_the_order_through_its_changes(product, clock):
    order = bank_order(product)
    code = order.contex_payment.unique_code
    change_order_status(order, statuses.PAYMENT_DECLINED)
    change_order_status(order, statuses.AWAITING_PAYMENT)
    order.contex_payment.refresh_from_db()
    assert order.contex_payment.unique_code == code
    assert order.contex_payment.open_amount_due == order.total_incl_tax + code


# --- expiry at the boundary --------------------------------------------------------


def test_not_expired_at_23_59_59_expired_at_24_00_00(product, clock):
    order = bank_order(product)
    clock.move_to(PLACED + dt.timedelta(hours=23, minutes=59, seconds=59))
    assert expiry.expire_unpaid_orders() == []
    order.refresh_from_db()
    assert order.status == statuses.AWAITING_PAYMENT
    clock.move_to(PLACED + dt.timedelta(hours=24))
    assert expiry.expire_unpaid_orders() == [order.number]
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
    payment = OrderPayment.objects.get(order=order)
    assert payment.state == OrderPayment.EXPIRED and payment.open_amount_due is None
    record = order.contex_status_records.get(new_status=statuses.CANCELLED)
    assert record.note == gettext("Not paid within the payment deadline.")
    assert record.changed_by is None


def test_expiry_releases_stock_and_mails_once(
    product, bank_accounts, clock, django_capture_on_commit_callbacks
):
    record = product.stockrecords.get()
    allocated_before = record.num_allocated or 0
    order = bank_order(product)
    assert StockRecord.objects.get(pk=record.pk).num_allocated == allocated_before + 1
    clock.move_to(PLACED + dt.timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        assert expiry.expire_unpaid_orders() == [order.number]
        assert expiry.expire_unpaid_orders() == []  # idempotent
    assert (StockRecord.objects.get(pk=record.pk).num_allocated or 0) == allocated_before
    expired = [m for m in mail.outbox if order.number in m.subject and "dibatalkan" in m.subject]
    assert len(expired) == 1
    assert expired[0].to == ["tamu@example.com"]
    assert f"Order {order.number} cancelled" in expired[0].subject


def test_confirmation_just_before_the_deadline_stops_expiry(product, bank_accounts, clock):
    order = bank_order(product)
    clock.move_to(PLACED + dt.timedelta(hours=23, minutes=59, seconds=59))
    submit(order, bank_accounts[0])
    clock.move_to(PLACED + dt.timedelta(hours=48))
    assert expiry.expire_unpaid_orders() == []
    order.refresh_from_db()
    assert order.status == statuses.AWAITING_PAYMENT


def test_confirmation_at_the_deadline_is_refused_and_order_expires(
    product, bank_accounts, clock, private_storage
):
    from tests.payment.conftest import stored_files

    order = bank_order(product)
    clock.move_to(PLACED + dt.timedelta(hours=24))
    with pytest.raises(PaymentError) as excinfo:
        submit(order, bank_accounts[0])
    assert excinfo.value.code == "payment_deadline_passed"
    assert stored_files(private_storage) == []
    assert expiry.expire_unpaid_orders() == [order.number]


def test_rejected_confirmation_no_longer_protects_the_order(
    product, bank_accounts, staff_user, clock
):
    order = bank_order(product)
    confirmation = submit(order, bank_accounts[0])
    clock.move_to(PLACED + dt.timedelta(hours=30))
    assert expiry.expire_unpaid_orders() == []  # pending: waits for staff
    review.reject_confirmation(confirmation, staff_user, "Bukti tidak terbaca")
    assert expiry.expire_unpaid_orders() == [order.number]


def test_paid_cod_on_hold_and_cancelled_orders_are_never_expired(
    product, clock, staff_user, bank_accounts
):
    from tests import factories

    paid = bank_order(product)
    review.approve_confirmation(submit(paid, bank_accounts[0]), staff_user)
    cod = factories.place_order(product, status=statuses.PROCESSING, payment_method="cod")
    held = bank_order(product, status=statuses.ON_HOLD)
    assert held.contex_payment.deadline is None
    cancelled = bank_order(product)
    expiry.cancel_unpaid_order(cancelled)
    clock.move_to(PLACED + dt.timedelta(days=30))
    assert expiry.expire_unpaid_orders() == []
    for order, status in (
        (paid, statuses.PAYMENT_RECEIVED),
        (cod, statuses.PROCESSING),
        (held, statuses.ON_HOLD),
        (cancelled, statuses.CANCELLED),
    ):
        order.refresh_from_db()
        assert order.status == status


def test_expiry_works_in_batches(product, clock):
    orders = [bank_order(product) for _ in range(5)]
    clock.move_to(PLACED + dt.timedelta(days=2))
    assert sorted(expiry.expire_unpaid_orders(batch_size=2)) == sorted(o.number for o in orders)


def test_command_cancels_and_reports(product, clock):
    order = bank_order(product)
    clock.move_to(PLACED + dt.timedelta(days=1, seconds=1))
    out = io.StringIO()
    call_command("expire_unpaid_orders", stdout=out, verbosity=2)
    assert f"cancelled {order.number}" in out.getvalue()
    out = io.StringIO()
    call_command("expire_unpaid_orders", stdout=out)
    assert "Cancelled 0 unpaid order(s)" in out.getvalue()


def test_command_reports_progress_batch_by_batch(product, clock):
    for _ in range(5):
        bank_order(product)
    clock.move_to(PLACED + dt.timedelta(days=2))
    out = io.StringIO()
    call_command("expire_unpaid_orders", "--batch-size", "2", "--no-reminders", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == ["batch 1", "batch 2", "batch 3"]
    assert lines[0].startswith("batch 1: cancelled 2, skipped 0 (2 so far")
    assert lines[2].startswith("batch 3: cancelled 1, skipped 0 (5 so far")
    assert lines[-1].startswith("Cancelled 5 unpaid order(s) in 3 batch(es)")


def test_command_is_quiet_at_verbosity_0(product, clock):
    bank_order(product)
    clock.move_to(PLACED + dt.timedelta(days=2))
    out = io.StringIO()
    call_command("expire_unpaid_orders", stdout=out, verbosity=0)
    assert out.getvalue() == ""


# --- reminder ---------------------------------------------------------------------


def test_reminder_goes_out_once_six_hours_before(
    product, bank_accounts, clock, django_capture_on_commit_callbacks
):
    order = bank_order(product)
    clock.move_to(PLACED + dt.timedelta(hours=17, minutes=59, seconds=59))
    assert expiry.send_payment_reminders() == 0
    clock.move_to(PLACED + dt.timedelta(hours=18))
    with django_capture_on_commit_callbacks(execute=True):
        assert expiry.send_payment_reminders() == 1
        assert expiry.send_payment_reminders() == 0
    reminders = [m for m in mail.outbox if "Pengingat" in m.subject]
    assert len(reminders) == 1
    body = reminders[0].body
    assert format_rupiah(services.amount_due(order)) in body
    assert "27 November 2026, 14:30" in body  # the deadline in store time
    assert bank_accounts[0].account_number in body


def test_no_reminder_while_a_confirmation_waits(product, bank_accounts, clock):
    order = bank_order(product)
    submit(order, bank_accounts[0])
    clock.move_to(PLACED + dt.timedelta(hours=20))
    assert expiry.send_payment_reminders() == 0


# --- staff cancelling -----------------------------------------------------------------


def test_staff_cannot_cancel_a_paid_order_or_one_under_review(
    product, bank_accounts, staff_user, clock
):
    order = bank_order(product)
    confirmation = submit(order, bank_accounts[0])
    with pytest.raises(IllegalStatusTransition) as pending:  # the status route's rule
        expiry.cancel_unpaid_order(order, user=staff_user)
    assert pending.value.code == "confirmation_pending"
    review.approve_confirmation(confirmation, staff_user)
    with pytest.raises(PaymentError) as paid:
        expiry.cancel_unpaid_order(order, user=staff_user)
    assert paid.value.code == "order_paid"
    order.refresh_from_db()
    assert order.status == statuses.PAYMENT_RECEIVED


def test_a_batch_of_overdue_orders_costs_the_same_queries_as_one(product, bank_accounts, clock):
    """The expiry job cancels a batch in bulk through the status route: a fixed number of
    statements per batch, whatever its size (40 statements an order before); the e-mails
    are written to the outbox, composed and sent by the worker."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def expiry_queries(count):
        for _ in range(count):
            bank_order(product)
        clock.move_to(PLACED + dt.timedelta(hours=25))
        with CaptureQueriesContext(connection) as captured:
            assert len(expiry.expire_unpaid_orders()) == count
        clock.move_to(PLACED)
        return len(captured)

    expiry_queries(1)  # the first batch also reads what is cached for the next ones
    assert expiry_queries(1) == expiry_queries(4)
