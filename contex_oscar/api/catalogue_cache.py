"""The product list and product pages, served from Django's cache between catalogue changes.

Serialising a page of products with its prices and availability is most of what
``GET /api/products/`` (and ``/api/products/<pk>/``) costs, and every anonymous shopper
asks for the same pages. Anonymous answers are kept for ``CONTEX_CATALOGUE_CACHE_SECONDS``
under three kinds of token, kept in the cache itself (with a shared cache, Redis, a change
shows in every process at once; with a per-process cache, within the period):

- the *catalogue version*: saving or deleting what every product reads (a product class,
  category, attribute, attribute option, option or partner), or changing a product's
  categories, options or recommendations or a class's options, starts a new one: every
  answer and row is built afresh;
- a *product token* per product: saving or deleting the product, a stock record, image,
  attribute value, category link or recommendation of it, and the checkout's batched stock
  allocation, renew the tokens of its family (a variant's parent is priced from its
  variants; a parent's variants inherit its attributes). A product page is kept under its
  product's token; the list keeps each product's *row* under it, so after a sale the next
  list serialises the products sold, not the whole page;
- the *page version*, renewed when a product itself is saved or deleted: which products a
  list page shows (their ids, the count) is kept under it, so a list after a sale runs no
  query for the page and serialises only the rows of what was sold.

Signed-in shoppers always get a fresh answer (a site's pricing strategy may depend
on the user; staff may see hidden products). The checkout re-checks stock under
row locks whatever a list showed. Code that changes the catalogue with
``QuerySet.update()`` (no signals) calls ``forget_catalogue()``.
"""

import hashlib
import json
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed
from django.utils.translation import get_language
from oscar.core.loading import get_model
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from contex_oscar.api import prefetch
from contex_oscar.caching import forget_on_change
from contex_oscar.conf import contex_settings
from contex_oscar.order.signals import stock_allocated

VERSION_KEY = "contex:catalogue:version"
PAGES_KEY = "contex:catalogue:pages"
TOKEN_SECONDS = 24 * 60 * 60

#: (app label, model) pairs whose changes can change every product's answer.
CATALOGUE_MODELS = (
    ("catalogue", "ProductClass"),
    ("catalogue", "Category"),
    ("catalogue", "Option"),
    ("catalogue", "ProductAttribute"),
    ("catalogue", "AttributeOption"),
    ("catalogue", "AttributeOptionGroup"),
    ("partner", "Partner"),
)

#: (app label, model, its product's field): rows that belong to one product, whose
#: changes renew that product's family's tokens (``None``: the product itself).
PRODUCT_ROWS = (
    ("catalogue", "Product", None),
    ("partner", "StockRecord", "product"),
    ("catalogue", "ProductImage", "product"),
    ("catalogue", "ProductAttributeValue", "product"),
    ("catalogue", "ProductCategory", "product"),
    ("catalogue", "ProductRecommendation", "primary"),
)

#: (app label, model, many-to-many field) whose changes (``add``, ``remove``...) send no
#: save signal of a model above, and change a product page.
CATALOGUE_RELATIONS = (
    ("catalogue", "Product", "categories"),
    ("catalogue", "Product", "product_options"),
    ("catalogue", "Product", "recommended_products"),
    ("catalogue", "ProductClass", "options"),
    ("catalogue", "ProductAttributeValue", "value_multi_option"),
)


def forget_catalogue(**kwargs):
    """Start a new catalogue version: cached lists are not served again (a signal receiver).

    Again when the change commits: a list built meanwhile from the rows as they were
    before the commit must not be served after it.
    """
    _new_version()
    transaction.on_commit(_new_version)


def _new_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, TOKEN_SECONDS)


