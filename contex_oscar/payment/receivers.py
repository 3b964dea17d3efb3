from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from oscar.core.loading import get_model
from oscarapi.signals import oscarapi_post_checkout

from contex_oscar.order import statuses
from contex_oscar.order.signals import order_status_changed
from contex_oscar.payment import notifications, services
from contex_oscar.payment.models import OrderPayment

OrderStatusChange = get_model("order", "OrderStatusChange")


@receiver(pre_save, sender=OrderStatusChange, dispatch_uid="contex_payment_leave_hold")
def start_payment_window_on_release(sender, instance, raw=False, **kwargs):
    """An order leaves ``on-hold`` (shipping quoted): a bank transfer's 24 h start now and the
    allocation follows the new total.

    Runs before the change is recorded, so the status e-mail the order app sends for
    ``awaiting-payment`` already shows the amount due and the fresh deadline.
    """
    if raw or instance.pk is not None:
        return
    if instance.old_status == statuses.ON_HOLD and instance.new_status != statuses.CANCELLED:
        services.restart_deadline(instance.order, timezone.now())


@receiver(order_status_changed, dispatch_uid="contex_payment_follow_order_status")
def follow_order_status(sender, order, old_status, new_status, **kwargs):
    """Leaving the unpaid statuses frees the unique code; a cancel, or a "payment received"
    set by hand (e.g. in Oscar's order page), closes the payment too."""
    if new_status in services.OPEN_STATUSES:
        return
    payment = OrderPayment.objects.filter(order=order).first()
    if payment is None:
        return
    now = timezone.now()
    changed = []
    if payment.state == OrderPayment.AWAITING:
        if new_status == statuses.CANCELLED:
            payment.state, payment.closed_at = OrderPayment.CANCELLED, now
            changed += ["state", "closed_at"]
        elif new_status == statuses.PAYMENT_RECEIVED:
            payment.state, payment.paid_at, payment.closed_at = OrderPayment.PAID, now, now
            changed += ["state", "paid_at", "closed_at"]
    if payment.open_unique_code is not None:
        payment.open_unique_code = None
        changed.append("open_unique_code")
    if changed:
        payment.save(update_fields=changed)


@receiver(oscarapi_post_checkout, dispatch_uid="contex_payment_order_placed_email")
def send_order_placed_email(sender, order, **kwargs):
    """oscarapi places orders without Oscar's order-placed e-mail: send ours, with how to pay."""
    if services.payment_of(order) is not None:  # the record checkout just attached
        notifications.order_placed(order)
