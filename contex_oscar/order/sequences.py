"""A counter row taken under a lock: the one way the store numbers things in sequence.

Invoice numbers (``order.invoices``, a counter per year) and order numbers
(``order.numbers``, a counter per day) both take the next value of their counter row with
``take_next``: the row is locked (``select_for_update``) until the caller's transaction
ends, so two checkouts at the same moment get consecutive, different values, and a
placement that fails rolls its value back with it.
"""

from django.db import IntegrityError, transaction


def _locked(counter_model, key):
    counter = counter_model.objects.select_for_update().filter(**key).first()
    if counter is not None:
        return counter
    try:  # the period's first number: two checkouts may both create the row
        with transaction.atomic():
            return counter_model.objects.create(**key)
    except IntegrityError:
        return counter_model.objects.select_for_update().get(**key)


def take_next(counter_model, **key):
    """The next value of ``counter_model``'s row ``key`` (created at 0), its row locked.

    Call inside a transaction (the row stays locked until it ends); ``counter_model``
    has the ``key`` fields and a ``last_number``.
    """
    counter = _locked(counter_model, key)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number
