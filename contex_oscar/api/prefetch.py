"""Fixed-query loading of products and baskets for oscarapi's endpoints.

oscarapi reads products and basket lines without ``select_related`` or
``prefetch_related`` (oscarapi #258): each listed product, child product and
basket line costs its own queries for stock records, product class, options,
attributes... and its basket views re-apply offers once per line. These helpers
load what the serializers and Oscar's purchase strategy read, so a request costs
the same number of queries for 1 item or 20. They fill the caches Oscar 4's own
prefetch helpers fill (``_prefetched_public_children``,
``_prefetched_attribute_values``...), so Oscar's getters (``get_public_children``,
``attr.get_values``, the strategy) read them, with fewer queries than
``prefetch_attribute_values`` needs when many products are loaded together.
"""

from types import MethodType

from django.conf import settings
from django.db import connection
from django.db.models import F, Prefetch, prefetch_related_objects
from oscar.core.loading import get_class, get_model
from oscarapi.basket import operations

from contex_oscar.caching import CachedRows

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
AttributeOption = get_model("catalogue", "AttributeOption")
StockRecord = get_model("partner", "StockRecord")
LineAttribute = get_model("basket", "LineAttribute")
Selector = get_class("partner.strategy", "Selector")
Applicator = get_class("offer.applicator", "Applicator")


# --- products -------------------------------------------------------------------


def visible_products(request=None):
    """Products a shopper may see: public ones, as in Oscar's own catalogue.

    Staff may open a hidden product's detail (Oscar lets them preview it too).
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_staff:
        return Product.objects.all()
    return Product.objects.public()


def _product_classes():
    return ProductClass.objects.prefetch_related("options")


#: Every product class with its options. Each product's availability asks its class
#: whether it tracks stock, and a product page shows the class's options; a store has a
#: handful of classes, changed by staff (``catalogue_cache.connect_signals`` forgets them).
product_classes = CachedRows("contex:catalogue:product-classes", _product_classes)

_PRODUCT_CLASS = Product._meta.get_field("product_class")
_PARENT = Product._meta.get_field("parent")


def attach_product_classes(products):
    """Give ``products`` and their loaded parents their class from ``product_classes``.

    Cheaper than joining the class into every product row (twice, for a variant's
    parent). A class missing from the cached rows (created meanwhile) is left to
    Django's own lazy load.
    """
    classes = {product_class.pk: product_class for product_class in product_classes.get()}
    for product in products:
        for item in (product, _PARENT.get_cached_value(product, None)):
            if item is None or item.product_class_id is None:
                continue
            if not _PRODUCT_CLASS.is_cached(item) and item.product_class_id in classes:
                _PRODUCT_CLASS.set_cached_value(item, classes[item.product_class_id])
    return products


def product_list_queryset():
    """Public products with their stock records (``prefetch_list`` adds the rest)."""
    return Product.objects.public().prefetch_related("stockrecords")


def prefetch_list(products):
    """What the list's price and availability read besides the stock records, for a page.

    Classes come from ``product_classes``; a variant listed on its own gets its parent
    (one query, only when the page holds variants); parents get their variants.
    """
    variants = [item for item in products if item.parent_id and not _PARENT.is_cached(item)]
    if variants:
        prefetch_related_objects(variants, "parent")
    attach_product_classes(products)
    return prefetch_variants(products)


def prefetch_variants(products):
    """Load the public variants (and their stock) of the parents among ``products``.

    A family is priced from its variants; Oscar's ``get_public_children`` reads the
    ``_prefetched_public_children`` set here. No query when no product is a parent.
    """
    parents = [product for product in products if product.is_parent]
    variants = Product.objects.public().prefetch_related("stockrecords")
    prefetch_related_objects(
        parents,
        Prefetch("children", queryset=variants, to_attr="_prefetched_public_children"),
    )
    return products


def product_detail_queryset(request=None):
    """The products whose page a request may open, with a variant's parent joined
    (``prefetch_product_detail`` gives them their class)."""
    return visible_products(request).select_related("parent")


def attribute_values_queryset():
    """Attribute values as Oscar's ``prefetch_attribute_values`` loads them (code annotated)."""
    return ProductAttributeValue.objects.select_related(
        "attribute", "value_option", "value_option__group"
    ).annotate(code=F("attribute__code"))


