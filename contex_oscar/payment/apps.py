from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentConfig(AppConfig):
    name = "contex_oscar.payment"
    label = "contex_payment"
    verbose_name = _("Store payments")
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from contex_oscar.caching import forget_on_change
        from contex_oscar.payment import accounts, checks, receivers  # noqa: F401
        from contex_oscar.payment.models import BankAccount

        forget_on_change(accounts.active_accounts.forget, (BankAccount,), "bank_accounts")
