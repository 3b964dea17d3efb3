"""One basket, one order: checkouts of a basket are serialised and never repeated.

Two identical checkout requests (a double click, a retried request) would both
pass oscarapi's checks and the second would fail on the order number's unique
index with a 500. The basket row is locked for the checkout's transaction, so a
second checkout of the same basket waits for the first and then finds the basket
submitted: it gets ``basket_already_submitted`` (409) — or, if it carries the
same ``Idempotency-Key`` as the checkout that placed the order, that order.
"""

import re

from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from oscarapi.basket.operations import get_basket_id_from_session

from contex_oscar.order.models import CheckoutIdempotencyKey

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

#: The keys the store accepts (as for service requests): 8-100 letters, digits, ``_ . : -``.
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:\-]{8,100}$")


class CheckoutRefused(Exception):
    """A checkout that must not run; ``code`` and ``status`` go to the API error."""

    def __init__(self, code, message, status=409):
        self.code = code
        self.message = message
        self.status = status
        super().__init__(message)


def idempotency_key(request):
    """The request's ``Idempotency-Key`` header, or ``""`` when none was sent."""
    key = request.headers.get("Idempotency-Key", "")
    if key and not IDEMPOTENCY_KEY.match(key):
        raise CheckoutRefused(
            "invalid_idempotency_key", _("Idempotency-Key: 8-100 letters, digits or _ . : -"), 400
        )
    return key


def owns_basket(request, basket):
    """Whether the request's shopper owns the basket, whatever the basket's status."""
    if request.user.is_authenticated:
        return basket.owner_id == request.user.pk
    return basket.owner_id is None and get_basket_id_from_session(request) == basket.pk


def lock_basket(basket):
    """Lock the basket row until the transaction ends; a concurrent checkout waits here."""
    return Basket.objects.select_for_update().get(pk=basket.pk)


def order_already_placed(basket, key):
    """For a locked basket: ``None`` when it may be checked out, else the order to replay.

    Raises ``CheckoutRefused`` when the basket is no longer open and the request
    is not a retry (same ``Idempotency-Key``) of the checkout that placed its order.
    """
    if basket.can_be_edited:
        return None
    if key:
        remembered = (
            CheckoutIdempotencyKey.objects.filter(basket=basket, key=key)
            .select_related("order")
            .first()
        )
        if remembered is not None:
            return remembered.order
    if Order.objects.filter(basket=basket).exists():
        raise CheckoutRefused(
            "basket_already_submitted",
            _("This basket has already been checked out; its order was placed."),
        )
    raise CheckoutRefused("basket_not_open", _("This basket can no longer be checked out."))


def remember_key(basket, key, order):
    if key:
        CheckoutIdempotencyKey.objects.create(basket=basket, key=key, order=order)
