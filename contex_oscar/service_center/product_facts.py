"""What the catalogue says about a product's warranty: its warranty type (an attribute)
and whether the model is still produced. The rule table is ``warranty``; this reads the
facts it needs."""

from oscar.core.loading import get_model

from contex_oscar.conf import contex_settings
from contex_oscar.service_center.warranty import LIFETIME, NONE, STANDARD

Product = get_model("catalogue", "Product")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")


def warranty_type_of(product):
    """The product's warranty type from its ``CONTEX_WARRANTY_ATTRIBUTE`` value; "none" if unset.

    Variants inherit their parent's value.
    """
    if product is None:
        return NONE
    code = contex_settings.CONTEX_WARRANTY_ATTRIBUTE
    product_ids = [product.pk] + ([product.parent_id] if product.parent_id else [])
    values = ProductAttributeValue.objects.filter(
        product_id__in=product_ids, attribute__code=code
    ).select_related("value_option")
    # the product's own value first, then its parent's
    for value in sorted(values, key=lambda v: v.product_id != product.pk):
        raw = value.value_option.option if value.value_option_id else value.value_text
        raw = (raw or "").strip().lower()
        if raw in (STANDARD, LIFETIME):
            return raw
    return NONE


def model_in_production(product):
    """Our stand-in for "still sold and produced": the catalogue product exists and is public."""
    if product is None or product.pk is None:
        return False
    return Product.objects.filter(pk=product.pk, is_public=True).exists()
