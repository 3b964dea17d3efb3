"""What every upload endpoint stores: images without GPS or camera data, no active PDFs,
no polyglots, one pixel limit (issue 21, item 7)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core.test_uploads import (
    big_png,
    jpeg_with_camera_and_gps,
    minimal_pdf,
)

ENDPOINTS = ["proof", "attachment", "new ticket"]


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_endpoint_stores_the_shoppers_gps_or_camera(upload_endpoints, tmp_path, endpoint):
    response = upload_endpoints[endpoint](
        SimpleUploadedFile("foto.jpg", jpeg_with_camera_and_gps())
    )
    assert response.status_code in {200, 201}, response.json()
    files = stored_files(tmp_path / "private")
    assert files
    for path in files:
        data = path.read_bytes()
        assert b"CanonMaker" not in data
        assert b"Exif" not in data


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_endpoint_stores_a_pdf_with_javascript(upload_endpoints, tmp_path, endpoint):
    pdf = minimal_pdf("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
    response = upload_endpoints[endpoint](SimpleUploadedFile("bukti.pdf", pdf))
    assert response.status_code == 400
    assert response.json()["code"] == "file_content_not_allowed"
    assert not stored_files(tmp_path / "private")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_refuses_12000_by_12000_by_default(upload_endpoints, endpoint):
    response = upload_endpoints[endpoint](SimpleUploadedFile("foto.png", big_png(12000, 12000)))
    assert response.status_code == 400
    assert response.json()["code"] == "image_too_large"
