"""The brands the store helps with warranty claims for, bought here or elsewhere
(``models.SupportedBrand``, kept by staff)."""

from contex_oscar.service_center.models import SupportedBrand


def is_supported(brand):
    """``brand`` (as the shopper typed it) is on the list; case and spaces do not matter."""
    name = (brand or "").strip()
    return bool(name) and SupportedBrand.objects.filter(name__iexact=name, active=True).exists()


def supported_brand_names():
    return SupportedBrand.objects.supported_names()
