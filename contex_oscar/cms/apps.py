from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "contex_oscar.cms"
    label = "contex_cms"
    verbose_name = _("Store help pages")
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from wagtail.models import Site

        from contex_oscar.caching import forget_on_change
        from contex_oscar.cms.models import StoreSettings, forget_store_settings

        forget_on_change(forget_store_settings, (StoreSettings, Site), "store_settings")
