"""oscarapi's product serializers, adapted to the store (loaded via OSCARAPI_OVERRIDE_MODULES).

Products embed their price and availability: a front end renders a product list
or page from one request instead of two more per product (``/price/`` and
``/availability/`` still answer). Options and category names are read from
prefetched rows (see ``contex_oscar.api.prefetch``) so a product with 20
variants costs the same queries as one with a single variant.
"""

from drf_spectacular.utils import extend_schema_field
from oscar.core.loading import get_class
from oscarapi import settings as oscarapi_settings
from oscarapi.serializers import product as base
from oscarapi.serializers.checkout import PriceSerializer
from rest_framework import serializers

from contex_oscar.api import prefetch
from contex_oscar.api.built_fields import BuiltOnceFieldsMixin

Product = base.Product
Selector = get_class("partner.strategy", "Selector")


class PurchaseInfoMixin(serializers.Serializer):
    """``price`` and ``availability`` from Oscar's strategy, computed once per product."""

    price = serializers.SerializerMethodField()
    availability = serializers.SerializerMethodField()

    @extend_schema_field(PriceSerializer(allow_null=True))
    def get_price(self, product):
        price = prefetch.purchase_info(product, self.context.get("request")).price
        return _PRICE.to_representation(price) if price.exists else None

    @extend_schema_field(base.AvailabilitySerializer)
    def get_availability(self, product):
        availability = prefetch.purchase_info(product, self.context.get("request")).availability
        return _AVAILABILITY.to_representation(availability)


# One of each for every row of every answer: they read no context, and building one
# (its fields) per product doubled a list's time, per answer it cost a tenth of it.
_PRICE = PriceSerializer()
_AVAILABILITY = base.AvailabilitySerializer()


class PrefetchedOptionsMixin(serializers.Serializer):
    """``options`` and ``categories`` read from prefetched rows instead of a query each."""

    options = serializers.SerializerMethodField()
    categories = serializers.SerializerMethodField()

    @extend_schema_field(base.OptionSerializer(many=True))
    def get_options(self, product):
        return base.OptionSerializer(
            prefetch.product_options(product), many=True, context=self.context
        ).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_categories(self, product):
        categories = list(product.categories.all())
        names = self.context.get("_contex_category_names")
        if names is None or any(category.pk not in names for category in categories):
            names = prefetch.category_full_names(categories)
        return [names[category.pk] for category in categories]


class ChildProductSerializer(
    BuiltOnceFieldsMixin, PurchaseInfoMixin, PrefetchedOptionsMixin, base.ChildProductSerializer
):
    class Meta(base.ChildProductSerializer.Meta):
        """oscarapi's fields (the mixins add their own)."""


class ProductSerializer(
    BuiltOnceFieldsMixin, PurchaseInfoMixin, PrefetchedOptionsMixin, base.ProductSerializer
):
    # only public variants (oscarapi lists hidden ones too), from the prefetch
    children = ChildProductSerializer(many=True, required=False, source="get_public_children")

    class Meta(base.ProductSerializer.Meta):
        """oscarapi's fields (the mixins add their own)."""

    def to_representation(self, instance):
        # one query names the categories of the product and all its variants
        categories = [*instance.categories.all()]
        for child in instance.get_public_children():
            categories.extend(child.categories.all())
        self.context["_contex_category_names"] = prefetch.category_full_names(categories)
        return super().to_representation(instance)


class ProductLinkSerializer(BuiltOnceFieldsMixin, PurchaseInfoMixin, base.ProductLinkSerializer):
    """The product list: oscarapi's summary fields plus price and availability."""

    class Meta(base.ProductLinkSerializer.Meta):
        fields = tuple(dict.fromkeys((*oscarapi_settings.PRODUCT_FIELDS, "price", "availability")))


class AddProductSerializer(base.AddProductSerializer):
    """Only public products can be added (their class joined; stock loads with the basket)."""

    url = serializers.HyperlinkedRelatedField(
        view_name="product-detail",
        queryset=Product.objects.public().select_related("product_class", "parent__product_class"),
        required=True,
    )


class ProductStockRecordSerializer(base.ProductStockRecordSerializer):
    """A product's stock records (``/api/products/<pk>/stockrecords/``): partner, SKU,
    price and availability, not the store's counters. oscarapi shows every column, so
    anyone could watch ``num_allocated`` (sales), ``num_in_stock``, the low-stock
    threshold and ``date_updated`` move; staff still see them in the admin API."""

    availability = serializers.SerializerMethodField()

    class Meta(base.ProductStockRecordSerializer.Meta):
        fields = None
        exclude = ("num_in_stock", "num_allocated", "low_stock_threshold", "date_updated")

    @extend_schema_field(base.AvailabilitySerializer)
    def get_availability(self, record):
        request = self.context.get("request")
        strategy = Selector().strategy(request=request, user=getattr(request, "user", None))
        info = strategy.fetch_for_product(record.product, stockrecord=record)
        return base.AvailabilitySerializer().to_representation(info.availability)
