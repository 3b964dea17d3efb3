from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContexAccountsConfig(AppConfig):
    name = "contex_oscar.accounts"
    label = "contex_accounts"
    verbose_name = _("Contex shopper accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from contex_oscar.accounts import receivers  # noqa: F401
