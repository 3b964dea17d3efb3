from django.core.checks import Warning, register
from oscar.core.loading import get_class


@register()
def repository_is_ours(app_configs=None, **kwargs):
    """The store's shipping rules only apply when Oscar loads our Repository (the class
    loader of ``contex_oscar.loading`` gives it; a site's own loader must call that one)."""
    from contex_oscar.shipping.repository import Repository

    loaded = get_class("shipping.repository", "Repository")
    if issubclass(loaded, Repository):
        return []
    return [
        Warning(
            "Oscar's shipping Repository is not contex-oscar's: Jabodetabek, zone rates, "
            "quotes and showroom pickup are not offered.",
            hint="Keep OSCAR_DYNAMIC_CLASS_LOADER = 'contex_oscar.loading.class_loader' (set "
            "by contex_oscar.defaults), or have your own class loader call it.",
            id="contex_shipping.W001",
        )
    ]
