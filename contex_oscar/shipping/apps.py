from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ContexShippingConfig(AppConfig):
    name = "contex_oscar.shipping"
    label = "contex_shipping"
    verbose_name = _("Store shipping regions")
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from contex_oscar.shipping import checks  # noqa: F401
        from contex_oscar.shipping.regions import create_default_regions

        # Like django.contrib.sites' default site: after migrate *and* after a
        # test flush, so the Jabodetabek region always exists unless edited.
        post_migrate.connect(
            create_default_regions, sender=self, dispatch_uid="contex_default_regions"
        )
