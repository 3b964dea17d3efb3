from django.utils.translation import gettext_lazy as _


class IllegalStatusTransition(Exception):
    """The pipeline does not allow this move; nothing was changed."""

    code = "illegal_status_transition"

    def __init__(self, order_number, old, new):
        self.order_number, self.old, self.new = order_number, old, new
        super().__init__(
            _("Order %(number)s cannot move from '%(old)s' to '%(new)s'.")
            % {"number": order_number, "old": old, "new": new}
        )
