"""The price policy: a corrected line price after ordering, with vouchers, paid or not."""

from decimal import Decimal as D

import pytest
from django.core import mail
from oscar.core.loading import get_model

from contex_oscar.money import format_rupiah
from contex_oscar.order import access, services
from contex_oscar.order.exceptions import PriceCorrectionRefused
from contex_oscar.order.models import PriceCorrection
from contex_oscar.order.pricing import CANCEL, HONOUR, correct_line_price, repriced_discounts
from contex_oscar.payment import services as payments
from tests.lifecycle.conftest import bank_order, pay_in_full, to_processing
from tests.lifecycle.test_account_orders import _voucher, voucher_order
from tests.lifecycle.test_tracking_link import links_in, token_of

PaymentEvent = get_model("order", "PaymentEvent")
StockRecord = get_model("partner", "StockRecord")
Benefit = get_model("offer", "Benefit")


def set_price(product, price):
    StockRecord.objects.filter(product=product).update(price=D(price))


@pytest.fixture
def scanner(product):
    set_price(product, "10000000")
    return product


def line_of(order):
    return order.lines.get()


def test_lower_price_on_an_unpaid_order_with_a_percentage_voucher(scanner, staff_user, commit):
    order = voucher_order(scanner, _voucher(), quantity=2)
    line = line_of(order)
    # 2 x Rp 10.000.000, 10% voucher: Rp 2.000.000 off
    assert (line.line_price_before_discounts_incl_tax, line.line_price_incl_tax) == (
        D("20000000.00"),
        D("18000000.00"),
    )
    assert order.total_incl_tax == D("18000000.00")
    due_before = payments.payment_summary(order)["amount_due"]
    mail.outbox.clear()
    with commit():
        correction = correct_line_price(line, D("9000000"), user=staff_user, note="salah ketik")
    order.refresh_from_db()
    line.refresh_from_db()
    # the percentage follows the price: 10% of Rp 18.000.000
    assert line.unit_price_incl_tax == D("9000000")
    assert line.line_price_before_discounts_incl_tax == D("18000000")
    assert line.line_price_incl_tax == D("16200000")
    assert line.line_price_excl_tax == D("16200000")
    assert order.total_incl_tax == order.total_excl_tax == D("16200000")
    discount = order.discounts.get()
    assert discount.amount == D("1800000") and discount.voucher_code == "HEMAT10"
    assert line.discounts.get().amount == D("1800000")
    assert sum(p.price_incl_tax * p.quantity for p in line.prices.all()) == D("16200000")
    # nothing paid: no refund; the amount due follows the total (unique code kept)
    assert (correction.decision, correction.amount_paid, correction.amount_refunded) == (
        PriceCorrection.LOWERED,
        D("0"),
        D("0"),
    )
    assert (correction.order_total_before, correction.order_total_after) == (
        D("18000000"),
        D("16200000"),
    )
    assert (correction.line_discount_before, correction.line_discount_after) == (
        D("2000000"),
        D("1800000"),
    )
    assert payments.payment_summary(order)["amount_due"] == due_before - D("1800000")
    assert not PaymentEvent.objects.filter(order=order, event_type__code="refund").exists()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Rp 9.000.000" in body and "Rp 16.200.000" in body
    links = links_in(body)  # the order's tracking link, in both languages
    assert len(links) == 2 and access.find_order(None, token=token_of(links[0])) == order


def test_lower_price_on_a_paid_order_owes_the_overpayment_back(
    scanner, staff_user, bank_account, commit
):
    order = voucher_order(scanner, _voucher())
    paid = pay_in_full(order, staff_user, bank_account)  # Rp 9.000.000 + unique code
    assert order.status == "payment-received"
    mail.outbox.clear()
    with commit():
        correction = correct_line_price(line_of(order), D("8000000"), user=staff_user)
    order.refresh_from_db()
    # 8.000.000 - 10% = 7.200.000; paid 9.000.000 + code; the code stays with the store
    assert order.total_incl_tax == D("7200000")
    assert correction.amount_paid == paid
    assert correction.amount_refunded == D("1800000")
    # owed back, not yet paid back: staff record the refund they make
    assert not PaymentEvent.objects.filter(order=order, event_type__code="refund").exists()
    summary = payments.payment_summary(order)
    assert (summary["state"], summary["refund_owed"], summary["amount_refunded"]) == (
        "refund-owed",
        D("1800000"),
        0,
    )
    assert summary["amount_paid"] == paid and summary["is_paid"]  # the order is paid for
    assert order.status == "payment-received"  # the order goes on
    assert "Rp 1.800.000" in mail.outbox[0].body


