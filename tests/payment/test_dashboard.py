"""The staff pages in Oscar's dashboard (Store menu)."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from contex_oscar.order import statuses
from contex_oscar.payment import services
from contex_oscar.payment.models import BankAccount, PaymentConfirmation
from contex_oscar.workdays import store_timezone
from tests import factories
from tests.payment.conftest import bank_order, png_bytes, submit

PLACED = dt.datetime(2026, 11, 26, 14, 30, tzinfo=store_timezone())  # Thursday


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(PLACED, tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def url(name, **kwargs):
    return reverse(f"contex-dashboard:{name}", kwargs=kwargs)


def test_pages_are_for_staff_only(client, bank_accounts, product):
    confirmation = submit(bank_order(product), bank_accounts[0])
    pages = [
        url("payment-confirmation-list"),
        url("payment-confirmation-detail", pk=confirmation.pk),
        url("payment-confirmation-proof", pk=confirmation.pk),
        url("payment-awaiting-list"),
        url("payment-collect-list"),
        url("payment-bank-account-list"),
    ]
    for page in pages:
        assert client.get(page).status_code == 302
    client.force_login(factories.user())
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_queue_is_oldest_first_with_due_time_overdue_and_mismatch(
    staff_client, product, bank_accounts, clock
):
    old = submit(bank_order(product), bank_accounts[0])
    clock.move_to(PLACED + dt.timedelta(days=4))  # Monday 30 Nov: old one due Mon 14:30
    short_order = bank_order(product)
    short = submit(short_order, bank_accounts[1], amount=services.amount_due(short_order) - 500)
    clock.move_to(PLACED + dt.timedelta(days=4, hours=1))
    response = staff_client.get(url("payment-confirmation-list"))
    assert response.status_code == 200
    rows = list(response.context["confirmations"])
    assert [c.pk for c in rows] == [old.pk, short.pk]
    assert rows[0].is_overdue and not rows[1].is_overdue
    assert rows[0].review_due == dt.datetime(2026, 11, 30, 14, 30, tzinfo=store_timezone())
    assert not rows[0].amount_mismatch and rows[1].amount_mismatch
    html = response.content.decode()
    assert "Overdue" in html or "Terlambat" in html
    assert short_order.number in html


def test_queue_reviews_confirmations_with_a_proof_first_then_oldest_first(
    staff_client, product, bank_accounts, clock
):
    no_proof_old = submit(bank_order(product), bank_accounts[0], proof=None)
    clock.shift(dt.timedelta(minutes=5))
    proof_new = submit(bank_order(product), bank_accounts[0])
    clock.shift(dt.timedelta(minutes=5))
    no_proof_new = submit(bank_order(product), bank_accounts[0], proof=None)
    clock.shift(dt.timedelta(minutes=5))
    proof_newest = submit(bank_order(product), bank_accounts[0])
    response = staff_client.get(url("payment-confirmation-list"))
    assert [c.pk for c in response.context["confirmations"]] == [
        proof_new.pk,
        proof_newest.pk,
        no_proof_old.pk,
        no_proof_new.pk,
    ]
    detail = staff_client.get(url("payment-confirmation-detail", pk=no_proof_old.pk))
    assert detail.status_code == 200 and 'id="no-proof"' in detail.content.decode()
    assert (
        staff_client.get(url("payment-confirmation-proof", pk=no_proof_old.pk)).status_code == 404
    )


def test_queue_runs_a_fixed_number_of_queries(staff_client, product, bank_accounts):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = staff_client.get(url("payment-confirmation-list"))
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["confirmations"])

    submit(bank_order(product), bank_accounts[0])
    few, one = count()
    for _ in range(8):
        submit(bank_order(product), bank_accounts[1])
    many, nine = count()
    assert (one, nine) == (1, 9)
    assert many == few


def test_detail_shows_the_proof_inline_and_approves(staff_client, product, bank_accounts):
    confirmation = submit(bank_order(product), bank_accounts[0])
    page = staff_client.get(url("payment-confirmation-detail", pk=confirmation.pk))
    assert page.status_code == 200
    proof_url = url("payment-confirmation-proof", pk=confirmation.pk)
    assert f'<img src="{proof_url}"' in page.content.decode()
    proof = staff_client.get(proof_url)
    assert proof.status_code == 200 and b"".join(proof.streaming_content) == png_bytes()
    assert proof["X-Content-Type-Options"] == "nosniff"
    response = staff_client.post(
        url("payment-confirmation-detail", pk=confirmation.pk), {"action": "approve"}
    )
    assert response.status_code == 302
    confirmation.refresh_from_db()
    assert confirmation.status == PaymentConfirmation.APPROVED
    confirmation.order.refresh_from_db()
    assert confirmation.order.status == statuses.PAYMENT_RECEIVED


def test_mismatch_is_flagged_and_needs_the_checkbox(staff_client, product, bank_accounts):
    order = bank_order(product)
    confirmation = submit(order, bank_accounts[0], amount=services.amount_due(order) + 1)
    detail = url("payment-confirmation-detail", pk=confirmation.pk)
    assert 'id="amount-mismatch"' in staff_client.get(detail).content.decode()
    refused = staff_client.post(detail, {"action": "approve"}, follow=True)
    confirmation.refresh_from_db()
    assert confirmation.status == PaymentConfirmation.PENDING
    assert any("differs" in str(m) or "berbeda" in str(m) for m in refused.context["messages"])
    staff_client.post(detail, {"action": "approve", "accept_mismatch": "on"})
    confirmation.refresh_from_db()
    assert confirmation.status == PaymentConfirmation.APPROVED


def test_reject_through_the_dashboard_needs_a_reason(staff_client, product, bank_accounts):
    confirmation = submit(bank_order(product), bank_accounts[0])
    detail = url("payment-confirmation-detail", pk=confirmation.pk)
    blank = staff_client.post(detail, {"action": "reject", "reason": ""})
    assert blank.status_code == 200 and blank.context["reject_form"].errors
    staff_client.post(detail, {"action": "reject", "reason": "Nama pengirim berbeda"})
    confirmation.refresh_from_db()
    assert confirmation.status == PaymentConfirmation.REJECTED
    assert confirmation.rejection_reason == "Nama pengirim berbeda"
    reviewed = staff_client.get(url("payment-confirmation-list"), {"status": "rejected"})
    assert [c.pk for c in reviewed.context["confirmations"]] == [confirmation.pk]


def test_awaiting_list_shows_codes_and_refuses_cancelling_under_review(
    staff_client, product, bank_accounts
):
    unpaid = bank_order(product)
    reviewed = bank_order(product)
    submit(reviewed, bank_accounts[0])
    page = staff_client.get(url("payment-awaiting-list"))
    rows = {p.order.number: p for p in page.context["payments"]}
    assert rows[unpaid.number].amount_due == services.amount_due(unpaid)
    assert rows[reviewed.number].has_pending
    assert str(unpaid.contex_payment.unique_code) in page.content.decode()
    refused = staff_client.post(url("payment-cancel-unpaid", number=reviewed.number), follow=True)
    refusal = gettext(
        "Order %(number)s has a payment confirmation waiting for review: "
        "review it before cancelling."
    ) % {"number": reviewed.number}
    assert refusal in [str(m) for m in refused.context["messages"]]
    reviewed.refresh_from_db()
    assert reviewed.status == statuses.AWAITING_PAYMENT
    staff_client.post(
        url("payment-cancel-unpaid", number=unpaid.number), {"reason": "Diminta pembeli"}
    )
    unpaid.refresh_from_db()
    assert unpaid.status == statuses.CANCELLED


def test_awaiting_list_runs_a_fixed_number_of_queries(staff_client, product, bank_accounts):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = staff_client.get(url("payment-awaiting-list"))
        return len(ctx.captured_queries), len(response.context["payments"])

    bank_order(product)
    few, one = count()
    for index in range(6):
        order = bank_order(product)
        if index % 2:
            submit(order, bank_accounts[0])
    many, seven = count()
    assert (one, seven) == (1, 7) and many == few


def test_collect_list_records_cod_cash(staff_client, product):
    order = factories.place_order(product, status=statuses.PROCESSING, payment_method="cod")
    page = staff_client.get(url("payment-collect-list"))
    assert [p.order.number for p in page.context["payments"]] == [str(order.number)]
    staff_client.post(
        url("payment-record", number=order.number),
        {"amount": str(int(order.total_incl_tax)), "reference": "KW-9"},
    )
    assert order.sources.get().amount_debited == order.total_incl_tax
    assert list(staff_client.get(url("payment-collect-list")).context["payments"]) == []
    bad = staff_client.post(
        url("payment-record", number=order.number), {"amount": "-5"}, follow=True
    )
    assert bad.status_code == 200


def test_bank_accounts_are_managed_and_protected(staff_client, product, bank_accounts):
    response = staff_client.post(
        url("payment-bank-account-create"),
        {
            "bank_name": "BRI",
            "branch": "Sudirman",
            "account_number": "777",
            "account_holder": "PT Contex",
            "display_order": 3,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    bri = BankAccount.objects.get(bank_name="BRI")
    staff_client.post(
        url("payment-bank-account-update", pk=bri.pk),
        {
            "bank_name": "BRI",
            "branch": "Sudirman",
            "account_number": "777",
            "account_holder": "PT Contex",
            "display_order": 3,
        },
    )
    bri.refresh_from_db()
    assert bri.is_active is False
    staff_client.post(url("payment-bank-account-delete", pk=bri.pk))
    assert not BankAccount.objects.filter(pk=bri.pk).exists()
    used = bank_accounts[0]
    submit(bank_order(product), used)
    staff_client.post(url("payment-bank-account-delete", pk=used.pk))
    assert BankAccount.objects.filter(pk=used.pk).exists()  # a shopper named it: kept
    listing = staff_client.get(url("payment-bank-account-list"))
    assert listing.status_code == 200 and "111" in listing.content.decode()


def test_menu_lists_the_payment_pages(staff_client):
    page = staff_client.get(reverse("dashboard:index"))
    html = page.content.decode()
    for name in (
        "payment-confirmation-list",
        "payment-awaiting-list",
        "payment-collect-list",
        "payment-bank-account-list",
    ):
        assert url(name) in html
