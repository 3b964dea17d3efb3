from django.db import models
from django.utils.translation import gettext_lazy as _


class SentEmail(models.Model):
    """One row per shopper e-mail the store has queued, keyed by what it announces.

    The unique ``key`` (e.g. ``order-status:12:in-shipment:345``) makes sending
    idempotent: a retried status change or job never mails the shopper twice.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    event_code = models.CharField(_("event code"), max_length=128)
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")

    def __str__(self):
        return f"{self.event_code} → {self.recipient}"
