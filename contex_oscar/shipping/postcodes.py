"""The store's one postcode rule: Oscar's per-country rule, asked of every posted address.

Shipping methods, payment methods and the checkout all refuse an address this rule
refuses (code ``invalid_postcode``), and ``regions`` places no address with a malformed
postcode in a zone, so no endpoint offers what another one then refuses.
"""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from oscar.core.loading import get_model

from contex_oscar.conf import contex_settings
from contex_oscar.errors import StoreError
from contex_oscar.shipping.regions import country_code


class InvalidPostcode(StoreError):
    code = "invalid_postcode"


def postcode_error(address):
    """Why ``address``'s postcode is not valid for its country (translated), or None.

    ``address`` is a dict as posted (country as a URL, an ISO code or a ``Country``), an
    address instance or None; without a country the store's own (the first shipping
    country) is meant.
    """
    if address is None:
        return None
    if isinstance(address, dict):
        postcode, country = address.get("postcode"), address.get("country")
    else:
        postcode, country = address.postcode, getattr(address, "country_id", None)
    candidate = get_model("order", "ShippingAddress")(postcode=str(postcode or ""))
    if hasattr(country, "iso_3166_1_a2"):
        candidate.country = country  # already loaded (a validated address): no query
    else:
        candidate.country_id = country_code(country) or contex_settings.CONTEX_SHIPPING_COUNTRIES[0]
    try:
        candidate.ensure_postcode_is_valid_for_country()
    except ObjectDoesNotExist:  # an unknown country: the address's own validation says so
        return None
    except ValidationError as exc:
        return exc.messages[0]
    return None


def check_postcode(address, field=None, status=400):
    """Raise ``InvalidPostcode`` (errors under ``field``, if given) when the rule refuses."""
    message = postcode_error(address)
    if message is None:
        return
    errors = {"postcode": [message]}
    raise InvalidPostcode(
        message=message, status=status, errors={field: errors} if field else errors
    )
