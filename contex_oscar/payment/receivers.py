from django.dispatch import receiver
from django.utils import timezone

from contex_oscar.order import statuses
from contex_oscar.order.signals import order_status_changed
from contex_oscar.payment import services
from contex_oscar.payment.models import OrderPayment


@receiver(order_status_changed, dispatch_uid="contex_payment_follow_order_status")
def follow_order_status(sender, order, old_status, new_status, **kwargs):
    """The payment follows its order (the route sends this before the status e-mail):

    - leaving ``on-hold`` (shipping quoted): a bank transfer's deadline starts now and the
      allocation follows the new total, so the e-mail already shows both;
    - leaving the unpaid statuses frees the amount due; a cancel closes an unpaid payment.
    """
    now = timezone.now()
    if old_status == statuses.ON_HOLD and new_status != statuses.CANCELLED:
        services.restart_deadline(order, now)
    if new_status in services.OPEN_STATUSES:
        return
    payment = services.payment_of(order)  # a batch's caller loaded it with the order
    if payment is None:
        return
    if new_status == statuses.CANCELLED:
        services.close_payment(payment, OrderPayment.CANCELLED, now)
    elif payment.open_amount_due is not None:
        payment.open_amount_due = None
        payment.save(update_fields=["open_amount_due"])
