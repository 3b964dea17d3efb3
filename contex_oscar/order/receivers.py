"""Oscar's ``Order.set_status`` (or a save with a new status) outside the store's route is
refused before anything of the order is written: it would skip every rule of
``services.change_order_status`` (the table, payments, stock, the timeline, e-mails)."""

from django.db.models.signals import post_init, post_save, pre_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from contex_oscar.order.exceptions import IllegalStatusTransition

Order = get_model("order", "Order")


def _saved_status(order):
    # ``__dict__``: an order loaded with ``only()``/``defer()`` must not query for it
    return order.__dict__.get("status")


@receiver(post_init, sender=Order, dispatch_uid="contex_order_remember_status")
def remember_status(sender, instance, **kwargs):
    instance._contex_saved_status = _saved_status(instance)


@receiver(pre_save, sender=Order, dispatch_uid="contex_order_status_only_by_route")
def refuse_status_changes_outside_the_route(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding:
        return
    before, after = getattr(instance, "_contex_saved_status", None), _saved_status(instance)
    if before is None or after is None or before == after:
        return
    # the route writes a status with an update (``services._set_statuses``), never a save
    raise IllegalStatusTransition(instance.number, before, after)


@receiver(post_save, sender=Order, dispatch_uid="contex_order_status_saved")
def status_saved(sender, instance, **kwargs):
    instance._contex_saved_status = _saved_status(instance)
