"""Oscar's own order pages with the store's rules (``contex_oscar.loading`` loads them).

The pages stay Oscar's; what they do goes through the store's ``EventHandler``. These
subclasses only pass the store form's details (notes, courier, tracking number, delivery
date) to it, show its refusals as messages instead of error pages, and show statuses by
their labels (``statuses.label_for``), never their codes.
"""

from django.contrib import messages
from django.utils.translation import gettext as _
from oscar.core.loading import default_class_loader, get_model

from contex_oscar.order.exceptions import IllegalStatusTransition
from contex_oscar.order.statuses import label_for
from contex_oscar.payment.exceptions import PaymentError
from contex_oscar.staff_permissions import StaffPermissionRequired, may

#: Oscar's order pages open to staff with ``order.view_order``; a status change is the
#: store's staff action as on the store's own order page
STATUS_ACTION = "orders.status"

Line = get_model("order", "Line")
OrderNote = get_model("order", "OrderNote")

BaseOrderDetailView, BaseOrderListView = default_class_loader(
    "dashboard.orders.views", ["OrderDetailView", "OrderListView"], "oscar.apps"
)


class LabelledLine:
    """An order line as Oscar's order page shows it: its status by label, all else as is.

    Display only (the page's ``lines``); the line actions read lines from the database.
    """

    def __init__(self, line):
        self._line = line

    @property
    def status(self):
        return label_for(self._line.status)

    def __getattr__(self, name):
        return getattr(self._line, name)


def _changed_message(old_status, new_status):
    return _("Order status changed from '%(old_status)s' to '%(new_status)s'") % {
        "old_status": label_for(old_status),
        "new_status": label_for(new_status),
    }


class OrderDetailView(BaseOrderDetailView):
    template_name = "contex_oscar/dashboard/oscar_orders/order_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # a line's status follows its order's (``change_line_statuses`` refuses): the menu
        # only names them
        ctx["line_statuses"] = [label_for(code) for code in Line.all_statuses()]
        ctx["lines"] = [LabelledLine(line) for line in ctx["lines"]]
        return ctx

    def change_order_status(self, request, order):
        if not may(request.user, STATUS_ACTION):
            return self.reload_page(error=str(StaffPermissionRequired()))
        form = self.get_order_status_form()
        if not form.is_valid():
            errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
            return self.reload_page(error=" ".join(errors) or _("Invalid form submission"))
        data = form.cleaned_data
        old_status, new_status = order.status, data["new_status"]
        if new_status == old_status:  # a retried submit: the change happened once
            return self.reload_page()
        success = _changed_message(old_status, new_status)
        try:
            self.get_handler(user=request.user).handle_order_status_change(
                order,
                new_status,
                note_msg=success,
                note=data.get("note", ""),
                shopper_note=data.get("shopper_note", ""),
                courier=data.get("courier", ""),
                tracking_number=data.get("tracking_number", ""),
                delivered_on=data.get("delivered_on"),
                return_reason=data.get("return_reason", ""),
                amount_received=data.get("amount_received"),
                serial_numbers=form.serial_numbers(),
            )
        except (IllegalStatusTransition, PaymentError) as error:
            return self.reload_page(error=str(error))
        messages.info(request, success)
        return self.reload_page()

    def change_line_statuses(self, request, order, lines, quantities):
        return self.reload_page(
            error=_("A line's status follows its order's status: change the order's status.")
        )


class OrderListView(BaseOrderListView):
    template_name = "contex_oscar/dashboard/oscar_orders/order_list.html"

    def get_search_filter_descriptions(self):
        descriptions = super().get_search_filter_descriptions()
        code = (getattr(self.form, "cleaned_data", None) or {}).get("status")
        if code:  # Oscar's wording, with the label in place of the code
            raw = _("Order status is {order_status}").format(order_status=code)
            labelled = _("Order status is {order_status}").format(order_status=label_for(code))
            descriptions = [labelled if text == raw else text for text in descriptions]
        return descriptions

    def get_row_values(self, order):  # the CSV download
        return {**super().get_row_values(order), "status": str(label_for(order.status))}

    def change_order_status(self, request, order):
        if not may(request.user, STATUS_ACTION):
            messages.error(request, str(StaffPermissionRequired()))
            return
        new_status = request.POST.get("new_status", "").strip()
        old_status = order.status
        success = _changed_message(old_status, new_status)
        try:
            self.get_handler(user=request.user).handle_order_status_change(
                order, new_status, note_msg=success
            )
        except IllegalStatusTransition as error:
            messages.error(request, str(error))
        else:
            messages.info(request, f"{order.number}: {success}")
