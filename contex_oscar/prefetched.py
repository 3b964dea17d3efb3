"""Related rows a caller has just written, kept on the instance as ``prefetch_related`` would.

A newly placed order's lines and payment source are the rows just inserted: reading them
back (the e-mail, the answer, the purchase counters) would only repeat what is in memory.
"""


def remember_related(instance, model, field_name, rows):
    """``instance.<reverse accessor of model.field_name>.all()`` answers ``rows`` from memory.

    E.g. ``remember_related(order, Line, "order", lines)``: ``order.lines.all()`` is
    ``lines`` and a later ``prefetch_related_objects([order], "lines")`` runs no query.
    """
    queryset = model._default_manager.filter(**{field_name: instance})  # never evaluated
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    cache_name = model._meta.get_field(field_name).remote_field.cache_name
    instance._prefetched_objects_cache = {
        **getattr(instance, "_prefetched_objects_cache", {}),
        cache_name: queryset,
    }
