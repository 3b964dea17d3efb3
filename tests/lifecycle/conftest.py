import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from contex_oscar.order import services
from contex_oscar.payment import review
from contex_oscar.payment import services as payments
from contex_oscar.payment.models import BankAccount
from contex_oscar.workdays import store_today
from tests import factories


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    """Throttle counters start at zero; proofs go to this test's private directory."""
    cache.clear()
    factories.use_private_storage(settings, tmp_path / "private")
    yield
    cache.clear()


@pytest.fixture
def bank_account(db):
    """The store's only account (the demo catalogue's give way)."""
    BankAccount.objects.all().delete()
    return BankAccount.objects.create(
        bank_name="BCA", account_number="123", account_holder="PT Contex", display_order=1
    )


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit():`` runs the on-commit callbacks (e-mails) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def bank_order(product, owner=None, email="tamu@example.com", quantity=1):
    order = factories.place_order(product, quantity=quantity, owner=owner, email=email)
    order.refresh_from_db()
    return order


def png_upload():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return SimpleUploadedFile("bukti.png", buffer.getvalue(), content_type="image/png")


def pay_in_full(order, staff, bank_account):
    """The shopper transfers the amount due; staff approve it (order -> payment-received)."""
    summary = payments.payment_summary(order)
    confirmation = review.submit_confirmation(
        order,
        bank_account=bank_account,
        sender_bank="BCA",
        sender_account_holder="Budi Santoso",
        amount=summary["amount_due"],
        transfer_date=store_today(),
        proof=png_upload(),
        proof_content_type="image/png",
    )
    review.approve_confirmation(confirmation, staff)
    order.refresh_from_db()
    return summary["amount_due"]


def to_processing(order, staff):
    """Pay ``order`` (a bank transfer staff found on the statement) and start preparing it."""
    review.record_payment(order, payments.amount_due(order), user=staff)
    services.change_order_status(order, "processing", user=staff)
    order.refresh_from_db()
    return order