def forget_products(products, pages=False, stock_only=False):
    """Renew the tokens of ``products``' families: their pages and list rows are built
    afresh, other products' stay cached. ``pages``: the products themselves changed (which
    products a list shows, in what order), so list pages are looked up afresh too.

    A variant's family is itself and its parent; a parent's, itself and its variants (one
    query, only for parents). Again when the change commits, as ``forget_catalogue``.
    """
    pks = set()
    parents = []
    for product in products:
        pks.update(pk for pk in (product.pk, product.parent_id) if pk is not None)
        if product.is_parent:
            parents.append(product.pk)
    if parents:
        Product = get_model("catalogue", "Product")
        pks.update(Product.objects.filter(parent_id__in=parents).values_list("pk", flat=True))
    _renew_products(pks, pages, stock_only)


def forget_products_by_id(pks, stock_only=False):
    """``forget_products`` for products known by id (one query finds their families; a
    product deleted meanwhile is forgotten by its id)."""
    pks = {pk for pk in pks if pk is not None}
    if not pks:
        return
    Product = get_model("catalogue", "Product")
    family = Product.objects.filter(Q(pk__in=pks) | Q(parent_id__in=pks))
    for pk, parent_id in family.values_list("pk", "parent_id"):
        pks.update(found for found in (pk, parent_id) if found is not None)
    _renew_products(pks, False, stock_only)


def _renew_products(pks, pages, stock_only):
    """Renew the tokens at once and again when the change commits (as ``forget_catalogue``)."""
    _renew_tokens(pks, pages, stock_only)
    transaction.on_commit(lambda: _renew_tokens(pks, pages, stock_only))


def _renew_tokens(pks, pages, stock_only):
    tokens = {product_key(pk): uuid.uuid4().hex for pk in pks}
    if not stock_only:
        tokens.update((content_key(pk), uuid.uuid4().hex) for pk in pks)
    if pages:
        tokens[PAGES_KEY] = uuid.uuid4().hex
    cache.set_many(tokens, TOKEN_SECONDS)


def product_key(pk):
    """The cache key of product ``pk``'s token (renewed by any change of it)."""
    return f"contex:catalogue:product:{pk}"


def content_key(pk):
    """The cache key of product ``pk``'s content token (renewed by any change of it but
    its stock's)."""
    return f"contex:catalogue:content:{pk}"


def _forget_rows_of(field_name, stock_only):
    """A receiver that forgets the product a saved or deleted row belongs to."""

    def receiver(instance, **kwargs):
        if field_name is None:  # the product itself: lists may show other products
            return forget_products([instance], pages=True)
        field = instance._meta.get_field(field_name)
        if field.is_cached(instance):  # loaded with the row: no query unless a parent
            product = field.get_cached_value(instance)
            return forget_products([product], stock_only=stock_only) if product else None
        return forget_products_by_id([getattr(instance, field.attname)], stock_only)

    return receiver


def _forget_sold(products=(), **kwargs):
    forget_products(products, stock_only=True)


_RECEIVERS = []


def connect_signals():
    models = [get_model(app_label, model_name) for app_label, model_name in CATALOGUE_MODELS]
    forget_on_change(forget_catalogue, models, "catalogue")
    for app_label, model_name, field_name in PRODUCT_ROWS:
        model = get_model(app_label, model_name)
        receiver = _forget_rows_of(field_name, stock_only=model_name == "StockRecord")
        _RECEIVERS.append(receiver)  # signals keep weak references
        forget_on_change(receiver, [model], "catalogue_rows")
    for app_label, model_name, field_name in CATALOGUE_RELATIONS:
        through = getattr(get_model(app_label, model_name), field_name).through
        m2m_changed.connect(
            forget_catalogue,
            sender=through,
            dispatch_uid=f"contex_catalogue_{through._meta.label_lower}_changed",
        )
    stock_allocated.connect(_forget_sold, dispatch_uid="contex_catalogue_stock_allocated")
    # the cached category names (prefetch.category_names)
    Category = get_model("catalogue", "Category")
    forget_on_change(prefetch.category_names.forget, (Category,), "category_names")
    # the cached product classes with their options (prefetch.product_classes)
    ProductClass = get_model("catalogue", "ProductClass")
    Option = get_model("catalogue", "Option")
    forget_on_change(prefetch.product_classes.forget, (ProductClass, Option), "product_classes")
    m2m_changed.connect(
        prefetch.product_classes.forget,
        sender=ProductClass.options.through,
        dispatch_uid="contex_product_classes_options_changed",
    )


