"""Checks for files shoppers upload (payment proofs, warranty cards, photos).

A file is accepted only if it is small enough and its *content* is what it
claims: an image Pillow can open and verify (JPEG, PNG, WebP) or a PDF
(``%PDF-`` header). The name's extension is never trusted.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from contex_oscar.conf import contex_settings

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
PDF = "application/pdf"


def _content_type_of(upload):
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return PDF
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()  # reads the whole file: catches truncated or forged images
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    return IMAGE_FORMATS.get(image_format)


def validate_upload(upload):
    """Return the file's real content type or raise ``ValidationError`` (code says why)."""
    limit = contex_settings.CONTEX_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)d MB.") % {"limit": limit // (1024 * 1024)},
            code="file_too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    content_type = _content_type_of(upload)
    if content_type is None:
        raise ValidationError(
            _("Upload a JPEG, PNG or WebP image or a PDF document."), code="file_type_not_allowed"
        )
    return content_type
