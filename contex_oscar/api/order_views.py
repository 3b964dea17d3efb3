"""oscarapi's order detail and order line views, for the order's owner only.

oscarapi answers 403 for another customer's order (so order ids can be probed),
lists no lines instead of refusing for another customer's order, and filters by
the anonymous user (an error) for a guest. Here what is not yours is 404. The
login requirement of ``orders/<pk>/`` stays (403 for a guest, oscarapi's contract).
Re-exported by ``oscarapi_overrides.views.checkout``.
"""

from django.http import Http404
from oscarapi.views import checkout as base


def _own(queryset, user, field="user"):
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(**{field: user})


class OrderDetail(base.OrderDetail):
    def get_queryset(self):
        # the delivery estimate and terms acceptance kept at checkout: read with the order
        queryset = (
            super()
            .get_queryset()
            .select_related("contex_delivery_estimate", "contex_terms_acceptance")
        )
        return _own(queryset, self.request.user)


class OrderLineList(base.OrderLineList):
    pagination_class = None  # an order's lines come whole, as its answer lists them

    def get_queryset(self):
        orders = _own(base.Order.objects.filter(pk=self.kwargs["pk"]), self.request.user)
        if not orders.exists():
            raise Http404
        return _lines().filter(order_id=self.kwargs["pk"]).order_by("pk")


class OrderLineDetail(base.OrderLineDetail):
    def get_queryset(self):
        return _own(_lines(), self.request.user, "order__user")


def _lines():
    # what oscarapi's line serializer reads: the order (currency), the stock record
    # (its link names the product) and the line options, once for all lines
    return base.OrderLine.objects.select_related("order", "stockrecord").prefetch_related(
        "attributes"
    )
