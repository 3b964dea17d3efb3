"""oscarapi's basket views with fixed query counts and owner-only access.

They replace oscarapi's ``BasketView``, ``AddProductView``, ``LineList`` and
``BasketLineDetail`` (re-exported by ``oscarapi_overrides.views.basket``):

- baskets and lines load through ``contex_oscar.api.prefetch`` (a fixed number of
  queries whatever the number of lines; the session is written only when the
  basket changes);
- a basket or line that is not the requester's answers 404, never 403, so ids
  cannot be probed;
- lines are added only through ``basket/add-product/``, which checks stock
  (oscarapi's ``POST baskets/<pk>/lines/`` bypasses every check).
"""

from django.http import Http404
from oscar.apps.basket import signals
from oscar.core.loading import get_class, get_model
from oscarapi.basket import operations
from oscarapi.views import basket as base
from rest_framework import generics, status
from rest_framework.response import Response

from contex_oscar.api import prefetch
from contex_oscar.api.exceptions import error_body, error_response, validation_error_body
from contex_oscar.order import limits

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")
Unavailable = get_class("partner.availability", "Unavailable")


def accessible_basket(request, pk):
    """The editable basket ``pk`` if the request may use it (owner or session), else 404."""
    basket = operations.editable_baskets().filter(pk=pk).first()
    if basket is None or not operations.request_allows_access_to_basket(request, basket):
        raise Http404
    return basket


def stock_info(basket, product, options):
    """Price and availability of ``product`` as a line of ``basket``: what ``add_product``
    records (Oscar's ``fetch_for_product``, as oscarapi checks; a parent by its own stock
    record, not its variants'). The product's stock records come loaded with the lines."""
    return basket.get_stock_info(product, options)


def unit_price(info):
    price = info.price
    if not price.exists:
        return None
    return price.incl_tax if price.is_tax_known else price.excl_tax


class BasketView(base.BasketView):
    def get(self, request, *args, **kwargs):
        basket = prefetch.get_basket(request)
        return Response(self.serializer_class(basket, context={"request": request}).data)


class AddProductView(base.AddProductView):
    def validate(self, basket, product, quantity, options):
        """oscarapi's checks, counting what the basket holds from its loaded lines."""
        # the lines first: loading them loads the product's stock records too
        current = sum(line.quantity for line in basket.all_lines() if line.product_id == product.pk)
        info = stock_info(basket, product, options)
        availability = info.availability
        if not availability.is_available_to_buy:
            return False, availability.message
        if not info.price.exists:  # Oscar's add_product would raise (oscarapi: a 500)
            return False, Unavailable().message
        allowed, message = availability.is_purchase_permitted(current + quantity)
        if not allowed:
            return False, message
        # Oscar's limit on a basket's items counts what is being added
        return basket.is_quantity_allowed(quantity)

    def post(self, request, *args, **kwargs):
        adding = self.add_product_serializer_class(data=request.data, context={"request": request})
        if not adding.is_valid():
            return Response(
                validation_error_body(adding.errors), status=status.HTTP_406_NOT_ACCEPTABLE
            )
        product = adding.validated_data["url"]
        quantity = adding.validated_data["quantity"]
        limits.check_quantity(quantity)  # Oscar would clamp -1 to a line of 0 units
        options = adding.validated_data.get("options", [])
        # offers are applied once, after the line is added; the product's stock
        # records load with the lines'
        basket = prefetch.get_basket(request, offers=False, products=[product])
        valid, message = self.validate(basket, product, quantity, options)
        if not valid:
            return Response(
                error_body("cannot_add_product", message), status=status.HTTP_406_NOT_ACCEPTABLE
            )
        try:  # a basket must stay small enough to become an order
            price = unit_price(stock_info(basket, product, options))
            limits.check_basket_change(basket, price, quantity)
        except limits.AmountTooLarge as error:
            return error_response(error)
        basket.add_product(product, quantity=quantity, options=options)
        signals.basket_addition.send(
            sender=self, product=product, user=request.user, request=request
        )
        prefetch.apply_offers(request, basket)
        return Response(self.serializer_class(basket, context={"request": request}).data)


class LineList(generics.ListAPIView):
    """The lines of one of your baskets (read-only: add with ``basket/add-product/``)."""

    serializer_class = base.BasketLineSerializer
    queryset = Line.objects.none()
    pagination_class = None  # a basket comes whole (its size is bounded by the basket limit)

    def get_queryset(self):
        basket = accessible_basket(self.request, self.kwargs["pk"])
        return prefetch.prepare_basket(basket, self.request).all_lines()


class BasketLineDetail(generics.RetrieveUpdateDestroyAPIView):
    """One line of your basket: read it, change its quantity, or remove it."""

    serializer_class = base.BasketLineSerializer
    queryset = Line.objects.none()

    def get_queryset(self):
        basket = accessible_basket(self.request, self.kwargs["basket_pk"])
        return prefetch.prepare_basket(basket, self.request).all_lines()
