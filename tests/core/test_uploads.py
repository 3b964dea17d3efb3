import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from contex_oscar.uploads import validate_upload
from tests.factories import minimal_pdf


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_real_png_is_accepted():
    assert validate_upload(SimpleUploadedFile("bukti.png", png_bytes())) == "image/png"


def test_pdf_is_accepted_by_header():
    assert validate_upload(SimpleUploadedFile("bukti.pdf", minimal_pdf())) == "application/pdf"


def test_a_header_alone_is_not_a_pdf():
    upload = SimpleUploadedFile("bukti.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload)
    assert excinfo.value.code == "file_type_not_allowed"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("bukti.png", b"<?php echo 1; ?>", "file_content_not_allowed"),
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
                "brand": "Contex",
                "model_name": "IQ Quattro",
                "fault_description": "Rusak",
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


# --- what is stored: no metadata, no active content, no polyglots ------------------------

GPS_IFD = 0x8825


def jpeg_with_camera_and_gps(width=8, height=4, orientation=6):
    """A JPEG as a phone writes it: maker, model, GPS position and an orientation."""
    exif = Image.Exif()
    exif[0x010F] = "CanonMaker"
    exif[0x0110] = "EOS-R5-Model"
    exif[0x0112] = orientation
    exif[GPS_IFD] = {1: "S", 2: (6.0, 10.0, 30.0), 3: "E", 4: (106.0, 49.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "blue").save(
        buffer, "JPEG", exif=exif, comment=b"shot-at-home"
    )
    return buffer.getvalue()


def png_with_text_chunks():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Location", "-6.1754,106.8272")
    info.add_itxt("Author", "Budi Santoso")
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def accepted(name, content):
    from contex_oscar.uploads import accept_upload

    return accept_upload(SimpleUploadedFile(name, content))


def test_the_test_jpeg_really_carries_gps_and_camera():
    content = jpeg_with_camera_and_gps()
    with Image.open(io.BytesIO(content)) as image:
        assert image.getexif().get_ifd(GPS_IFD)
    assert b"CanonMaker" in content


def test_gps_camera_and_comment_are_stripped_from_a_jpeg():
    clean = accepted("foto.jpg", jpeg_with_camera_and_gps())
    data = clean.read()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "comment" not in image.info
    for secret in (b"CanonMaker", b"EOS-R5-Model", b"shot-at-home", b"Exif"):
        assert secret not in data
    assert clean.contex_content_type == "image/jpeg"
    assert clean.size == len(data)


def test_the_orientation_is_applied_before_it_is_stripped():
    clean = accepted("foto.jpg", jpeg_with_camera_and_gps(width=8, height=4, orientation=6))
    with Image.open(clean) as image:
        assert image.size == (4, 8)  # turned as the phone meant it


def test_png_text_chunks_are_dropped():
    clean = accepted("foto.png", png_with_text_chunks())
    data = clean.read()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        assert not getattr(image, "text", {})
    assert b"106.8272" not in data
    assert b"Budi Santoso" not in data


def test_a_transparent_png_keeps_its_transparency():
    buffer = io.BytesIO()
    Image.new("RGBA", (4, 4), (255, 0, 0, 0)).save(buffer, "PNG")
    with Image.open(accepted("foto.png", buffer.getvalue())) as image:
        assert image.mode == "RGBA"
        assert image.getpixel((0, 0))[3] == 0


def test_a_pdf_is_kept_byte_for_byte():
    content = minimal_pdf()
    assert accepted("bukti.pdf", content).read() == content


def pdf_with_javascript_in_an_object_stream():
    """/OpenAction JavaScript hidden in a compressed object stream with an xref stream:
    no active name appears in the file's bytes."""
    import struct
    import zlib

    objects = [
        "<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        "<< /S /JavaScript /JS (app.alert(1)) >>",
    ]
    header, body = "", ""
    for number, text in enumerate(objects, start=1):
        header += f"{number} {len(body)} "
        body += text + "\n"
    packed = zlib.compress((header + body).encode())
    content = b"%PDF-1.7\n"
    stream_offset = len(content)
    content += (
        (
            f"5 0 obj\n<< /Type /ObjStm /N 4 /First {len(header)} /Filter /FlateDecode "
            f"/Length {len(packed)} >>\nstream\n"
        ).encode()
        + packed
        + b"\nendstream\nendobj\n"
    )
    xref_offset = len(content)
    rows = struct.pack(">BIH", 0, 0, 65535)
    rows += b"".join(struct.pack(">BIH", 2, 5, index) for index in range(4))
    rows += struct.pack(">BIH", 1, stream_offset, 0) + struct.pack(">BIH", 1, xref_offset, 0)
    packed_rows = zlib.compress(rows)
    content += (
        (
            f"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode "
            f"/Length {len(packed_rows)} >>\nstream\n"
        ).encode()
        + packed_rows
        + b"\nendstream\nendobj\n"
    )
    content += f"startxref\n{xref_offset}\n%%EOF\n".encode()
    return content


def test_the_object_stream_pdf_really_hides_javascript():
    from pypdf import PdfReader

    content = pdf_with_javascript_in_an_object_stream()
    assert b"JavaScript" not in content
    reader = PdfReader(io.BytesIO(content))
    assert reader.trailer["/Root"]["/OpenAction"]["/S"] == "/JavaScript"


def test_the_plain_test_pdf_is_accepted():
    assert validate_upload(SimpleUploadedFile("bukti.pdf", minimal_pdf())) == "application/pdf"


@pytest.mark.parametrize(
    "content",
    [
        minimal_pdf("/OpenAction 4 0 R", "<< /S /JavaScript /JS (app.alert(1)) >>"),
        minimal_pdf("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        minimal_pdf("/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),  # # escapes
        minimal_pdf("/AA << /WC << /S /JavaScript /JS (x) >> >>"),
        minimal_pdf("/OpenAction << /S /Launch /F (cmd.exe) >>"),
        minimal_pdf("/Names << /EmbeddedFiles 4 0 R >>", "<< /Names [(a.exe) 5 0 R] >>"),
        minimal_pdf("", "<< /Type /EmbeddedFile /Length 0 >>"),
        minimal_pdf("/Names << /JavaScript 4 0 R >>", "<< /Names [(a) << /S /JavaScript >>] >>"),
    ],
    ids=["openaction-js", "inline-js", "hex-escaped", "aa", "launch", "embedded", "file", "names"],
)
def test_a_pdf_with_active_content_is_refused(content):
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(SimpleUploadedFile("bukti.pdf", content))
    assert excinfo.value.code == "file_content_not_allowed"


def test_javascript_in_a_compressed_object_stream_is_refused():
    content = pdf_with_javascript_in_an_object_stream()
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(SimpleUploadedFile("bukti.pdf", content))
    assert excinfo.value.code == "file_content_not_allowed"


def test_a_pdf_that_opens_on_a_page_is_not_active_content():
    # /OpenAction with a destination (open at page 1, fit) is what many PDF writers emit
    content = minimal_pdf("/OpenAction [3 0 R /Fit]")
    assert validate_upload(SimpleUploadedFile("bukti.pdf", content)) == "application/pdf"


def zip_bytes():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<b>hi</b>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bukti.pdf", b"%PDF-1.7\n<html><script>alert(1)</script></html>"),
        ("bukti.pdf", b"%PDF-1.7\n<!DOCTYPE html><body>x</body>"),
        ("bukti.pdf", minimal_pdf() + zip_bytes()),
        ("bukti.pdf", b"%PDF-1.7\n" + zip_bytes()),
        ("foto.png", png_bytes() + b"<?php system($_GET['c']); ?>"),
        ("foto.jpg", jpeg_with_camera_and_gps() + b"<script>alert(1)</script>"),
        ("foto.jpg", jpeg_with_camera_and_gps() + b"<HTML><body>x</body></HTML>"),
    ],
    ids=["pdf-html", "pdf-doctype", "pdf-zip", "header-zip", "png-php", "jpeg-script", "jpeg-html"],
)
def test_polyglots_are_refused(name, content):
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(SimpleUploadedFile(name, content))
    assert excinfo.value.code in {"file_content_not_allowed", "file_type_not_allowed"}


def test_other_bytes_after_the_image_end_are_not_stored():
    clean = accepted("foto.png", png_bytes() + b"TRAILING-PAYLOAD")
    assert b"TRAILING-PAYLOAD" not in clean.read()


def test_the_default_pixel_limit_refuses_81_megapixels():
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(SimpleUploadedFile("foto.png", big_png(9000, 9000)))
    assert excinfo.value.code == "image_too_large"


def test_gps_and_camera_are_stripped_from_a_webp():
    exif = Image.Exif()
    exif[0x010F] = "CanonMaker"
    exif[GPS_IFD] = {1: "S", 2: (6.0, 10.0, 30.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "WEBP", exif=exif, xmp=b"<x:xmpmeta>GPS</x>")
    assert b"CanonMaker" in buffer.getvalue()
    clean = accepted("foto.webp", buffer.getvalue())
    data = clean.read()
    assert clean.contex_content_type == "image/webp"
    assert b"CanonMaker" not in data
    assert b"xmpmeta" not in data
