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
