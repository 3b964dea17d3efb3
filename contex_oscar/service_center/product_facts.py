"""What the catalogue says about a product's warranty: its warranty type and the day its
production ended (product attributes staff edit in Oscar's product form). The rule table
is ``warranty``; this reads the facts it needs."""

from oscar.core.loading import get_model

from contex_oscar.conf import contex_settings
from contex_oscar.service_center.warranty import LIFETIME, NONE, STANDARD

ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")


def _attribute_values(product, code):
    """``product``'s values of attribute ``code``, its own first, then its parent's
    (variants inherit)."""
    if product is None or product.pk is None:
        return []
    product_ids = [product.pk] + ([product.parent_id] if product.parent_id else [])
    values = ProductAttributeValue.objects.filter(
        product_id__in=product_ids, attribute__code=code
    ).select_related("value_option")
    return sorted(values, key=lambda v: v.product_id != product.pk)


def warranty_type_of(product):
    """The product's warranty type from its ``CONTEX_WARRANTY_ATTRIBUTE`` value; "none" if unset."""
    for value in _attribute_values(product, contex_settings.CONTEX_WARRANTY_ATTRIBUTE):
        raw = value.value_option.option if value.value_option_id else value.value_text
        raw = (raw or "").strip().lower()
        if raw in (STANDARD, LIFETIME):
            return raw
    return NONE


def production_ended_on(product):
    """The last day the model was produced (``CONTEX_PRODUCTION_ENDED_ATTRIBUTE``, a date
    attribute); None while it is still produced. Whether the product is public (a stock or
    catalogue decision) plays no part."""
    for value in _attribute_values(product, contex_settings.CONTEX_PRODUCTION_ENDED_ATTRIBUTE):
        if value.value_date is not None:
            return value.value_date
    return None
