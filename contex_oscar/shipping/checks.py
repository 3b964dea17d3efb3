from django.core.checks import Warning, register
from oscar.core.loading import get_class


@register()
def repository_is_ours(app_configs=None, **kwargs):
    """The store's shipping rules only apply through a fork that re-exports our Repository."""
    from contex_oscar.shipping.repository import Repository

    loaded = get_class("shipping.repository", "Repository")
    if issubclass(loaded, Repository):
        return []
    return [
        Warning(
            "Oscar's shipping Repository is not contex-oscar's: Jabodetabek, zone rates, "
            "quotes and showroom pickup are not offered.",
            hint="Fork Oscar's shipping app (oscar_fork_app shipping yourproject/) and put "
            "'from contex_oscar.shipping.repository import Repository' in its repository.py.",
            id="contex_shipping.W001",
        )
    ]
