from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from contex_oscar.order.statuses import label_for


class OrderStatusRecord(models.Model):
    """What Oscar's ``OrderStatusChange`` lacks: who made the change and why.

    One row per ``OrderStatusChange``; together they are the order's timeline.
    """

    status_change = models.OneToOneField(
        "order.OrderStatusChange", on_delete=models.CASCADE, related_name="contex_record"
    )
    order = models.ForeignKey(
        "order.Order", on_delete=models.CASCADE, related_name="contex_status_records"
    )
    old_status = models.CharField(_("old status"), max_length=100, blank=True)
    new_status = models.CharField(_("new status"), max_length=100)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    note = models.TextField(_("note for staff"), blank=True)
    shopper_note = models.TextField(_("note shown to the shopper"), blank=True)
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("order status record")
        verbose_name_plural = _("order status records")

    def __str__(self):
        return f"{self.order_id}: {self.old_status} -> {self.new_status}"

    @property
    def new_status_label(self):
        return label_for(self.new_status)
