from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContexConfig(AppConfig):
    """The package's root app: shared templates, translations and the e-mail log."""

    name = "contex_oscar"
    label = "contex"
    verbose_name = _("Contex Indonesia Store")
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from contex_oscar import checks, webhooks  # noqa: F401
        from contex_oscar.caching import forget_on_change
        from contex_oscar.models import WebhookEndpoint
        from contex_oscar.staff_permissions import create_staff_groups_after_migrate

        # the staff groups, once Django has made the content types and permissions
        post_migrate.connect(
            create_staff_groups_after_migrate, sender=self, dispatch_uid="contex_staff_groups"
        )

        forget_on_change(
            webhooks.active_subscriptions.forget, (WebhookEndpoint,), "webhook_subscriptions"
        )
