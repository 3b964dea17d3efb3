"""How heavy a basket is for shipping: actual or volumetric weight, whichever is greater.

Weights come from the catalogue's ``CONTEX_WEIGHT_ATTRIBUTE`` (kg); where a
product has all of ``CONTEX_DIMENSION_ATTRIBUTES`` (cm), its volumetric weight
is length × width × height / ``CONTEX_VOLUMETRIC_DIVISOR``. Each unit is its
own parcel, so a line weighs quantity × the unit's chargeable weight.

A product **without a weight** is weighed at the zone's *default weight*
(Oscar's ``WeightBased.default_weight``). When that is 0 the basket cannot be
weighed and the zone offers a quote on request instead of a guessed price.
Products that need no shipping (their product class says so) weigh nothing.
"""

from dataclasses import dataclass
from decimal import Decimal as D
from decimal import InvalidOperation

from oscar.core.loading import get_model

from contex_oscar.conf import contex_settings

Product = get_model("catalogue", "Product")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")

GRAMS = D("0.001")


@dataclass(frozen=True)
class Measure:
    """A product unit as the courier sees it."""

    weight: D | None  # kg, None when the catalogue has no weight
    length: D | None = None  # cm
    width: D | None = None
    height: D | None = None
    requires_shipping: bool = True

    @property
    def volumetric_weight(self):
        if not (self.length and self.width and self.height):
            return None
        divisor = D(str(contex_settings.CONTEX_VOLUMETRIC_DIVISOR))
        return (self.length * self.width * self.height / divisor).quantize(GRAMS)

    def chargeable_weight(self, default_weight=None):
        """max(actual, volumetric) in kg; None when the actual weight is unknown."""
        if not self.requires_shipping:
            return D("0")
        actual = self.weight
        if actual is None and default_weight:
            actual = D(default_weight)
        if actual is None:
            return None
        volumetric = self.volumetric_weight
        return max(actual, volumetric) if volumetric else actual


def _number(value):
    try:
        number = D(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() and number > 0 else None


def _shipping_flags_from_db(product_ids):
    rows = Product.objects.filter(pk__in=product_ids).values_list(
        "pk",
        "parent_id",
        "product_class__requires_shipping",
        "parent__product_class__requires_shipping",
    )
    parents, shipping = {}, {}
    for pk, parent_id, own_class_ships, parent_class_ships in rows:
        parents[pk] = parent_id
        ships = own_class_ships if own_class_ships is not None else parent_class_ships
        shipping[pk] = True if ships is None else ships
    return parents, shipping


def _shipping_flags_from_loaded(products):
    """The same from product objects whose classes are already loaded, else None."""
    parents, shipping = {}, {}
    for product in products:
        owner = product
        if product.parent_id and not product.product_class_id:
            if not Product.parent.is_cached(product):
                return None
            owner = product.parent
        if owner.product_class_id and not Product.product_class.is_cached(owner):
            return None
        product_class = owner.product_class if owner.product_class_id else None
        parents[product.pk] = product.parent_id
        shipping[product.pk] = product_class.requires_shipping if product_class else True
    return parents, shipping


def measure_products(product_ids, products=None):
    """{product id: Measure} in at most two queries, whatever the number of products.

    ``products``: the product objects, when already loaded with their classes
    (then one query). A child product without its own value inherits its parent's.
    """
    product_ids = list(set(product_ids))
    if not product_ids:
        return {}
    flags = _shipping_flags_from_loaded(products) if products else None
    parents, shipping = flags or _shipping_flags_from_db(product_ids)
    weight_code = contex_settings.CONTEX_WEIGHT_ATTRIBUTE
    dimension_codes = tuple(contex_settings.CONTEX_DIMENSION_ATTRIBUTES)
    codes = (weight_code, *dimension_codes)
    values = {}
    all_ids = set(product_ids) | {p for p in parents.values() if p}
    for value in ProductAttributeValue.objects.filter(
        product_id__in=all_ids, attribute__code__in=codes
    ).select_related("attribute"):
        values[(value.product_id, value.attribute.code)] = _number(value.value)

    def read(pk, code):
        own = values.get((pk, code))
        return own if own is not None else values.get((parents.get(pk), code))

    measures = {}
    for pk in product_ids:
        dims = [read(pk, code) for code in dimension_codes]
        if len(dims) != 3:
            dims = [None, None, None]
        measures[pk] = Measure(
            weight=read(pk, weight_code),
            length=dims[0],
            width=dims[1],
            height=dims[2],
            requires_shipping=shipping.get(pk, True),
        )
    return measures


def basket_measures(basket):
    """[(quantity, Measure)] for the basket's lines, measured once per basket object."""
    cached = getattr(basket, "_contex_measures", None)
    lines = list(basket.all_lines()) if basket.id else []
    key = tuple((line.pk, line.product_id, line.quantity) for line in lines)
    if cached and cached[0] == key:
        return cached[1]
    measures = measure_products(
        [line.product_id for line in lines], products=[line.product for line in lines]
    )
    result = [(line.quantity, measures[line.product_id]) for line in lines]
    basket._contex_measures = (key, result)
    return result


def basket_weight(basket, default_weight=None):
    """Chargeable kg of the basket, or None when a product has no weight and no default."""
    total = D("0")
    for quantity, measure in basket_measures(basket):
        unit = measure.chargeable_weight(default_weight)
        if unit is None:
            return None
        total += unit * quantity
    return total.quantize(GRAMS)
