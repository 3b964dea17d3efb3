import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from contex_oscar.staff_permissions import PERMISSIONS


class SentEmail(models.Model):
    """One row per shopper e-mail the store has queued, keyed by what it announces.

    The unique ``key`` (e.g. ``order-status:12:in-shipment:345``) makes sending
    idempotent: a retried status change or job never mails the shopper twice. The
    e-mail itself, and whether it was delivered, is the ``OutboxMessage`` of that key.
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


def new_webhook_secret():
    return f"whsec_{secrets.token_urlsafe(32)}"


class WebhookEndpoint(models.Model):
    """A site's receiver of store events (``contex_oscar.webhooks.EVENTS``): each event it
    subscribes to becomes an outbox message (``channel`` webhook) signed with ``secret``."""

    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=128, default=new_webhook_secret)
    events = models.JSONField(_("events"), default=list)
    description = models.CharField(_("description"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.description or self.url


class OutboxMessage(models.Model):
    """One e-mail or webhook delivery the store has to make, written in the transaction of
    the change it announces and rendered then (subject, bodies, addresses; a webhook's JSON
    body), or, for a job's batch, composed by the worker before its first attempt
    (``compose``); ``contex_oscar.outbox`` delivers it after the commit and retries with backoff
    until the mail server (or the endpoint, with a 2xx) accepts it.

    ``message_id`` is the e-mail's ``Message-ID`` header (a webhook's event id), fixed at
    write time: a retry after a worker died mid-send carries the same one, so mail clients
    show one message and a receiver can drop a delivery it already has.
    """

    PENDING, SENT, FAILED = "pending", "sent", "failed"
    STATUS_CHOICES = [(PENDING, _("Pending")), (SENT, _("Sent")), (FAILED, _("Failed"))]
    EMAIL, WEBHOOK = "email", "webhook"
    CHANNEL_CHOICES = [(EMAIL, _("E-mail")), (WEBHOOK, _("Webhook"))]

    channel = models.CharField(
        _("channel"), max_length=16, choices=CHANNEL_CHOICES, default=EMAIL, db_index=True
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("webhook endpoint"),
    )
    kind = models.CharField(_("kind"), max_length=128, blank=True)
    key = models.CharField(_("key"), max_length=200, blank=True)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("body"), blank=True)
    html = models.TextField(_("HTML body"), blank=True)
    from_email = models.CharField(_("from"), max_length=254)
    recipients = models.JSONField(_("recipients"), default=list)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    #: An e-mail written in bulk (a job's batch) is composed by the worker before its first
    #: attempt: ``{"arguments": {...}}`` for the composer of its ``kind`` (an event code,
    #: ``outbox.composer``); empty once composed, and for e-mails rendered when written.
    compose = models.JSONField(_("to compose"), default=dict, blank=True)
    related_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about (type)"),
    )
    related_id = models.CharField(_("about (id)"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=STATUS_CHOICES, default=PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="contex_outbox_due"),
        ]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")

    def __str__(self):
        return f"{self.kind or 'email'} → {', '.join(self.recipients)} ({self.status})"


class StaffAccess(models.Model):
    """No table: the owner of the store's staff permissions (``contex_oscar.staff_permissions``),
    so that they belong to a model as Django's permissions do."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = list(PERMISSIONS.items())
        verbose_name = _("staff access")
        verbose_name_plural = _("staff access")


class DeliveryAttempt(models.Model):
    """The delivery log of a webhook: one row per attempt, with what the endpoint answered."""

    message = models.ForeignKey(
        OutboxMessage,
        on_delete=models.CASCADE,
        related_name="delivery_attempts",
        verbose_name=_("outbox message"),
    )
    attempted_at = models.DateTimeField(_("attempted at"))
    succeeded = models.BooleanField(_("succeeded"), default=False)
    response_code = models.PositiveIntegerField(_("response code"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        ordering = ["-attempted_at", "-pk"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self):
        return f"#{self.message_id} {self.response_code or self.error[:40]}"