def _tokens(*keys):
    """The tokens under ``keys`` (``{key: token}``), each started when missing.

    One round trip when all are there; a missing one is added, so a token another process
    started meanwhile is kept. A token that expires (``TOKEN_SECONDS``) or is evicted only
    makes what was kept under it built afresh.
    """
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            found[key] = _started(key) or cache.get(key, uuid.uuid4().hex)
    return found


def _started(key):
    """A new token under ``key``, or None when one is there already."""
    token = uuid.uuid4().hex
    return token if cache.add(key, token, TOKEN_SECONDS) else None


def is_served_from_cache(request):
    """Whether this request's answer may come from the cache (an anonymous JSON request,
    with a cache period); any other gets answers and rows built for it."""
    return (
        isinstance(getattr(request, "accepted_renderer", None), JSONRenderer)  # not browsable
        and bool(contex_settings.CONTEX_CATALOGUE_CACHE_SECONDS)
        and not request.user.is_authenticated
    )


def cached_answer(view, request, build, scope):
    """``build()``'s answer (a DRF response) to an anonymous JSON request, served rendered
    from the cache until the catalogue or ``scope`` (a product's token, ``product_key``,
    for its page) changes; any other request gets ``build()``'s own.

    An error ``build()`` raises (a 404) is raised as it is, and not cached.
    """
    if not is_served_from_cache(request):
        return build()
    found = cache.get_many([VERSION_KEY, scope])
    version = found.get(VERSION_KEY) or _tokens(VERSION_KEY)[VERSION_KEY]
    token = found.get(scope)
    content = cache.get(_answer_key(request, version, token)) if token else None
    data = None
    if content is None:
        data = build().data
        content = _render(view, request, data)
        # a product's token starts once its page was built (an id of no product starts none);
        # one started meanwhile may be a change's: then this answer is not kept
        token = token or _started(scope)
        if token:
            seconds = contex_settings.CONTEX_CATALOGUE_CACHE_SECONDS
            cache.set(_answer_key(request, version, token), content, seconds)
    return RenderedResponse(content, request.accepted_renderer.media_type, data=data)


def cached_list(view, request, find_page, build_rows):
    """The answer to an anonymous JSON list request (``is_served_from_cache``), from the
    cache as far as nothing it shows changed.

    ``find_page()`` gives the page's product ids and its envelope (DRF's paginated data
    without results, or None unpaginated), kept under the page version;
    ``build_rows(pks)`` the list rows of products ``pks`` (``cached_rows``). The answer
    rendered from them is kept under the page and its rows' tokens, so a repeated request
    reads it as it is.
    """
    seconds = contex_settings.CONTEX_CATALOGUE_CACHE_SECONDS
    tokens = _tokens(VERSION_KEY, PAGES_KEY)
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    page_key = f"contex:catalogue:page:{tokens[VERSION_KEY]}:{tokens[PAGES_KEY]}:{address}"
    page = cache.get(page_key)
    if page is None:
        page = find_page()  # an error (a page past the last) is raised, not kept
        cache.set(page_key, page, seconds)
    pks, envelope = page
    row_tokens = _tokens(*(product_key(pk) for pk in pks))
    shown = [tokens[PAGES_KEY], *(row_tokens[product_key(pk)] for pk in pks)]
    digest = hashlib.sha256(" ".join(shown).encode()).hexdigest()
    answer_key = _answer_key(request, tokens[VERSION_KEY], digest)
    content = cache.get(answer_key)
    data = None
    if content is None:
        rows = cached_rows(request, tokens[VERSION_KEY], pks, row_tokens, build_rows)
        data = rows if envelope is None else {**envelope, "results": rows}
        content = _render(view, request, data)
        cache.set(answer_key, content, seconds)
    return RenderedResponse(content, request.accepted_renderer.media_type, data=data)


