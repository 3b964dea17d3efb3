from django.db import models
from django.utils.translation import gettext_lazy as _


class BankAccountQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class BankAccount(models.Model):
    """An account of the store that shoppers transfer to (shown at checkout and on help pages)."""

    bank_name = models.CharField(_("bank"), max_length=80)
    branch = models.CharField(_("branch"), max_length=120, blank=True)
    account_number = models.CharField(_("account number"), max_length=40)
    account_holder = models.CharField(_("account holder"), max_length=120)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = BankAccountQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "id"]
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["bank_name", "account_number"], name="contex_unique_bank_account"
            )
        ]

    def __str__(self):
        return f"{self.bank_name} {self.account_number} a.n. {self.account_holder}"