def prefetch_product_detail(product):
    """Load what the detail serializer reads for ``product`` and its public variants.

    One query per relation for the product and all its variants together (Django's
    ``prefetch_related_objects``), filling the caches Oscar's own prefetch helpers
    fill: ``_prefetched_public_children``, ``_prefetched_attribute_values`` and
    ``_prefetched_parent_attribute_values``.
    """
    attach_product_classes([product])
    children = list(product.children.filter(is_public=True)) if product.is_parent else []
    product._prefetched_public_children = children
    everyone = [product, *children]
    values = Prefetch(
        "attribute_values",
        queryset=attribute_values_queryset(),
        to_attr="_prefetched_attribute_values",
    )
    prefetch_related_objects(
        everyone, "stockrecords", "categories", "product_options", "recommended_products", values
    )
    prefetch_related_objects([product], "images")
    loaded = [value for item in everyone for value in item._prefetched_attribute_values]
    if product.is_child:
        parent = product.parent
        prefetch_related_objects(
            [parent],
            Prefetch(
                "attribute_values",
                queryset=attribute_values_queryset(),
                to_attr="_prefetched_parent_attribute_values",
            ),
        )
        loaded += parent._prefetched_parent_attribute_values
    else:
        # variants inherit the values they do not set from this product
        product._prefetched_parent_attribute_values = product._prefetched_attribute_values
    product_class = product.get_product_class()
    if product_class is not None:
        prefetch_related_objects([product_class], "options")
    multi_option = [v for v in loaded if v.attribute.type == ProductAttribute.MULTI_OPTION]
    prefetch_related_objects(
        multi_option,
        Prefetch("value_multi_option", queryset=AttributeOption.objects.select_related("group")),
    )
    return product


def purchase_info(product, request):
    """Oscar's price and availability for ``product``, computed once per product object."""
    info = getattr(product, "_contex_purchase_info", None)
    if info is None:
        strategy = getattr(request, "strategy", None)
        if strategy is None:
            strategy = Selector().strategy(request=request, user=getattr(request, "user", None))
        # as Oscar's purchase_info_for_product tag: a family is priced from its variants
        if product.is_parent:
            info = strategy.fetch_for_parent(product)
        else:
            info = strategy.fetch_for_product(product)
        product._contex_purchase_info = info
    return info


def product_options(product):
    """``product.options`` (class-wide and own options) from prefetched rows, in Oscar's order."""
    options = {option.pk: option for option in product.get_product_class().options.all()}
    options.update((option.pk, option) for option in product.product_options.all())
    # Option.Meta.ordering is ("order", "name"); options without an order come last.
    return sorted(options.values(), key=lambda o: (o.order is None, o.order or 0, o.name))


def _category_names():
    return Category.objects.values_list("path", "name")


#: Every category's (path, name): a product page names its categories with their ancestors
#: ("Scanners > IQ FLEX"). A store has a few dozen, changed by staff
#: (``catalogue_cache.connect_signals`` forgets them).
category_names = CachedRows("contex:catalogue:category-names", _category_names)


def category_full_names(categories):
    """``{category pk: full name}`` ("Scanners > IQ FLEX"), the ancestors' names from
    ``category_names`` (a path missing there, added meanwhile, reads them afresh)."""
    categories = list(categories)
    step = Category.steplen
    names = dict(category_names.get())
    if any(category.path not in names for category in categories):
        category_names.forget()
        names = dict(category_names.get())
    separator = Category._full_name_separator
    return {
        category.pk: separator.join(
            [names.get(category.path[:end], "") for end in range(step, len(category.path), step)]
            + [category.name]
        )
        for category in categories
    }


# --- baskets --------------------------------------------------------------------


def basket_lines_queryset(basket, with_attributes=True, join_products=True):
    """The basket's lines with their stock record, partner (and product and class) joined."""
    if join_products:
        lines = basket.lines.select_related(
            "product__product_class", "product__parent__product_class", "stockrecord__partner"
        )
    else:
        lines = basket.lines.select_related("stockrecord__partner")
    lines = lines.order_by(basket._meta.pk.name)
    if not with_attributes:
        return lines
    # the options with their Option (an order line copies the option's code)
    options = LineAttribute.objects.select_related("option")
    return lines.prefetch_related(Prefetch("attributes", queryset=options))