def kept_page(request, pk, build, reprice):
    """A product page's data (``build()``'s, DRF data) kept under product ``pk``'s content
    token: after a change of its stock alone (a sale) the kept data comes back through
    ``reprice(data)``, which puts the price and availability of now in it, instead of
    building the whole page again. For requests ``is_served_from_cache``.
    """
    found = cache.get_many([VERSION_KEY, content_key(pk)])
    version = found.get(VERSION_KEY) or _tokens(VERSION_KEY)[VERSION_KEY]
    token = found.get(content_key(pk))
    origin = hashlib.sha256(request.build_absolute_uri("/").encode()).hexdigest()[:16]
    prefix = f"contex:catalogue:page-content:{version}:{get_language()}:{origin}:{pk}"
    data = cache.get(f"{prefix}:{token}") if token else None
    if data is not None:
        repriced = reprice(data)
        if repriced is not None:
            return repriced
    data = build()
    # as cached_answer: the token starts once the page was built, unless started meanwhile
    token = token or _started(content_key(pk))
    if token:
        cache.set(f"{prefix}:{token}", data, contex_settings.CONTEX_CATALOGUE_CACHE_SECONDS)
    return data


def _render(view, request, data):
    context = view.get_renderer_context()
    return request.accepted_renderer.render(data, request.accepted_media_type, context)


def _answer_key(request, version, token):
    # the answer holds absolute links (host), translated messages (language), a format
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    media = hashlib.sha256(request.accepted_media_type.encode()).hexdigest()[:16]
    return f"contex:catalogue:answer:{version}:{token}:{get_language()}:{media}:{address}"


def cached_rows(request, version, pks, tokens, build):
    """The list rows (DRF data) of products ``pks``, in that order: each from the cache
    while the catalogue ``version`` and its product's token (``tokens``, by
    ``product_key``) stand, the others from ``build(missing pks)`` (``{pk: row}``), kept
    for ``CONTEX_CATALOGUE_CACHE_SECONDS``. A product gone meanwhile has no row.
    """
    # rows hold absolute links (scheme and host) and translated messages (language)
    origin = hashlib.sha256(request.build_absolute_uri("/").encode()).hexdigest()[:16]
    prefix = f"contex:catalogue:row:{version}:{get_language()}:{origin}"
    keys = {pk: f"{prefix}:{pk}:{tokens[product_key(pk)]}" for pk in pks}
    found = cache.get_many(list(keys.values()))
    rows = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in pks if pk not in rows]
    if missing:
        built = build(missing)
        rows.update(built)
        cache.set_many(
            {keys[pk]: row for pk, row in built.items()},
            contex_settings.CONTEX_CATALOGUE_CACHE_SECONDS,
        )
    return [rows[pk] for pk in pks if pk in rows]


class RenderedResponse(Response):
    """A DRF response whose JSON body is already rendered: these bytes are sent as they are.

    ``data`` is the DRF data for in-process callers (tests, other views calling the view):
    the data the answer was just built from, or, for an answer from the cache, read back
    from its bytes the first time it is asked for (an HTTP client never asks).
    """

    def __init__(self, content, content_type, data=None, **kwargs):
        super().__init__(data, content_type=content_type, **kwargs)
        self.content = content  # rendered: Django and DRF do not render it again
        self["Content-Type"] = content_type

    @property
    def data(self):
        if self._data is None and self._is_rendered:
            self._data = json.loads(self.content)
        return self._data

    @data.setter
    def data(self, value):
        self._data = value
