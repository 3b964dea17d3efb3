"""Media and private files on an S3-compatible server (moto's, over HTTP on loopback).

Private files (payment proofs, ticket attachments) are never streamed through the app
from a bucket: after the same access check, the view answers a redirect to a presigned
link that lives ``CONTEX_PRIVATE_LINK_SECONDS``.
"""

import datetime as dt
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model

from contex_oscar.payment.models import PaymentConfirmation
from tests.payment.conftest import bank_order, confirmation_form, confirmation_url, png_bytes
from tests.service_center.conftest import open_ticket
from tests.storage.conftest import MEDIA_BUCKET, PRIVATE_BUCKET, keys

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 11, 26, 7, 30, tzinfo=dt.UTC)


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - loopback server
        return answer.status, answer.headers, answer.read()


@pytest.fixture
def product(catalogue):
    scanner = catalogue[0]
    get_model("partner", "StockRecord").objects.filter(product=scanner).update(num_in_stock=50)
    return scanner


@pytest.fixture
def uploaded_proof(s3, api_client, product, bank_accounts):
    """A guest's confirmation with its proof, sent through the API."""
    order = bank_order(product)
    response = api_client.post(
        confirmation_url(order), confirmation_form(order, bank_accounts[0]), format="multipart"
    )
    assert response.status_code == 201, response.content
    return PaymentConfirmation.objects.get(order=order)


def test_a_proof_uploaded_through_the_api_is_stored_in_the_private_bucket(s3, uploaded_proof):
    assert keys(s3, PRIVATE_BUCKET) == [uploaded_proof.proof.name]
    assert keys(s3, MEDIA_BUCKET) == []
    stored = s3.get_object(Bucket=PRIVATE_BUCKET, Key=uploaded_proof.proof.name)
    assert stored["Body"].read() == png_bytes()


def test_staff_download_the_proof_through_a_short_lived_signed_link(
    s3, s3_endpoint, uploaded_proof, client, staff_user, settings
):
    settings.CONTEX_PRIVATE_LINK_SECONDS = 45
    client.force_login(staff_user)
    proof_url = reverse("contex-dashboard:payment-confirmation-proof", args=[uploaded_proof.pk])
    with time_machine.travel(NOW, tick=False):
        response = client.get(proof_url)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    link = response["Location"]
    assert link.startswith(f"{s3_endpoint}/{PRIVATE_BUCKET}/payment-proofs/")
    query = parse_qs(urlparse(link).query)
    assert query["X-Amz-Expires"] == ["45"]
    assert query["X-Amz-Date"] == ["20261126T073000Z"]  # signed when asked, not before
    assert query["X-Amz-Signature"]
    with pytest.raises(urllib.error.HTTPError) as unsigned:  # the bucket is private
        fetch(link.split("?")[0])
    assert unsigned.value.code == 403
    status, headers, body = fetch(link)
    assert status == 200 and body == png_bytes()
    assert headers["Content-Type"] == "image/png"
    assert headers["Content-Disposition"].startswith("attachment;")
    assert (
        f"proof-{uploaded_proof.order.number}-{uploaded_proof.pk}.png"
        in (headers["Content-Disposition"])
    )


def test_the_proof_link_is_signed_anew_for_each_download_and_expires(
    s3, uploaded_proof, client, staff_user, settings
):
    settings.CONTEX_PRIVATE_LINK_SECONDS = 30
    client.force_login(staff_user)
    proof_url = reverse("contex-dashboard:payment-confirmation-proof", args=[uploaded_proof.pk])
    with time_machine.travel(NOW, tick=False):
        first = client.get(proof_url)["Location"]
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        second = client.get(proof_url)["Location"]
    assert first != second
    for link, signed_at in ((first, "20261126T073000Z"), (second, "20261126T073500Z")):
        query = parse_qs(urlparse(link).query)
        assert (query["X-Amz-Date"], query["X-Amz-Expires"]) == ([signed_at], ["30"])


def test_the_access_check_still_comes_first(s3, uploaded_proof, api_client):
    url = (
        f"/api/orders/{uploaded_proof.order.number}/payment-confirmations/"
        f"{uploaded_proof.pk}/proof/"
    )
    assert api_client.get(url, {"email": "orang-lain@example.com"}).status_code == 404
    answer = api_client.get(url, {"email": uploaded_proof.order.guest_email})
    assert answer.status_code == 302
    assert fetch(answer["Location"])[2] == png_bytes()


def test_a_ticket_attachment_link_redirects_to_the_bucket(s3, store, api_client):
    from contex_oscar.service_center import attachments

    upload = SimpleUploadedFile("kartu.png", png_bytes(), content_type="image/png")
    attachment = attachments.add_attachment(open_ticket(), "photo", upload, "image/png")
    assert keys(s3, PRIVATE_BUCKET) == [attachment.file.name]
    token = attachments.attachment_token(attachment)
    answer = api_client.get(f"/api/service-center/attachments/{token}/")
    assert answer.status_code == 302
    status, headers, body = fetch(answer["Location"])
    assert body == png_bytes() and headers["Content-Disposition"].startswith("inline")


def test_a_product_image_is_stored_in_the_media_bucket(s3, s3_endpoint, product):
    ProductImage = get_model("catalogue", "ProductImage")
    image = ProductImage.objects.create(
        product=product,
        original=SimpleUploadedFile("scanner.png", png_bytes(), content_type="image/png"),
    )
    assert image.original.name in keys(s3, MEDIA_BUCKET)
    # media links are plain (a public bucket or a CDN in front), never signed
    assert image.original.url.startswith(f"{s3_endpoint}/{MEDIA_BUCKET}/")
    assert "X-Amz-Signature" not in image.original.url
    assert fetch(image.original.url)[2] == png_bytes()


def test_a_wagtail_rendition_is_made_from_and_stored_in_the_media_bucket(s3, db):
    from wagtail.images import get_image_model

    image = get_image_model().objects.create(
        title="Banner",
        file=SimpleUploadedFile("banner.png", png_bytes((40, 20)), content_type="image/png"),
    )
    rendition = image.get_rendition("fill-10x10")
    stored = keys(s3, MEDIA_BUCKET)
    assert image.file.name in stored and rendition.file.name in stored, (
        image.file.name,
        rendition.file.name,
        stored,
    )
    status, headers, body = fetch(rendition.url)
    assert status == 200 and headers["Content-Type"] == "image/png"


def test_the_sandbox_reads_its_buckets_from_the_environment():
    script = "import json, sandbox.settings as s; print(json.dumps(s.STORAGES, default=str))"
    env = {
        **os.environ,
        "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "S3_MEDIA_BUCKET": "media-toko",
        "S3_PRIVATE_BUCKET": "private-toko",
    }
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
    )
    storages = json.loads(out.stdout)
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storages["default"]["OPTIONS"]["bucket_name"] == "media-toko"
    assert storages["default"]["OPTIONS"]["querystring_auth"] is False
    assert storages["contex_private"]["OPTIONS"]["bucket_name"] == "private-toko"
    assert storages["contex_private"]["OPTIONS"]["querystring_auth"] is True
    assert storages["contex_private"]["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
    without = {key: value for key, value in env.items() if not key.startswith("S3_")}
    out = subprocess.run(
        [sys.executable, "-c", script], env=without, cwd=ROOT, capture_output=True, text=True
    )
    local = json.loads(out.stdout)
    assert local["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert local["contex_private"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
