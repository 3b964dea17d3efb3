from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContexApiConfig(AppConfig):
    name = "contex_oscar.api"
    label = "contex_api"
    verbose_name = _("Contex store API")

    def ready(self):
        # registers drf-spectacular extensions for oscarapi views
        from contex_oscar.api import catalogue_cache, schema  # noqa: F401

        catalogue_cache.connect_signals()
