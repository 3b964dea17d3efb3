"""POST/GET /api/orders/{number}/payment-confirmations/ and the proof download."""

import datetime as dt
import io

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from contex_oscar.order import statuses
from contex_oscar.payment import expiry, review, services
from contex_oscar.payment.models import PaymentConfirmation
from contex_oscar.workdays import store_timezone
from tests import factories
from tests.payment.conftest import (
    bank_order,
    confirmation_form,
    confirmation_url,
    png_bytes,
    stored_files,
    submit,
)

PLACED = dt.datetime(2026, 11, 26, 14, 30, tzinfo=store_timezone())


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(PLACED, tick=False) as traveller:
        yield traveller


@pytest.fixture
def guest_order(product, bank_accounts):
    return bank_order(product)


@pytest.fixture
def owned_order(product, shopper, bank_accounts):
    return bank_order(product, owner=shopper)


def post(client, order, form):
    return client.post(confirmation_url(order), form, format="multipart")


# --- submitting -----------------------------------------------------------------------


def test_guest_submits_with_the_orders_email(
    api_client, guest_order, bank_accounts, private_storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api_client, guest_order, confirmation_form(guest_order, bank_accounts[0]))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending"
    assert body["bank_account"]["account_number"] == "111"
    assert body["amount"] == f"{services.amount_due(guest_order):.2f}"
    assert body["proof_content_type"] == "image/png"
    confirmation = PaymentConfirmation.objects.get()
    # stored under a random name in the private storage, nothing in public media
    name = confirmation.proof.name
    assert name.startswith("payment-proofs/2026/11/") and "bukti" not in name
    assert [p.name for p in stored_files(private_storage)] == [name.rsplit("/", 1)[-1]]
    assert not str(private_storage).startswith(str(django_settings.MEDIA_ROOT))
    assert body["proof_url"] == (
        f"/api/orders/{guest_order.number}/payment-confirmations/{confirmation.pk}/proof/"
    )
    received = [m for m in mail.outbox if "Konfirmasi pembayaran" in m.subject]
    assert len(received) == 1 and received[0].to == ["tamu@example.com"]


def test_email_is_compared_ignoring_case_and_spaces(api_client, guest_order, bank_accounts):
    form = confirmation_form(guest_order, bank_accounts[0], email=" TAMU@Example.com ")
    assert post(api_client, guest_order, form).status_code == 201


def test_owner_submits_signed_in(api_client, owned_order, shopper, bank_accounts):
    api_client.force_login(shopper)
    form = confirmation_form(owned_order, bank_accounts[0], email=None)
    response = post(api_client, owned_order, form)
    assert response.status_code == 201, response.content
    assert PaymentConfirmation.objects.get().submitted_by == shopper


def test_second_confirmation_while_one_is_pending_is_refused(
    api_client, guest_order, bank_accounts
):
    assert (
        post(api_client, guest_order, confirmation_form(guest_order, bank_accounts[0])).status_code
        == 201
    )
    again = post(api_client, guest_order, confirmation_form(guest_order, bank_accounts[0]))
    assert again.status_code == 409
    assert again.json()["code"] == "confirmation_pending"
    assert PaymentConfirmation.objects.count() == 1


def test_after_a_rejection_the_shopper_submits_again(
    api_client, guest_order, bank_accounts, staff_user
):
    first = submit(guest_order, bank_accounts[0])
    review.reject_confirmation(first, staff_user, "Nominal tidak sesuai")
    guest_order.refresh_from_db()
    assert guest_order.status == statuses.PAYMENT_DECLINED
    response = post(api_client, guest_order, confirmation_form(guest_order, bank_accounts[1]))
    assert response.status_code == 201, response.content
    guest_order.refresh_from_db()
    assert guest_order.status == statuses.AWAITING_PAYMENT
    listed = api_client.get(confirmation_url(guest_order), {"email": "tamu@example.com"}).json()
    assert [c["status"] for c in listed] == ["rejected", "pending"]
    assert listed[0]["rejection_reason"] == "Nominal tidak sesuai"


def test_deadline_boundary_over_the_api(api_client, guest_order, bank_accounts, clock):
    clock.move_to(PLACED + dt.timedelta(hours=24))
    late = post(api_client, guest_order, confirmation_form(guest_order, bank_accounts[0]))
    assert late.status_code == 409 and late.json()["code"] == "payment_deadline_passed"
    clock.move_to(PLACED + dt.timedelta(hours=23, minutes=59, seconds=59))
    in_time = post(api_client, guest_order, confirmation_form(guest_order, bank_accounts[0]))
    assert in_time.status_code == 201


