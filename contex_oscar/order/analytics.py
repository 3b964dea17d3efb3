"""Oscar's purchase counters (``analytics`` app) for a placed order, in fixed queries.

Oscar's ``receive_order_placed`` runs an ``UPDATE`` (and maybe an ``INSERT``) per
order line. When Oscar's own analytics app is installed, the store connects
``record_order`` in its place (``ContexOrderConfig.ready``): the same counters,
one ``UPDATE`` for all products, an ``INSERT`` only for products never counted.
A forked analytics app keeps its own receiver.
"""

from collections import Counter

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Case, F, IntegerField, Value, When

OSCAR_ANALYTICS = "oscar.apps.analytics"


def uses_oscar_analytics():
    return apps.is_installed(OSCAR_ANALYTICS)


def replace_oscar_receiver():
    """Swap Oscar's per-line ``order_placed`` receiver for ``record_order``."""
    if not uses_oscar_analytics():
        return
    from oscar.apps.analytics import receivers as oscar_receivers
    from oscar.apps.order.signals import order_placed

    order_placed.disconnect(oscar_receivers.receive_order_placed)
    order_placed.connect(record_order, dispatch_uid="contex_record_order_analytics")


def record_order(sender, order, user, **kwargs):
    if kwargs.get("raw", False):
        return
    from oscar.apps.analytics.receivers import _record_user_order

    record_purchases(order)
    if user and user.is_authenticated:
        _record_user_order(user, order)


def record_purchases(order):
    """Add the order's quantities to each product's ``num_purchases``."""
    from oscar.apps.analytics.models import ProductRecord

    bought = Counter()
    for line in order.lines.all():  # the lines the order creator just wrote (in memory)
        if line.product_id is not None:  # a line whose product was deleted since
            bought[line.product_id] += line.quantity
    if not bought:
        return
    added = Case(
        *(When(product_id=pk, then=Value(quantity)) for pk, quantity in bought.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    updated = ProductRecord.objects.filter(product_id__in=bought).update(
        num_purchases=F("num_purchases") + added
    )
    if updated == len(bought):
        return
    known = set(
        ProductRecord.objects.filter(product_id__in=bought).values_list("product_id", flat=True)
    )
    for product_id in bought.keys() - known:
        quantity = bought[product_id]
        try:
            with transaction.atomic():
                ProductRecord.objects.create(product_id=product_id, num_purchases=quantity)
        except IntegrityError:  # created meanwhile by another order: count on it
            ProductRecord.objects.filter(product_id=product_id).update(
                num_purchases=F("num_purchases") + quantity
            )
