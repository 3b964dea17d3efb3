from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "contex_oscar.cms"
    label = "contex_cms"
    verbose_name = _("Store help pages")
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from wagtail.models import Site

        from contex_oscar import store_values
        from contex_oscar.caching import forget_on_change
        from contex_oscar.cms import models
        from contex_oscar.cms.api import views as api
        from contex_oscar.cms.store_settings import StoreSettings

        forget_on_change(
            store_values.forget_store_settings, (StoreSettings, Site), "store_settings"
        )
        # editors preview a page as the front end's JSON (the page models never import the API)
        models.PREVIEW_RESPONSES["api"] = api.page_preview_response