def test_cod_and_cancelled_orders_take_no_confirmation(api_client, product, bank_accounts):
    cod = factories.place_order(product, status=statuses.PROCESSING, payment_method="cod")
    response = post(api_client, cod, confirmation_form(cod, bank_accounts[0]))
    assert response.status_code == 409 and response.json()["code"] == "confirmation_not_needed"
    cancelled = bank_order(product)
    expiry.cancel_unpaid_order(cancelled)
    response = post(api_client, cancelled, confirmation_form(cancelled, bank_accounts[0]))
    assert response.status_code == 409
    assert response.json()["code"] == "order_not_awaiting_payment"


def test_on_hold_order_takes_no_confirmation_before_its_quote(api_client, product, bank_accounts):
    held = bank_order(product, status=statuses.ON_HOLD)
    response = post(api_client, held, confirmation_form(held, bank_accounts[0]))
    assert response.status_code == 409
    assert response.json()["code"] == "order_not_awaiting_payment"


# --- bad input: refused with a code, nothing stored --------------------------------


def _bomb():
    """100 megapixels of one-bit PNG: a few kB on disk, Pillow only warns about it."""
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("bukti.txt", b"saya sudah transfer", "file_type_not_allowed"),
        ("bukti.jpg", EXE, "file_type_not_allowed"),
        ("bukti.png", png_bytes((64, 64))[:60], "file_type_not_allowed"),
        ("bukti.png", "bomb", "image_too_large"),
        ("bukti.svg", SVG, "file_content_not_allowed"),  # a script in it
        ("bukti.jpg", b"", "file_empty"),
        ("bukti.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "file_type_not_allowed"),
    ],
)
def test_bad_proofs_are_refused_and_nothing_is_stored(
    api_client, guest_order, bank_accounts, private_storage, name, content, code
):
    content = _bomb() if content == "bomb" else content
    form = confirmation_form(guest_order, bank_accounts[0], proof=SimpleUploadedFile(name, content))
    response = post(api_client, guest_order, form)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    assert "proof" in response.json()["errors"]
    assert not PaymentConfirmation.objects.exists()
    assert stored_files(private_storage) == []


def test_proof_over_the_cap_is_refused(
    api_client, guest_order, bank_accounts, settings, private_storage
):
    settings.CONTEX_MAX_UPLOAD_BYTES = 100
    form = confirmation_form(guest_order, bank_accounts[0])
    form["proof"] = SimpleUploadedFile("bukti.png", png_bytes((200, 200)))
    response = post(api_client, guest_order, form)
    assert response.status_code == 400 and response.json()["code"] == "file_too_large"
    assert stored_files(private_storage) == []


def test_a_pdf_proof_is_accepted(api_client, guest_order, bank_accounts):
    pdf = SimpleUploadedFile("bukti.pdf", factories.minimal_pdf())
    form = confirmation_form(guest_order, bank_accounts[0], proof=pdf)
    response = post(api_client, guest_order, form)
    assert (
        response.status_code == 201 and response.json()["proof_content_type"] == "application/pdf"
    )


def test_a_confirmation_without_a_proof_is_accepted(
    api_client, guest_order, bank_accounts, private_storage, django_capture_on_commit_callbacks
):
    form = confirmation_form(guest_order, bank_accounts[0])
    del form["proof"]  # recommended, not required
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api_client, guest_order, form)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["proof_url"] is None and body["proof_content_type"] == ""
    assert stored_files(private_storage) == []
    (received,) = [m for m in mail.outbox if "Konfirmasi pembayaran" in m.subject]
    assert "belum melampirkan bukti transfer" in received.body
    assert "You sent no proof of transfer" in received.body


def test_the_exact_amount_gets_no_warning(api_client, guest_order, bank_accounts):
    response = post(api_client, guest_order, confirmation_form(guest_order, bank_accounts[0]))
    assert response.status_code == 201 and response.json()["warnings"] == []


