"""Cached values that must be dropped when the rows they come from change."""

from django.db.models.signals import post_delete, post_save


def forget_on_change(receiver, models, name):
    """Call ``receiver`` whenever an instance of one of ``models`` is saved or deleted."""
    for model in models:
        for event, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(
                receiver,
                sender=model,
                dispatch_uid=f"contex_{name}_{model._meta.label_lower}_{event}",
            )
