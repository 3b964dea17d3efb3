"""Checks for every file a shopper uploads (payment proofs, warranty cards, invoices, photos).

One module, one set of limits for every endpoint: a file is accepted only if it is no
larger than ``CONTEX_MAX_UPLOAD_BYTES``, not empty, and its *content* is what it claims:
an image Pillow can open and verify (JPEG, PNG, WebP) of at most
``CONTEX_MAX_IMAGE_PIXELS`` pixels (a small file can unpack into a huge image), or a PDF
(``%PDF-`` header). The name's extension is never trusted.
"""

import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from contex_oscar.conf import contex_settings

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
PDF = "application/pdf"
#: Content type -> the extension a stored or served file gets.
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", PDF: "pdf"}


class _TooManyPixels(Exception):
    pass


def _image_type_of(upload):
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice it; the store's own limit decides
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(upload) as image:
            image_format = image.format
            if image.width * image.height > contex_settings.CONTEX_MAX_IMAGE_PIXELS:
                raise _TooManyPixels
            image.verify()  # reads the whole file: catches truncated or forged images
    return IMAGE_FORMATS.get(image_format)


def _content_type_of(upload):
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return PDF
    try:
        return _image_type_of(upload)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)


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
    try:
        content_type = _content_type_of(upload)
    except _TooManyPixels:
        raise ValidationError(
            _("The image has too many pixels; send a smaller photo or a PDF."),
            code="image_too_large",
        )
    if content_type is None:
        raise ValidationError(
            _("Upload a JPEG, PNG or WebP image or a PDF document."), code="file_type_not_allowed"
        )
    return content_type
