"""Who may reach an order by its number: the one rule of every endpoint that does.

Order tracking and the out-of-stock choice (``order.api``), the warranty check and
service requests on an order (``service_center``), payment confirmations and proofs
(``payment.api_views``) all call ``find_order``. In this order:

1. the signed-in owner reaches their order by its number alone;
2. staff reach every order when only reading (``writing=False``): they see what the
   dashboard shows, but never act as the order's shopper;
3. a signed tracking token (the link in every order e-mail, see ``order_token``)
   reaches the order it names while its e-mail is unchanged and the link has not
   expired; when a token is given, it alone decides (no e-mail is tried with it);
4. otherwise the order number with the order's e-mail address (a guest's or a
   registered shopper's alike, as the store's tracking rule says: "order number +
   e-mail, no login"), compared ignoring case and surrounding spaces, in constant
   time, with the same work for an unknown number;
5. anything else: ``None``, and callers give one identical answer for every failure.

``vouched_for`` tells whether the order was reached by 1-3 (an account or the signed
link) rather than by the guessable number + e-mail: only then may a caller say *why*
the order does not qualify for what was asked (not delivered yet, which line);
to a number + e-mail pair it answers as for an order it did not find.

Order numbers are guessable (the placing day and its sequence, ``order.numbers``): the
e-mail is the secret, so callers throttle look-ups per client and per number
(``contex_oscar.throttles``). A number whose check digit fails is no order's: it is
refused before any order is read, with the same answer as an unknown number.
The token cannot be guessed; a request carrying a genuine one is never held up by
the per-number limit, so strangers guessing e-mails cannot lock the owner out.
"""

import hmac
from urllib.parse import quote

from django.contrib.sites.models import Site
from django.core import signing
from django.utils.crypto import salted_hmac
from oscar.core.loading import get_model

from contex_oscar.conf import contex_settings
from contex_oscar.order import numbers

Order = get_model("order", "Order")

TOKEN_SALT = "contex_oscar.order.tracking-link"
MAX_NUMBER_LENGTH = 128  # Oscar's Order.number
MAX_TOKEN_LENGTH = 400
# Compared against when the number is unknown, so a miss costs what a hit costs.
_NO_EMAIL = "\x00" * 32


def normalise_email(email):
    return email.strip().lower() if isinstance(email, str) else ""


def emails_match(given, expected):
    """Case-insensitive, constant-time comparison; an empty expected address never matches."""
    expected_norm = normalise_email(expected)
    same = hmac.compare_digest(
        normalise_email(given).encode(), (expected_norm or _NO_EMAIL).encode()
    )
    return same and bool(expected_norm)


def clean_number(number):
    """An order number as stored, or None for anything that cannot be one (a store
    number with a wrong check digit included)."""
    if isinstance(number, int) and not isinstance(number, bool):
        number = str(number)
    if not isinstance(number, str):
        return None
    number = number.strip()[:MAX_NUMBER_LENGTH]
    if not number or numbers.is_mistyped(number):
        return None
    return number


# --- the signed tracking link --------------------------------------------------------


def _email_digest(email):
    # binds a token to the address without carrying it: a changed e-mail voids the token
    return salted_hmac(TOKEN_SALT, normalise_email(email)).hexdigest()[:32]


def order_token(order):
    """A signed, expiring token naming ``order`` and bound to its current e-mail."""
    number = str(order.number)  # (an order built in code may hold an int)
    return signing.dumps({"n": number, "e": _email_digest(order.email)}, salt=TOKEN_SALT)


def read_order_token(token):
    """The token's ``{"n": number, "e": e-mail digest}`` if genuine and unexpired, else None.

    Needs no database: throttles use it to let genuine links through.
    """
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        payload = signing.loads(
            token, salt=TOKEN_SALT, max_age=contex_settings.CONTEX_ORDER_TRACKING_LINK_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(payload, dict):
        return None
    if not isinstance(payload.get("n"), str) or not isinstance(payload.get("e"), str):
        return None
    return payload


def tracking_url(order):
    """The front end's tracking page for ``order`` (``CONTEX_ORDER_TRACKING_URL``)."""
    return contex_settings.CONTEX_ORDER_TRACKING_URL.format(
        domain=Site.objects.get_current().domain,
        token=quote(order_token(order)),
        number=quote(str(order.number)),
    )


def email_links(context, recipient):
    """``{"tracking_url": ...}`` for an e-mail about an order sent to the order's address.

    ``contex_oscar.emails.send_store_email`` merges it into every e-mail whose context
    has an ``order``, so every order e-mail carries the link; an e-mail to any other
    address (a service ticket's contact, say) never does.
    """
    order = context.get("order")
    if not isinstance(order, Order) or not emails_match(recipient, order.email):
        return {}
    return {"tracking_url": tracking_url(order)}


# --- the rule ---------------------------------------------------------------------------


def _signed_in(user):
    return user is not None and user.is_authenticated


def find_order(number=None, *, user=None, email=None, token=None, writing=False, queryset=None):
    """The order the requester may reach, else None (whatever was wrong); see the module.

    ``number``: the order number asked for (with a token it may be left out; if given,
    it must be the token's). ``writing``: the caller acts on the order as its shopper
    (sends a confirmation, chooses, opens a ticket), which staff may not do for others.
    """
    queryset = queryset if queryset is not None else Order._default_manager.all()
    queryset = queryset.select_related("user")  # order.email is the user's for their orders
    payload = read_order_token(token) if token else None
    number = clean_number(number)
    if token and payload is not None and number is None:
        number = payload["n"]
    # the number is unique: no ORDER BY (``first()`` would sort by the model's ordering)
    order = next(iter(queryset.filter(number=number).order_by()[:1]), None) if number else None
    if order is None:
        emails_match(email, "")  # the same work as for a known number
        return None
    if _reached_by_account(order, user, writing):
        return order
    if token:
        return order if _token_reaches(order, payload) else None
    return order if emails_match(email, order.email) else None


def _reached_by_account(order, user, writing):
    if not _signed_in(user):
        return False
    if order.user_id is not None and order.user_id == user.pk:
        return True
    return bool(user.is_staff and not writing)


def _token_reaches(order, payload):
    if payload is None or payload["n"] != str(order.number) or not order.email:
        return False
    return hmac.compare_digest(payload["e"], _email_digest(order.email))


def vouched_for(order, *, user=None, token=None, writing=False):
    """``order`` (found by ``find_order``) was reached by an account or the signed link,
    not by number + e-mail alone: the requester may learn specific refusals."""
    if _reached_by_account(order, user, writing):
        return True
    return bool(token) and _token_reaches(order, read_order_token(token))
