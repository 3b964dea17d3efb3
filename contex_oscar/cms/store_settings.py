"""The store's contact values and service fees: a Wagtail site setting editors change.

Rules, e-mails and the API read them through ``contex_oscar.store_values``, never here.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class StoreSettings(BaseSiteSetting):
    """The store's contact values and service fees, edited by editors, never in code."""

    store_name = models.CharField(_("store name"), max_length=120, default="Contex Indonesia Store")
    call_center_phone = models.CharField(_("call-center phone"), max_length=40, blank=True)
    whatsapp_number = models.CharField(_("WhatsApp number"), max_length=40, blank=True)
    support_email = models.EmailField(_("support e-mail"), blank=True)
    showroom_address = models.TextField(_("showroom address"), blank=True)
    service_center_address = models.TextField(_("service-center address"), blank=True)
    office_hours = models.CharField(
        _("office hours (text)"),
        max_length=120,
        blank=True,
        help_text=_("As shown to shoppers, e.g. 'Senin–Jumat 08.30–17.00 WIB'."),
    )
    office_opens_at = models.TimeField(_("office opens at"), default="08:30")
    office_closes_at = models.TimeField(_("office closes at"), default="17:00")
    after_hours_visit_surcharge = models.DecimalField(
        _("after-hours visit surcharge (IDR)"),
        max_digits=12,
        decimal_places=0,
        default=Decimal("0"),
    )
    pickup_fee = models.DecimalField(
        _("pickup & delivery fee (IDR)"), max_digits=12, decimal_places=0, default=Decimal("0")
    )

    # printed on every invoice (``order.invoices``)
    company_name = models.CharField(
        _("company name (invoices)"), max_length=200, blank=True, default="PT Contex Indonesia"
    )
    company_address = models.TextField(_("company address (invoices)"), blank=True)
    company_npwp = models.CharField(
        _("company NPWP (tax number)"),
        max_length=32,
        blank=True,
        help_text=_("15 or 16 digits; dots and dashes as usually written are fine."),
    )

    class Meta:
        verbose_name = _("store settings")

    def __str__(self):
        return self.store_name
