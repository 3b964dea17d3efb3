"""Checks on a proof of payment before anything is stored.

``contex_oscar.uploads.validate_upload`` proves the content is a JPEG, PNG, WebP
image or a PDF; on top of it a proof has its own size cap and an image may not
claim more pixels than Pillow's decompression-bomb limit (Pillow only warns
between that limit and twice it).
"""

import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

from contex_oscar.conf import contex_settings
from contex_oscar.payment.exceptions import PaymentError
from contex_oscar.uploads import PDF, validate_upload


def validate_proof(upload):
    """The proof's real content type, or ``PaymentError`` (400) with a code saying why."""
    limit = contex_settings.CONTEX_PROOF_MAX_BYTES
    if upload.size > limit:
        raise PaymentError(
            "file_too_large",
            _("The proof is larger than %(limit)d MB.") % {"limit": limit // (1024 * 1024)},
            status_code=400,
        )
    try:
        content_type = validate_upload(upload)
    except ValidationError as error:
        raise PaymentError(error.code or "file_invalid", error.messages[0], status_code=400)
    if content_type != PDF:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                pixels = image.width * image.height
        upload.seek(0)
        if Image.MAX_IMAGE_PIXELS and pixels > Image.MAX_IMAGE_PIXELS:
            raise PaymentError(
                "image_too_large",
                _("The image has too many pixels; send a smaller photo or a PDF."),
                status_code=400,
            )
    return content_type
