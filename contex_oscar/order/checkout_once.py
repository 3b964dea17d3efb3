"""One basket, one order: checkouts of a basket are serialised and never repeated.

Two identical checkout requests (a double click, a retried request) would both
pass oscarapi's checks and the second would fail on the order number's unique
index with a 500. The basket row is locked for the checkout's transaction, so a
second checkout of the same basket waits for the first and then finds the basket
submitted: it gets ``basket_already_submitted`` (409) — or, if it carries the
same ``Idempotency-Key`` as the checkout that placed the order, that order.
"""

from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from contex_oscar.errors import StoreError
from contex_oscar.order.models import CheckoutIdempotencyKey

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")


class CheckoutRefused(StoreError):
    """A checkout that must not run (HTTP 409 unless said otherwise)."""

    status = 409


def lock_own_basket(basket_id, user, session_basket_id=None):
    """Lock the shopper's basket ``basket_id`` (with its vouchers) until the transaction ends.

    ``user`` owns it when signed in; a guest's is the one in the session
    (``session_basket_id``). A concurrent checkout of the same basket waits here. Raises
    ``CheckoutRefused`` ``basket_not_yours`` (401) for another shopper's basket and
    ``Basket.DoesNotExist`` for none: one query when the basket is the shopper's.
    """
    baskets = Basket.objects.select_for_update().prefetch_related("vouchers")
    if user is not None and user.is_authenticated:
        baskets = baskets.filter(owner=user)
    elif session_basket_id == basket_id:
        baskets = baskets.filter(owner__isnull=True)
    else:
        baskets = baskets.none()
    basket = baskets.filter(pk=basket_id).first()
    if basket is not None:
        return basket
    if not Basket.objects.filter(pk=basket_id).exists():
        raise Basket.DoesNotExist
    raise CheckoutRefused("basket_not_yours", _("This basket does not belong to you."), 401)


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
