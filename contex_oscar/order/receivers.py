from django.db.models.signals import post_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from contex_oscar.order import signals
from contex_oscar.order.models import OrderStatusRecord
from contex_oscar.order.services import (
    consume_stock_allocations,
    current_change_context,
    release_stock_allocations,
)
from contex_oscar.order.statuses import CANCELLED, IN_SHIPMENT

OrderStatusChange = get_model("order", "OrderStatusChange")


@receiver(post_save, sender=OrderStatusChange, dispatch_uid="contex_record_status_change")
def record_status_change(sender, instance, created, raw=False, **kwargs):
    """Complete every Oscar status change, whichever code path made it."""
    if not created or raw:
        return
    context = current_change_context()
    order = instance.order
    record = OrderStatusRecord.objects.create(
        status_change=instance,
        order=order,
        old_status=instance.old_status,
        new_status=instance.new_status,
        changed_by=context.get("user"),
        note=context.get("note", ""),
        shopper_note=context.get("shopper_note", ""),
    )
    if instance.new_status == CANCELLED:
        release_stock_allocations(order)
    elif instance.new_status == IN_SHIPMENT:
        consume_stock_allocations(order)
    signals.order_status_changed.send(
        sender=OrderStatusRecord,
        order=order,
        old_status=instance.old_status,
        new_status=instance.new_status,
        record=record,
        user=context.get("user"),
        note=context.get("note", ""),
    )