def test_a_fixed_amount_voucher_keeps_its_amount(scanner, staff_user):
    voucher = _voucher("POTONG1JT")
    offer = voucher.offers.get()
    Benefit.objects.filter(pk=offer.benefit_id).update(type=Benefit.FIXED, value=D("1000000"))
    order = voucher_order(scanner, voucher)
    assert order.total_incl_tax == D("9000000")
    correct_line_price(line_of(order), D("7500000"), user=staff_user)
    order.refresh_from_db()
    assert order.total_incl_tax == D("6500000")
    assert order.discounts.get().amount == D("1000000")


def test_a_discount_never_exceeds_the_corrected_line():
    class Row:
        def __init__(self, amount):
            self.amount = amount
            self.order_discount = type("OD", (), {"offer": None})()

    rows = [Row(D("700000")), Row(D("500000"))]
    result = repriced_discounts(rows, D("2000000"), D("1000000"))
    assert [amount for _row, amount in result] == [D("700000"), D("300000")]


def test_higher_price_honoured_changes_nothing(scanner, staff_user, commit):
    order = bank_order(scanner)
    total = order.total_incl_tax
    mail.outbox.clear()
    with commit():
        correction = correct_line_price(
            line_of(order), D("12000000"), user=staff_user, decision=HONOUR
        )
    order.refresh_from_db()
    assert correction.decision == PriceCorrection.HONOURED
    assert order.total_incl_tax == total and order.status == "awaiting-payment"
    assert line_of(order).unit_price_incl_tax == D("10000000")
    assert mail.outbox == []


def test_higher_price_cancelled_owes_back_what_was_paid(scanner, staff_user, bank_account, commit):
    order = bank_order(scanner)
    paid = pay_in_full(order, staff_user, bank_account)
    to_processing_from_paid = services.change_order_status(order, "processing", user=staff_user)
    assert to_processing_from_paid.status == "processing"
    mail.outbox.clear()
    with commit():
        correction = correct_line_price(
            line_of(order), D("12500000"), user=staff_user, decision=CANCEL
        )
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert (correction.decision, correction.amount_refunded) == (PriceCorrection.CANCELLED, paid)
    summary = payments.payment_summary(order)
    # the money is held and owed back; it no longer pays for an order (issue 16, defect 5)
    assert (summary["state"], summary["is_paid"]) == ("refund-owed", False)
    assert (summary["amount_paid"], summary["refund_owed"], summary["amount_refunded"]) == (
        paid,
        paid,
        0,
    )
    assert StockRecord.objects.get(product=scanner).num_allocated == 0
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Rp 12.500.000" in body and "Rp 10.000.000" in body
    assert format_rupiah(paid) in body


def test_higher_price_on_an_unpaid_order_cancels_without_refund(scanner, staff_user):
    order = bank_order(scanner)
    correction = correct_line_price(line_of(order), D("11000000"), user=staff_user, decision=CANCEL)
    order.refresh_from_db()
    assert order.status == "cancelled" and correction.amount_refunded == 0
    assert not PaymentEvent.objects.filter(order=order).exists()


@pytest.mark.parametrize(
    "price, decision, code",
    [
        ("11000000", None, "decision_required"),
        ("10000000", None, "same_price"),
        ("9999999.50", None, "price_invalid"),
        ("0", None, "price_invalid"),
    ],
)
def test_refused_corrections_change_nothing(scanner, staff_user, price, decision, code):
    order = bank_order(scanner)
    with pytest.raises(PriceCorrectionRefused) as refused:
        correct_line_price(line_of(order), D(price), user=staff_user, decision=decision)
    assert refused.value.code == code
    assert not PriceCorrection.objects.exists()


def test_shipped_orders_keep_their_price(scanner, staff_user):
    order = bank_order(scanner)
    to_processing(order, staff_user)
    services.ship_order(order, "JNE", "J1", user=staff_user)
    with pytest.raises(PriceCorrectionRefused) as refused:
        correct_line_price(line_of(order), D("9000000"), user=staff_user)
    assert refused.value.code == "order_not_correctable"


def test_dashboard_price_correction(client, scanner, staff_user):
    order = bank_order(scanner)
    line = line_of(order)
    client.force_login(staff_user)
    url = f"/dashboard/store/orders/{order.number}/lines/{line.pk}/price/"
    assert client.get(url).status_code == 200
    higher = client.post(url, {"correct_unit_price": "11000000"})
    assert higher.status_code == 200  # the form asks: honour or cancel?
    assert "decision" in higher.context["form"].errors
    response = client.post(url, {"correct_unit_price": "9500000", "note": "promo"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.total_incl_tax == D("9500000")
    correction = PriceCorrection.objects.get()
    assert (correction.created_by, correction.note) == (staff_user, "promo")
    page = client.get(f"/dashboard/store/orders/{order.number}/")
    assert b"Rp 9.500.000" in page.content
