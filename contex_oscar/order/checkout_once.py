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
from rest_framework.fields import empty
from rest_framework.relations import HyperlinkedRelatedField
from rest_framework.serializers import ValidationError

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


class _BasketLink(HyperlinkedRelatedField):
    """Reads the basket id from its URL without loading it (``lock_own_basket`` does)."""

    def get_object(self, view_name, view_args, view_kwargs):
        try:
            return int(view_kwargs[self.lookup_url_kwarg])
        except (KeyError, TypeError, ValueError):
            raise Basket.DoesNotExist from None


def basket_id_from_hyperlink(data, format=None):
    """The id in the posted ``basket`` URL (``data``: the posted fields).

    A missing or bad URL raises the ``ValidationError`` the checkout serializer would
    give, on ``basket`` (the checkout answers it 406 ``validation_error``, as oscarapi).
    """
    link = _BasketLink(view_name="basket-detail", queryset=Basket.objects, format=format)
    try:
        return link.run_validation(data.get("basket", empty))
    except ValidationError as error:
        raise ValidationError({"basket": error.detail}) from None


def lock_own_basket(request, basket_id):
    """Lock the shopper's basket ``basket_id`` (with its vouchers) until the transaction ends.

    A concurrent checkout of the same basket waits here. Raises ``CheckoutRefused``
    ``basket_not_yours`` (401) for another shopper's basket, a ``ValidationError`` on
    ``basket`` for one that does not exist: one query when the basket is the shopper's.
    """
    baskets = Basket.objects.select_for_update().prefetch_related("vouchers")
    if request.user.is_authenticated:
        baskets = baskets.filter(owner=request.user)
    elif get_basket_id_from_session(request) == basket_id:
        baskets = baskets.filter(owner__isnull=True)
    else:
        baskets = baskets.none()
    basket = baskets.filter(pk=basket_id).first()
    if basket is not None:
        return basket
    if not Basket.objects.filter(pk=basket_id).exists():
        message = HyperlinkedRelatedField.default_error_messages["does_not_exist"]
        raise ValidationError({"basket": [message]}, code="does_not_exist")
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
