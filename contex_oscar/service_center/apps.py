from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceCenterConfig(AppConfig):
    name = "contex_oscar.service_center"
    label = "contex_service_center"
    verbose_name = _("Contex service center")
    default_auto_field = "django.db.models.BigAutoField"
