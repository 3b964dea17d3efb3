import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from contex_oscar.uploads import validate_upload


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_real_png_is_accepted():
    assert validate_upload(SimpleUploadedFile("bukti.png", png_bytes())) == "image/png"


def test_pdf_is_accepted_by_header():
    upload = SimpleUploadedFile("bukti.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    assert validate_upload(upload) == "application/pdf"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("bukti.png", b"<?php echo 1; ?>", "file_type_not_allowed"),
        ("bukti.png", png_bytes()[:40], "file_type_not_allowed"),  # truncated image
        ("bukti.jpg", b"", "file_empty"),
    ],
)
def test_bad_files_are_refused_with_a_code(name, content, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(SimpleUploadedFile(name, content))
    assert excinfo.value.code == code


def test_size_limit_is_a_setting(settings):
    settings.CONTEX_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(SimpleUploadedFile("bukti.png", png_bytes()))
    assert excinfo.value.code == "file_too_large"


def big_png(width, height):
    """A one-bit PNG: a few kB on disk however many pixels it claims."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def test_an_image_with_too_many_pixels_is_refused(settings):
    settings.CONTEX_MAX_IMAGE_PIXELS = 100 * 100
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(SimpleUploadedFile("foto.png", big_png(101, 100)))
    assert excinfo.value.code == "image_too_large"
    assert validate_upload(SimpleUploadedFile("foto.png", big_png(100, 100))) == "image/png"


# --- the same limits on every upload endpoint ------------------------------------------


@pytest.fixture
def upload_endpoints(catalogue, settings, tmp_path):
    """Each endpoint that takes a file, as a function posting ``upload`` to it."""
    from rest_framework.test import APIClient

    from contex_oscar.payment import services as payments
    from contex_oscar.payment.models import BankAccount
    from contex_oscar.service_center import tickets
    from contex_oscar.workdays import store_today
    from tests import factories

    factories.use_private_storage(settings, tmp_path / "private")
    account = BankAccount.objects.create(bank_name="BCA", account_number="1", account_holder="PT")
    order = factories.place_order(catalogue[0])
    ticket, _created = tickets.create_ticket(
        {
            "kind": "consultation",
            "channel": "phone",
            "name": "Budi",
            "email": "tamu@example.com",
            "phone": "0812345678",
            "description": "Tanya",
        }
    )
    client = APIClient()

    def proof(upload):
        return client.post(
            f"/api/orders/{order.number}/payment-confirmations/",
            {
                "email": "tamu@example.com",
                "bank_account": account.pk,
                "sender_bank": "BCA",
                "sender_account_holder": "Budi",
                "amount": str(payments.amount_due(order)),
                "transfer_date": store_today().isoformat(),
                "proof": upload,
            },
            format="multipart",
        )

    def attachment(upload):
        return client.post(
            f"/api/service-center/requests/{ticket.number}/attachments/",
            {"email": "tamu@example.com", "kind": "photo", "file": upload},
            format="multipart",
        )

    def new_ticket(upload):
        return client.post(
            "/api/service-center/requests/",
            {
                "kind": "paid-repair",
                "channel": "walk-in",
                "name": "Budi",
                "email": "tamu@example.com",
                "phone": "0812345678",
                "description": "Rusak",
                "product_model": "Contex IQ Quattro",
                "photos": [upload],
            },
            format="multipart",
        )

    return {"proof": proof, "attachment": attachment, "new ticket": new_ticket}


@pytest.mark.parametrize("endpoint", ["proof", "attachment", "new ticket"])
def test_every_upload_endpoint_refuses_the_same_huge_image(upload_endpoints, settings, endpoint):
    settings.CONTEX_MAX_IMAGE_PIXELS = 200 * 200
    response = upload_endpoints[endpoint](SimpleUploadedFile("foto.png", big_png(300, 300)))
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "image_too_large"


@pytest.mark.parametrize("endpoint", ["proof", "attachment", "new ticket"])
def test_every_upload_endpoint_has_the_same_size_limit(upload_endpoints, settings, endpoint):
    settings.CONTEX_MAX_UPLOAD_BYTES = 20
    response = upload_endpoints[endpoint](SimpleUploadedFile("foto.png", png_bytes()))
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "file_too_large"
