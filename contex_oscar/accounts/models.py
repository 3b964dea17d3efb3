from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailVerification(models.Model):
    """A shopper's e-mail address waiting for (or having passed) verification.

    The account stays inactive (``is_active=False``) until ``verified_at`` is set.
    Users without a row (staff, accounts made before the store) count as verified.

    Until then the account has no usable password: the registration's password hash
    waits here (``password``) and becomes the account's only when the link is
    followed. A second registration of the pending address makes it ``contested``:
    the hash is dropped and whoever follows a link chooses the password then, so an
    attacker who registered someone else's address first never holds the account.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contex_email_verification",
        verbose_name=_("user"),
    )
    # lower-cased; unique so two simultaneous registrations cannot both succeed
    email = models.EmailField(_("e-mail address"), unique=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last e-mail sent at"), null=True, blank=True)
    sent_count = models.PositiveIntegerField(_("e-mails sent"), default=0)
    password = models.CharField(_("password waiting for verification"), max_length=128, blank=True)
    contested = models.BooleanField(_("registered more than once"), default=False)

    class Meta:
        verbose_name = _("e-mail verification")
        verbose_name_plural = _("e-mail verifications")

    def __str__(self):
        state = "verified" if self.verified_at else "pending"
        return f"{self.email} ({state})"

    @property
    def is_pending(self):
        return self.verified_at is None
