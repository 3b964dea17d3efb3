"""The ``Idempotency-Key`` header, the same for every endpoint that honours it (checkout,
service requests): 8-100 letters, digits or ``_ . : -``; a malformed key is refused."""

import re

from django.utils.translation import gettext as _

from contex_oscar.errors import StoreError

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:\-]{8,100}$")


def idempotency_key(request):
    """The request's ``Idempotency-Key``, ``""`` when none was sent, or ``StoreError``
    ``invalid_idempotency_key`` (400)."""
    key = request.headers.get("Idempotency-Key", "")
    if key and not IDEMPOTENCY_KEY.match(key):
        raise StoreError(
            "invalid_idempotency_key", _("Idempotency-Key: 8-100 letters, digits or _ . : -"), 400
        )
    return key
