"""Checks for every file a shopper uploads (payment proofs, warranty cards, invoices, photos).

One module, one set of limits for every endpoint: a file is accepted only if it is no
larger than ``CONTEX_MAX_UPLOAD_BYTES``, not empty, and its *content* is what it claims:
an image Pillow can open and verify (JPEG, PNG, WebP) of at most
``CONTEX_MAX_IMAGE_PIXELS`` pixels (a small file can unpack into a huge image), or a PDF
(``%PDF-`` header) without active content. The name's extension is never trusted.

Refused as ``file_content_not_allowed``: markup (``<script``, ``<html``, ``<?php`` ...)
anywhere in the file (HTML/PHP polyglots), a file that is also a zip archive, and a PDF
with JavaScript, automatic actions (``/AA``), ``/Launch`` or embedded files, wherever
they sit (plain objects or compressed object streams, names written with ``#`` escapes).

``accept_upload`` then gives the file to store: an image is decoded and re-encoded
(orientation applied, then every EXIF/GPS/XMP block, comment and PNG text chunk dropped,
and whatever followed the image's end with them); a PDF is kept as sent.
"""

import io
import re
import warnings
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from contex_oscar.conf import contex_settings

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
PDF = "application/pdf"
#: Content type -> the extension a stored or served file gets.
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", PDF: "pdf"}

#: Markup a browser or a PHP interpreter would run, wherever it is in the file.
_MARKUP = re.compile(
    rb"<\?php|<script|<html|<!doctype\s+html|<body|<iframe|<object|<embed",
    re.IGNORECASE,
)
#: PDF names (after ``#xx`` decoding) that make a document act on its own.
_ACTIVE_NAMES = {"/JS", "/JavaScript", "/AA", "/Launch", "/EmbeddedFile", "/EmbeddedFiles"}
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToE"}
_PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]*")
_PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)


class _TooManyPixels(Exception):
    """An image whose pixel count would exhaust memory when decoded."""


class _ActiveContent(Exception):
    """A PDF that carries scripts, actions or embedded files."""


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


def _decoded_name(raw):
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode(
        "latin-1"
    )


def _pdf_bytes_are_active(data):
    """Active names in the file's own bytes, outside (possibly binary) stream data."""
    text = _PDF_STREAM.sub(b"stream endstream", data)
    return any(_decoded_name(raw) in _ACTIVE_NAMES for raw in _PDF_NAME.findall(text))


def _pdf_objects_are_active(data):
    """Every object pypdf reaches, compressed object streams included."""
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, IndirectObject

    reader = PdfReader(io.BytesIO(data), strict=False)
    numbers = {
        (number, generation) for generation, table in reader.xref.items() for number in table
    }
    numbers |= {(number, 0) for number in reader.xref_objStm}
    seen = set()

    def active(value, depth=0):
        if depth > 50:
            raise _ActiveContent  # absurd nesting: not a proof of payment
        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            if key in seen:
                return False
            seen.add(key)
            value = value.get_object()
        if isinstance(value, DictionaryObject):
            if any(str(key) in _ACTIVE_NAMES for key in value):
                return True
            if str(value.get("/S", "")) in _ACTIVE_ACTIONS:
                return True
            if str(value.get("/Type", "")) in _ACTIVE_NAMES:
                return True
            return any(active(item, depth + 1) for item in value.values())
        if isinstance(value, list):
            return any(active(item, depth + 1) for item in value)
        return False

    for number, generation in sorted(numbers):
        if number == 0:
            continue
        if active(IndirectObject(number, generation, reader)):
            return True
    return active(reader.trailer)


def _check_pdf(data):
    if _pdf_bytes_are_active(data):
        raise _ActiveContent
    try:
        if _pdf_objects_are_active(data):
            raise _ActiveContent
    except _ActiveContent:
        raise
    except Exception:  # noqa: BLE001 - a PDF pypdf cannot read cannot be checked
        return None
    return PDF


def _content_type_of(upload):
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if _MARKUP.search(data) or zipfile.is_zipfile(io.BytesIO(data)):
        raise _ActiveContent
    if data.startswith(b"%PDF-"):
        return _check_pdf(data)
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
    except _ActiveContent:
        raise ValidationError(
            _(
                "The file contains scripts, attachments or other active content; send a "
                "plain photo or PDF."
            ),
            code="file_content_not_allowed",
        )
    if content_type is None:
        raise ValidationError(
            _("Upload a JPEG, PNG or WebP image or a PDF document."), code="file_type_not_allowed"
        )
    return content_type


def _reencoded_image(upload):
    """The image's pixels only: orientation applied, no metadata, nothing after its end."""
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(upload) as image:
            image_format = image.format
            keep = {
                key: image.info[key] for key in ("icc_profile", "transparency") if key in image.info
            }
            image.load()
            ImageOps.exif_transpose(image, in_place=True)  # no second copy of the pixels
    clean = image
    clean.info = {}  # EXIF (GPS, camera), XMP, comments, PNG text chunks
    options = dict(keep)
    if image_format == "JPEG":
        options.update(quality=90)
    elif image_format == "WEBP":
        options.update(quality=90)
    buffer = io.BytesIO()
    clean.save(buffer, image_format, **options)
    return buffer.getvalue()


def accept_upload(upload):
    """Check ``upload`` (``validate_upload``) and return the file to store: images
    re-encoded without metadata, PDFs as sent; ``.contex_content_type`` says which."""
    content_type = validate_upload(upload)
    if content_type == PDF:
        upload.seek(0)
        content = upload.read()
    else:
        try:
            content = _reencoded_image(upload)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            raise ValidationError(
                _("Upload a JPEG, PNG or WebP image or a PDF document."),
                code="file_type_not_allowed",
            )
    clean = SimpleUploadedFile(upload.name or "upload", content, content_type=content_type)
    clean.contex_content_type = content_type
    return clean
