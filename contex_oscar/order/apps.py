from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContexOrderConfig(AppConfig):
    name = "contex_oscar.order"
    label = "contex_order"
    verbose_name = _("Contex order statuses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from contex_oscar.order import analytics, receivers  # noqa: F401

        analytics.replace_oscar_receiver()
