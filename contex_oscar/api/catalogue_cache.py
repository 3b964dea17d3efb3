"""The product list and product pages, served from Django's cache between catalogue changes.

Serialising a page of products with its prices and availability is most of what
``GET /api/products/`` (and ``/api/products/<pk>/``) costs, and every anonymous shopper
asks for the same pages. Anonymous answers are kept for ``CONTEX_CATALOGUE_CACHE_SECONDS``
under a *catalogue version*: saving or deleting a product, stock record, product class,
category, image, attribute (value, option), option, recommendation or partner, or changing
a product's categories, options or recommendations or a class's options, starts a new
version (so the next request serialises afresh), and so does the checkout's batched stock
allocation. The version lives in the cache itself: with a shared cache (Redis) a
change shows in every process at once; with a per-process cache, within the period.

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

#: (app label, model) pairs whose changes can change a product list answer.
CATALOGUE_MODELS = (
    ("catalogue", "Product"),
    ("catalogue", "ProductClass"),
    ("catalogue", "Category"),
    ("catalogue", "ProductCategory"),
    ("catalogue", "ProductImage"),
    ("catalogue", "ProductAttributeValue"),
    ("catalogue", "Option"),
    ("catalogue", "ProductAttribute"),
    ("catalogue", "AttributeOption"),
    ("catalogue", "AttributeOptionGroup"),
    ("catalogue", "ProductRecommendation"),
    ("partner", "StockRecord"),
    ("partner", "Partner"),
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
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def connect_signals():
    models = [get_model(app_label, model_name) for app_label, model_name in CATALOGUE_MODELS]
    forget_on_change(forget_catalogue, models, "catalogue")
    for app_label, model_name, field_name in CATALOGUE_RELATIONS:
        through = getattr(get_model(app_label, model_name), field_name).through
        m2m_changed.connect(
            forget_catalogue,
            sender=through,
            dispatch_uid=f"contex_catalogue_{through._meta.label_lower}_changed",
        )
    stock_allocated.connect(forget_catalogue, dispatch_uid="contex_catalogue_stock_allocated")
    # the cached product classes with their options (prefetch.product_classes)
    ProductClass = get_model("catalogue", "ProductClass")
    Option = get_model("catalogue", "Option")
    forget_on_change(prefetch.product_classes.forget, (ProductClass, Option), "product_classes")
    m2m_changed.connect(
        prefetch.product_classes.forget,
        sender=ProductClass.options.through,
        dispatch_uid="contex_product_classes_options_changed",
    )


def _version():
    # get_or_set adds: a version another process started meanwhile is kept
    return cache.get_or_set(VERSION_KEY, lambda: uuid.uuid4().hex, None)


def cached_answer(view, request, build):
    """``build()``'s answer (a DRF response) to an anonymous JSON request, served rendered
    from the cache until the catalogue changes; any other request gets ``build()``'s own.

    An error ``build()`` raises (a 404) is raised as it is, and not cached.
    """
    if not isinstance(request.accepted_renderer, JSONRenderer):  # e.g. the browsable API
        return build()
    built = {}

    def render():
        built["data"] = data = build().data
        context = view.get_renderer_context()
        return request.accepted_renderer.render(data, request.accepted_media_type, context)

    content = cached_list(request, render)
    if content is None:
        return build()
    # as DRF would send it (the renderer's type), from the cached bytes
    return RenderedResponse(content, request.accepted_renderer.media_type, data=built.get("data"))


def cached_list(request, render):
    """The rendered JSON answer (bytes): ``render()``'s, or the cache's for an anonymous
    request.

    Returns None when this request is not served from the cache (signed in, no cache period).
    """
    seconds = contex_settings.CONTEX_CATALOGUE_CACHE_SECONDS
    if not seconds or request.user.is_authenticated:
        return None
    # the answer holds absolute links (host), translated messages (language), a format
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    media = hashlib.sha256(request.accepted_media_type.encode()).hexdigest()[:16]
    key = f"contex:catalogue:list:{_version()}:{get_language()}:{media}:{address}"
    content = cache.get(key)
    if content is None:
        content = render()
        cache.set(key, content, seconds)
    return content


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
