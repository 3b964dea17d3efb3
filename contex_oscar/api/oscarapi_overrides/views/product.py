"""oscarapi's product views, adapted to the store (loaded via OSCARAPI_OVERRIDE_MODULES).

Both show public products only (as Oscar's own catalogue does; staff may still open a
hidden product's page) and load everything their serializers read up front, so the
number of queries does not grow with the number of products or variants.
"""

from django.db.models import prefetch_related_objects
from oscarapi.views import product as base
from rest_framework.response import Response

from contex_oscar.api import catalogue_cache, prefetch
from contex_oscar.api.pagination import counting_first_page

# no request transaction for these reads (it costs BEGIN and COMMIT on every request)
from contex_oscar.order.api.views import ReadOnlyView


class ProductList(ReadOnlyView, base.ProductList):
    # a catalogue that fits one page is counted from the page itself (no COUNT query)
    pagination_class = counting_first_page(base.ProductList.pagination_class)

    def get_queryset(self):
        queryset = prefetch.product_list_queryset()
        structure = self.request.query_params.get("structure")
        if structure is not None:
            queryset = queryset.filter(structure=structure)
        return queryset

    def get_serializer(self, *args, **kwargs):
        if kwargs.get("many") and args:  # the page of products, whether paginated or not
            args = (prefetch.prefetch_list(list(args[0])), *args[1:])
        return super().get_serializer(*args, **kwargs)

    def list(self, request, *args, **kwargs):
        if not catalogue_cache.is_served_from_cache(request):
            return super().list(request, *args, **kwargs)
        # anonymous: the page's products and their rows from the cache while they stand
        return catalogue_cache.cached_list(self, request, self._page, self._rows)

    def _page(self):
        """The page's product ids and its envelope (count, links; None unpaginated)."""
        pks = self.filter_queryset(self.get_queryset()).values_list("pk", flat=True)
        page = self.paginate_queryset(pks)
        if page is None:
            return list(pks), None
        envelope = dict(self.get_paginated_response([]).data)
        del envelope["results"]
        return list(page), envelope

    def _rows(self, pks):
        products = list(self.get_queryset().filter(pk__in=pks))
        data = self.get_serializer(products, many=True).data
        return {product.pk: dict(row) for product, row in zip(products, data, strict=True)}


class ProductDetail(ReadOnlyView, base.ProductDetail):
    def get_queryset(self):
        return prefetch.product_detail_queryset(self.request)

    def get_object(self):
        return prefetch.prefetch_product_detail(super().get_object())

    def retrieve(self, request, *args, **kwargs):
        # as the list: anonymous pages come rendered from the cache until the product changes
        pk = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        return catalogue_cache.cached_answer(
            self, request, lambda: self._page(request, pk), scope=catalogue_cache.product_key(pk)
        )

    def _page(self, request, pk):
        if not catalogue_cache.is_served_from_cache(request):
            return super().retrieve(request)
        build = lambda: super(ProductDetail, self).retrieve(request).data  # noqa: E731
        return Response(catalogue_cache.kept_page(request, pk, build, self._reprice))

    def _reprice(self, data):
        """The kept page ``data`` with the price and availability of now (its product's and
        its variants'); None when the page no longer matches its product (built afresh)."""
        product = self.get_object_or_none()
        if product is None:
            return None
        children = list(product.get_public_children()) if product.is_parent else []
        product._prefetched_public_children = children  # the family's price reads them
        shown = data.get("children") or []
        if [row.get("id") for row in shown] != [child.pk for child in children]:
            return None  # variants came or went without a content change (not kept then)
        prefetch_related_objects([product, *children], "stockrecords")
        prefetch.attach_product_classes(children)
        serializer = self.get_serializer()
        for row, item in ((data, product), *zip(shown, children, strict=True)):
            if "price" in row:
                row["price"] = serializer.get_price(item)
            if "availability" in row:
                row["availability"] = serializer.get_availability(item)
        return data

    def get_object_or_none(self):
        lookup = {self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]}
        product = self.get_queryset().filter(**lookup).first()
        if product is not None:
            prefetch.attach_product_classes([product])
        return product


class ProductPrice(ReadOnlyView, base.ProductPrice):
    def get_queryset(self):
        return prefetch.visible_products(self.request)


class ProductAvailability(ReadOnlyView, base.ProductAvailability):
    def get_queryset(self):
        return prefetch.visible_products(self.request)


def _visible_product(request, pk):
    """The product ``pk`` if visible, as a queryset. Looked up by its own ``pk``: an id past
    the column's range finds nothing (a ``product_id`` filter overflowed SQLite: a 500)."""
    return prefetch.visible_products(request).filter(pk=pk)


class ProductStockRecords(ReadOnlyView, base.ProductStockRecords):
    def get_queryset(self):
        return base.StockRecord.objects.filter(
            product__in=_visible_product(self.request, self.kwargs["pk"])
        ).order_by("pk")  # pages need an order


class ProductStockRecordDetail(ReadOnlyView, base.ProductStockRecordDetail):
    """oscarapi ignores the product in the URL; a stock record answers under its own product."""

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(product__in=_visible_product(self.request, self.kwargs["product_pk"]))
        )
