"""Normalising what shoppers type as city, province and postcode."""

import re

# Administrative prefixes that do not change which place is meant.
# Compared after normalising, so "Kab. Adm." is written "kab adm" here.
_PREFIXES = (
    "kota administrasi ",
    "kabupaten administrasi ",
    "kota adm ",
    "kab adm ",
    "kabupaten ",
    "provinsi ",
    "kota ",
    "kab ",
    "prov ",
)
_POSTCODE = re.compile(r"^[0-9]{5}$")


def normalise_place(name):
    """'  Kota  Jakarta-Pusat ' -> 'jakarta pusat'."""
    text = re.sub(r"[\s\-_.,]+", " ", (name or "").lower()).strip()
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    return text.strip()


def clean_postcode(value):
    """The five-digit postcode in ``value``, or None when missing or malformed."""
    text = re.sub(r"\s+", "", str(value or ""))
    return text if _POSTCODE.match(text) else None
