"""API views that open their own transaction and leave their caller's as they found it.

Under ``ATOMIC_REQUESTS`` Django runs a view inside a request transaction, and DRF marks
the enclosing atomic block for rollback on every error answer. A view that opens none
(``non_atomic_requests``) would have DRF mark its *caller's* block instead: a site's
``TestCase``, or its code calling the view inside ``transaction.atomic()``, would then
fail on its next query (``TransactionManagementError``).
"""

from django.db import connections, transaction


class OwnTransactionView:
    """No request transaction around the view; an error answer leaves the caller's
    transaction as it was.

    A view that writes opens its own ``transaction.atomic()`` (a savepoint inside a
    caller's transaction) around what must be all or nothing, and lets a refusal leave
    that block as an exception so the attempt is rolled back.
    """

    @classmethod
    def as_view(cls, **initkwargs):
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    def handle_exception(self, exc):
        before = {alias: connections[alias].needs_rollback for alias in connections}
        response = super().handle_exception(exc)
        for alias, needs_rollback in before.items():
            if connections[alias].in_atomic_block:
                connections[alias].set_rollback(needs_rollback)
        return response