def _attach_products(basket, lines, joined):
    """Give every line a product whose stock records are loaded, in one query at most.

    Oscar's strategy prices a line from ``line.product.stockrecords`` and checks
    availability through ``product.get_product_class()``: without this, every
    line costs two queries. Products loaded once (and the product being added)
    are reused when the lines are loaded again after a change, so that reload
    does not join the products at all.
    """
    known = basket._contex_products
    loading = {product.pk: product for product in basket._contex_pending}
    missing = {}
    for line in lines:  # evaluates the queryset; its cache keeps these line objects
        if line.product_id not in known and line.product_id not in loading:
            missing[line.product_id] = line.product if joined else None
    if missing and not joined:  # lines added since the last load (e.g. another request)
        missing = {
            product.pk: product
            for product in Product.objects.select_related(
                "product_class", "parent__product_class"
            ).filter(pk__in=missing)
        }
    loading.update(missing)
    records = StockRecord.objects.all()
    if basket._contex_lock_stock and connection.in_atomic_block:
        # a checkout: lock the rows now, in id order (see order.stock.lock_and_check_stock)
        records = records.select_for_update().order_by("pk")
        basket._contex_stock_locked = True
    prefetch_related_objects(list(loading.values()), Prefetch("stockrecords", queryset=records))
    known.update(loading)
    basket._contex_pending = []
    for line in lines:
        line.product = known[line.product_id]


def _all_lines(basket):
    # Same contract as Oscar's Basket.all_lines: a cached queryset of the lines,
    # dropped when offers are re-applied or a product is added.
    if basket.id is None:
        return basket.lines.model.objects.none()
    if basket._lines is None:
        joined = not basket._contex_products  # a reload reuses the products it has
        lines = basket_lines_queryset(
            basket, with_attributes=basket._contex_line_attributes, join_products=joined
        )
        _attach_products(basket, lines, joined)
        basket._lines = lines
    return basket._lines


def prefetch_basket(basket, with_attributes=True, products=(), lock_stock=False):
    """Make ``basket.all_lines()`` load its lines in a fixed number of queries.

    Oscar's ``Basket.all_lines`` cannot be configured without forking the basket
    app, so the optimised loader is bound to this basket object only.
    ``with_attributes=False`` skips the line attributes (options), which only the
    line serializer shows. ``products`` (e.g. one about to be added) get their stock
    records loaded together with the lines'.
    ``lock_stock`` (checkout, in a transaction): the stock records are read ``FOR UPDATE``.
    """
    basket._contex_line_attributes = with_attributes
    basket._contex_lock_stock = lock_stock
    basket._contex_products = getattr(basket, "_contex_products", {})
    basket._contex_pending = list(products)
    basket.all_lines = MethodType(_all_lines, basket)
    basket._lines = None
    return basket


def apply_offers(request, basket):
    """oscarapi's ``apply_offers`` without its extra ``COUNT`` query: lines load once, then offers.

    Marks the basket so the line serializer can reuse its lines (with their
    discounts) instead of re-applying offers for every line.
    """
    basket.reset_offer_applications()
    lines = basket.all_lines()
    if len(lines):  # the queryset is evaluated; is_empty would COUNT again
        Applicator().apply(basket, request.user, request)
    basket._contex_offers_applied = True
    return basket


def assign_strategy(basket, request):
    if hasattr(request, "strategy"):
        basket.strategy = request.strategy
    else:
        basket.strategy = Selector().strategy(request=request, user=request.user)
    return basket


def remember_basket(basket, session):
    """Store the basket id in the session only when it changed (oscarapi writes it every time)."""
    key = settings.OSCAR_BASKET_COOKIE_OPEN
    if session.get(key) != basket.pk:
        operations.store_basket_in_session(basket, session)


def get_basket(request, with_attributes=False, offers=True, products=()):
    """The request's basket (oscarapi's rules for guests and users), loaded in fixed queries.

    ``offers=False`` leaves offers unapplied (to check and add a product, whose
    stock records come with the lines' when passed in ``products``); call
    ``apply_offers`` afterwards.
    """
    basket = prefetch_basket(
        operations.get_basket(request, prepare=False),
        with_attributes=with_attributes,
        products=products,
    )
    assign_strategy(basket, request)
    if offers:
        apply_offers(request, basket)
    remember_basket(basket, request.session)
    return basket


def prepare_basket(basket, request, with_attributes=True):
    """A basket loaded by id (``baskets/<pk>/...``): strategy, offers and session, fixed queries."""
    prefetch_basket(basket, with_attributes=with_attributes)
    assign_strategy(basket, request)
    apply_offers(request, basket)
    remember_basket(basket, request.session)
    return basket


def line_from_basket(line):
    """The basket's in-memory copy of ``line`` (it carries the offers' discounts), or None."""
    basket = line.basket
    if not getattr(basket, "_contex_offers_applied", False) or basket._lines is None:
        return None
    cached = getattr(basket, "_contex_lines_by_id", None)
    if cached is None or cached[0] is not basket._lines:
        cached = (basket._lines, {item.pk: item for item in basket._lines})
        basket._contex_lines_by_id = cached
    return cached[1].get(line.pk)
