from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "contex_oscar.cms"
    label = "contex_cms"
    verbose_name = _("Store help pages")
    default_auto_field = "django.db.models.AutoField"
