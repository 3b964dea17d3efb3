from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContexOrderConfig(AppConfig):
    name = "contex_oscar.order"
    label = "contex_order"
    verbose_name = _("Contex order statuses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.models import Page, PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from contex_oscar.caching import forget_on_change
        from contex_oscar.cms.models import InformationPage
        from contex_oscar.order import analytics, receivers, terms  # noqa: F401

        analytics.replace_oscar_receiver()
        # the cached list of live terms pages (read by every checkout)
        forget_on_change(
            terms.live_terms_pages.forget,
            (Page, InformationPage, PageViewRestriction),
            "terms_pages",
        )
        for name, signal in (
            ("published", page_published),
            ("unpublished", page_unpublished),
            ("moved", post_page_move),
        ):
            signal.connect(terms.live_terms_pages.forget, dispatch_uid=f"contex_terms_pages_{name}")