@pytest.mark.parametrize(("language", "words"), [("id", "kurang"), ("en", "less")])
def test_a_wrong_amount_is_accepted_with_a_warning(
    api_client, product, bank_accounts, language, words
):
    # Rp 98,500,000 stated against Rp 98,500,444 due (issue 16, defect 6)
    order = bank_order(product)
    payment = services.payment_of(order)
    from contex_oscar.payment.models import OrderPayment

    OrderPayment.objects.filter(pk=payment.pk).update(unique_code=444)
    order.total_incl_tax = order.total_excl_tax = 98_500_000
    order.save(update_fields=["total_incl_tax", "total_excl_tax"])
    order = type(order)._default_manager.get(pk=order.pk)
    form = confirmation_form(order, bank_accounts[0], amount="98500000")
    response = api_client.post(
        confirmation_url(order), form, format="multipart", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 201, response.content
    (warning,) = response.json()["warnings"]
    assert warning["code"] == "amount_differs"
    assert (warning["amount_due"], warning["amount_stated"], warning["difference"]) == (
        "98500444.00",
        "98500000.00",
        "-444.00",
    )
    message = warning["message"]
    assert "Rp 98.500.000" in message and "Rp 98.500.444" in message
    assert "Rp 444" in message and words in message


def test_the_confirmation_email_says_what_differs(
    api_client, guest_order, bank_accounts, django_capture_on_commit_callbacks
):
    due = services.amount_due(guest_order)
    form = confirmation_form(guest_order, bank_accounts[0], amount=str(due + 1000))
    with django_capture_on_commit_callbacks(execute=True):
        assert post(api_client, guest_order, form).status_code == 201
    (received,) = [m for m in mail.outbox if "Konfirmasi pembayaran" in m.subject]
    body = received.body
    assert "PERHATIAN" in body and "lebih Rp 1.000" in body
    assert "PLEASE NOTE" in body and "Rp 1.000 more" in body
    assert services.format_rupiah(due) in body


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("0", "validation_error"),
        ("-150000", "validation_error"),
        ("abc", "validation_error"),
        ("1250000.50", "invalid_amount"),
        ("1e20", "validation_error"),
        ("NaN", "validation_error"),
        ("", "validation_error"),
    ],
)
def test_bad_amounts_are_refused(api_client, guest_order, bank_accounts, amount, code):
    response = post(
        api_client, guest_order, confirmation_form(guest_order, bank_accounts[0], amount=amount)
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    assert "amount" in response.json()["errors"]
    assert not PaymentConfirmation.objects.exists()


@pytest.mark.parametrize(
    ("transfer_date", "code"),
    [
        ("2026-11-27", "invalid_transfer_date"),  # tomorrow
        ("2026-11-25", "invalid_transfer_date"),  # before the order
        ("2026-13-45", "validation_error"),
        ("kemarin", "validation_error"),
    ],
)
def test_bad_transfer_dates_are_refused(
    api_client, guest_order, bank_accounts, transfer_date, code
):
    form = confirmation_form(guest_order, bank_accounts[0], transfer_date=transfer_date)
    response = post(api_client, guest_order, form)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    assert not PaymentConfirmation.objects.exists()


def test_unknown_or_inactive_account_is_refused(api_client, guest_order, bank_accounts):
    bank_accounts[1].is_active = False
    bank_accounts[1].save()
    for account_id in (bank_accounts[1].pk, 999999, "BCA"):
        form = confirmation_form(guest_order, bank_accounts[0], bank_account=account_id)
        response = post(api_client, guest_order, form)
        assert response.status_code == 400
        assert "bank_account" in response.json()["errors"]


def test_missing_fields_are_listed(api_client, guest_order):
    response = api_client.post(
        confirmation_url(guest_order), {"email": "tamu@example.com"}, format="multipart"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) >= {
        "bank_account",
        "sender_bank",
        "sender_account_holder",
        "amount",
        "transfer_date",
    }
    assert "proof" not in response.json()["errors"]  # recommended, not required


def test_json_body_is_refused(api_client, guest_order):
    response = api_client.post(
        confirmation_url(guest_order), {"email": "tamu@example.com"}, format="json"
    )
    assert response.status_code == 415


# --- who may see what: 404 for everybody else --------------------------------------


def test_wrong_email_unknown_number_and_other_users_get_404(
    api_client, guest_order, owned_order, bank_accounts, private_storage
):
    other = factories.user()
    cases = [
        (guest_order, "orang-lain@example.com", None),
        (guest_order, "", None),
        (owned_order, "orang-lain@example.com", None),
        (owned_order, other.email, other),  # another shopper, signed in with their own e-mail
        (guest_order, None, other),
    ]
    for order, email, user in cases:
        api_client.logout()
        if user:
            api_client.force_login(user)
        form = confirmation_form(order, bank_accounts[0], email=email)
        response = post(api_client, order, form)
        assert response.status_code == 404, (order.number, email, user)
        assert response.json()["code"] == "not_found"
        listed = api_client.get(confirmation_url(order), {"email": email or ""})
        assert listed.status_code == 404
    unknown = api_client.get("/api/orders/999999999/payment-confirmations/", {"email": "a@b.co"})
    assert unknown.status_code == 404
    assert not PaymentConfirmation.objects.exists() and stored_files(private_storage) == []


def test_proof_is_served_only_to_its_owner_and_staff(
    api_client, owned_order, shopper, staff_user, bank_accounts
):
    confirmation = submit(owned_order, bank_accounts[0], user=shopper)
    url = f"/api/orders/{owned_order.number}/payment-confirmations/{confirmation.pk}/proof/"
    assert api_client.get(url).status_code == 404
    assert api_client.get(url, {"email": "orang-lain@example.com"}).status_code == 404
    # the number with the order's e-mail reaches it, as on tracking (order.access)
    by_email = api_client.get(url, {"email": shopper.email})
    assert by_email.status_code == 200
    assert b"".join(by_email.streaming_content) == png_bytes()
    api_client.force_login(factories.user())
    assert api_client.get(url).status_code == 404
    for user in (shopper, staff_user):
        api_client.force_login(user)
        response = api_client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == png_bytes()
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
    # a proof id of another order through this order's URL: 404
    api_client.force_login(shopper)
    assert (
        api_client.get(
            f"/api/orders/{owned_order.number}/payment-confirmations/{confirmation.pk + 1}/proof/"
        ).status_code
        == 404
    )


def test_guest_fetches_the_proof_with_the_email(api_client, guest_order, bank_accounts):
    confirmation = submit(guest_order, bank_accounts[0])
    url = f"/api/orders/{guest_order.number}/payment-confirmations/{confirmation.pk}/proof/"
    assert api_client.get(url, {"email": "tamu@example.com"}).status_code == 200
    assert api_client.get(url, {"email": "tamu@example.org"}).status_code == 404


def test_guest_guessing_is_throttled(api_client, guest_order, settings):
    settings.CONTEX_PAYMENT_CONFIRMATION_RATE = "3/minute"
    codes = [
        api_client.get(confirmation_url(guest_order), {"email": f"coba{i}@example.com"}).status_code
        for i in range(4)
    ]
    assert codes == [404, 404, 404, 429]
    assert api_client.get(confirmation_url(guest_order)).json()["code"] == "throttled"


# --- lists run a fixed number of queries ---------------------------------------------


def _add_reviewed(order, bank_account, count, staff):
    for index in range(count):
        confirmation = submit(order, bank_account, sender_account_holder=f"Pengirim {index}")
        review.reject_confirmation(confirmation, staff, f"Alasan {index}")


def test_confirmation_list_queries_do_not_grow(
    api_client, guest_order, bank_accounts, staff_user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = api_client.get(confirmation_url(guest_order), {"email": "tamu@example.com"})
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.json())

    _add_reviewed(guest_order, bank_accounts[0], 1, staff_user)
    few, listed_few = count()
    _add_reviewed(guest_order, bank_accounts[1], 6, staff_user)
    many, listed_many = count()
    assert (listed_few, listed_many) == (1, 7)
    assert many == few
    with django_assert_max_num_queries(few):
        api_client.get(confirmation_url(guest_order), {"email": "tamu@example.com"})


def test_bank_accounts_endpoint_lists_active_accounts_in_order(api_client, bank_accounts):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from contex_oscar.payment.models import BankAccount

    def fetch():
        with CaptureQueriesContext(connection) as ctx:
            response = api_client.get("/api/bank-accounts/")
        assert response.status_code == 200
        return response.json(), len(ctx.captured_queries)

    _, few = fetch()
    BankAccount.objects.create(
        bank_name="BNI", account_number="333", account_holder="PT Contex", display_order=0
    )
    BankAccount.objects.create(
        bank_name="Lama", account_number="000", account_holder="PT Contex", is_active=False
    )
    for index in range(5):
        BankAccount.objects.create(
            bank_name=f"Bank {index}",
            account_number=f"9{index}",
            account_holder="PT Contex",
            display_order=10 + index,
        )
    accounts, many = fetch()
    assert many == few <= 3  # one SELECT (plus the request's savepoint)
    assert [a["account_number"] for a in accounts][:3] == ["333", "111", "222"]
    assert "000" not in [a["account_number"] for a in accounts]
    assert set(accounts[0]) == {"id", "bank_name", "branch", "account_number", "account_holder"}
