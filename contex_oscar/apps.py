from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContexConfig(AppConfig):
    """The package's root app: shared templates, translations and the e-mail log."""

    name = "contex_oscar"
    label = "contex"
    verbose_name = _("Contex Indonesia Store")
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from contex_oscar import checks, webhooks  # noqa: F401
        from contex_oscar.caching import forget_on_change
        from contex_oscar.models import WebhookEndpoint

        forget_on_change(
            webhooks.active_subscriptions.forget, (WebhookEndpoint,), "webhook_subscriptions"
        )
