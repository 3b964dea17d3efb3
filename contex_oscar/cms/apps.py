from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "contex_oscar.cms"
    label = "contex_cms"
    verbose_name = _("Store help pages")
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site

        from contex_oscar.cms.models import StoreSettings, forget_store_settings

        for model in (StoreSettings, Site):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(
                    forget_store_settings,
                    sender=model,
                    dispatch_uid=f"contex_forget_store_settings_{model.__name__}_{name}",
                )
