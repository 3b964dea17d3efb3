"""oscarapi's basket list/detail and line attribute views, closed to anyone but the owner.

oscarapi answers 403 for another shopper's basket (so ids can be probed), lets the
owner rewrite a basket's owner and status, lets line options be rewritten after the
line was checked, and breaks (500) on the basket list for a guest without a basket.
Here a basket is the requester's (their account's, or the one in their session) or
it is 404; baskets can be read and deleted, line attributes only read.
"""

from oscarapi.basket import operations
from oscarapi.views import basic as base
from rest_framework import generics

from contex_oscar.api import prefetch
from contex_oscar.api.basket_views import accessible_basket


def _priced(basket, request):
    prefetch.prefetch_basket(basket, with_attributes=False)
    prefetch.assign_strategy(basket, request)
    return prefetch.apply_offers(request, basket)


class BasketList(generics.ListAPIView):
    """Your open baskets: your account's, or the one in your session."""

    serializer_class = base.BasketSerializer
    queryset = base.Basket.objects.none()

    def get_queryset(self):
        user = self.request.user
        if user.is_authenticated:
            baskets = list(operations.editable_baskets().filter(owner=user))
        else:
            basket = operations.get_anonymous_basket(self.request)
            baskets = [basket] if basket is not None else []
        return [_priced(basket, self.request) for basket in baskets]


class BasketDetail(generics.RetrieveDestroyAPIView):
    """One of your baskets: read it or delete it."""

    serializer_class = base.BasketSerializer
    queryset = base.Basket.objects.none()

    def get_object(self):
        basket = accessible_basket(self.request, self.kwargs["pk"])
        return _priced(basket, self.request)


class LineAttributeDetail(generics.RetrieveAPIView):
    """An option value of a line in your basket (read-only: options are set when adding)."""

    serializer_class = base.LineAttributeSerializer
    queryset = base.LineAttribute.objects.none()

    def get_queryset(self):
        basket = accessible_basket(self.request, self.kwargs["basket_pk"])
        # ``line__pk``, not ``line_id``: an id past the column's range finds nothing
        # instead of overflowing SQLite's integer (a 500)
        return base.LineAttribute.objects.filter(
            line__basket=basket, line__pk=self.kwargs["line_pk"]
        ).select_related("line__basket", "option")
