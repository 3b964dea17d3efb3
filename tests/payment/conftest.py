import io
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from contex_oscar.payment import review, services
from contex_oscar.payment.models import BankAccount
from tests import factories

COUNTRY = "http://testserver/api/countries/ID/"
JAKARTA = {**factories.JAKARTA_ADDRESS, "country": COUNTRY}
MEDAN = {**factories.MEDAN_ADDRESS, "country": COUNTRY}


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Proofs go to a private directory of this test only (never MEDIA_ROOT)."""
    cache.clear()  # throttles
    return factories.use_private_storage(settings, tmp_path / "private")


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def product(catalogue):
    """The first demo scanner, with stock for the many orders these tests place."""
    from oscar.core.loading import get_model

    scanner = catalogue[0]
    get_model("partner", "StockRecord").objects.filter(product=scanner).update(num_in_stock=500)
    return scanner


@pytest.fixture
def bank_accounts(db):
    """The store's only accounts (the demo catalogue's give way)."""
    BankAccount.objects.all().delete()
    return [
        BankAccount.objects.create(
            bank_name="BCA", account_number="111", account_holder="PT Contex", display_order=1
        ),
        BankAccount.objects.create(
            bank_name="Mandiri", account_number="222", account_holder="PT Contex", display_order=2
        ),
    ]


@pytest.fixture
def zones(catalogue):
    from contex_oscar.setup import shipping as demo_shipping

    demo_shipping.load(io.StringIO())


def bank_order(product, owner=None, email="tamu@example.com", status="awaiting-payment"):
    """An order placed now and paid by bank transfer (unique code, deadline, source)."""
    order = factories.place_order(product, owner=owner, email=email, status=status)
    services.start_payment(order, "bank-transfer")
    order.refresh_from_db()
    return order


def png_bytes(size=(8, 8), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode != "1" else 1).save(buffer, "PNG")
    return buffer.getvalue()


def png_upload(name="bukti.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def confirmation_form(order, account, **overrides):
    from contex_oscar.workdays import store_today

    data = {
        "email": order.guest_email,
        "bank_account": account.pk,
        "sender_bank": "BRI",
        "sender_account_holder": "Budi Santoso",
        "amount": str(services.amount_due(order)),
        "transfer_date": store_today().isoformat(),
        "note": "Transfer via m-banking",
        "proof": png_upload(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def confirmation_url(order):
    return f"/api/orders/{order.number}/payment-confirmations/"


def submit(order, bank_account, user=None, **overrides):
    """A confirmation through the service (no HTTP)."""
    from contex_oscar.workdays import store_today

    data = {
        "bank_account": bank_account,
        "sender_bank": "BRI",
        "sender_account_holder": "Budi Santoso",
        "amount": services.amount_due(order),
        "transfer_date": store_today(),
        "proof": png_upload(),
        "proof_content_type": "image/png",
        "user": user,
    }
    data.update(overrides)
    return review.submit_confirmation(order, **data)


def money(value):
    return D(str(value))
