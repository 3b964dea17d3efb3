"""The store's one rule for a complete address: who receives the order, and where.

A delivery (COD above all: the courier must find and call the shopper) needs the
recipient's name, a phone number, the street (``line1``), the city (``line4``), the
province (``state``) and a postcode valid for the country (``shipping.postcodes``). A
showroom pickup needs only the name and the phone number: the showroom calls when the
order is ready and hands it to that person.

Indonesian addresses also have a kecamatan (district) and a kelurahan (village): Oscar's
address has two free lines for them, so the store keeps **kecamatan in ``line3``** and
**kelurahan in ``line2``** (Oscar prints line1, line2, line3, city: street, village,
district, city, the Indonesian order). The API takes and answers them under their own
names ``kecamatan`` / ``kelurahan``; Oscar's forms label line2/line3 so.

Phone numbers are Indonesian (``phonenumbers``, region ``ID``): ``0812 3456 7890``,
``+62 812-3456-7890`` and ``62812...`` are the same number, stored in E.164
(``+6281234567890``); anything that is not a valid Indonesian number is refused.

The checkout API, the shopper's saved addresses (``/api/useraddresses/``) and Oscar's
HTML checkout address form all ask ``address_errors``.
"""

import phonenumbers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contex_oscar.shipping.postcodes import postcode_error

#: The country phone numbers are read in (a number written 08... is Indonesian).
PHONE_REGION = "ID"

#: Oscar's address lines the store gives Indonesian names (API field -> model field).
NAMED_LINES = {"kelurahan": "line2", "kecamatan": "line3"}
LINE_LABELS = {
    "line2": gettext_lazy("Kelurahan / village"),
    "line3": gettext_lazy("Kecamatan / district"),
}

#: What a delivery needs besides the name and the phone, with the message when missing.
DELIVERY_FIELDS = {
    "line1": gettext_lazy("Enter the street and house number."),
    "line4": gettext_lazy("Enter the city or regency."),
    "state": gettext_lazy("Enter the province."),
}

#: The model fields the rule reads.
RULE_FIELDS = ("first_name", "last_name", "phone_number", *DELIVERY_FIELDS, "postcode")

MISSING = "incomplete_address"
INVALID_PHONE = "invalid_phone"


def normalised_phone(value):
    """``value`` as an E.164 Indonesian number (``+62...``), or None when it is not one."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number_for_region(number, PHONE_REGION):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _text(values, name):
    value = values.get(name)
    return "" if value is None else str(value).strip()


def address_errors(values, *, pickup=False):
    """``(phone, errors)`` for an address given as a dict of model field names.

    ``phone`` is the normalised phone number (None when refused); ``errors`` maps a field
    to ``[(message, code)]`` and is empty when the address is complete for a delivery
    (``pickup=False``) or a showroom pickup.
    """
    errors = {}
    if not (_text(values, "first_name") or _text(values, "last_name")):
        errors["first_name"] = [(_("Enter the recipient's name."), MISSING)]
    raw_phone = _text(values, "phone_number")
    phone = normalised_phone(raw_phone)
    if not raw_phone:
        errors["phone_number"] = [(_("Enter a phone number the courier can call."), MISSING)]
    elif phone is None:
        errors["phone_number"] = [
            (
                _("Enter an Indonesian phone number, e.g. 0812 3456 7890 or +62 812 3456 7890."),
                INVALID_PHONE,
            )
        ]
    if not pickup:
        for name, message in DELIVERY_FIELDS.items():
            if not _text(values, name):
                errors[name] = [(str(message), MISSING)]
    # a delivery's postcode (empty too) and a pickup's, when given: Oscar's country rule
    if not pickup or _text(values, "postcode"):
        message = postcode_error(values)
        if message:
            errors["postcode"] = [(message, "invalid_postcode")]
    return phone, errors
