"""The e-mail outbox for staff: what has not been delivered yet, and why; resend."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic

from contex_oscar import outbox
from contex_oscar.dashboard.views import StaffOnlyMixin
from contex_oscar.models import OutboxMessage

#: ``?status=`` filter -> the statuses listed (default: both that still need attention).
SHOWN = {
    "": (OutboxMessage.PENDING, OutboxMessage.FAILED),
    OutboxMessage.PENDING: (OutboxMessage.PENDING,),
    OutboxMessage.FAILED: (OutboxMessage.FAILED,),
}


def chosen_status(request, shown):
    """The ``?status=`` filter asked for when ``shown`` knows it, else ``""`` (its default)."""
    status = request.GET.get("status", "")
    return status if status in shown else ""


class OutboxListView(StaffOnlyMixin, generic.ListView):
    """Pending and failed e-mails, the oldest first, with their last error."""

    staff_action = "outbox"

    template_name = "contex_oscar/dashboard/outbox/message_list.html"
    context_object_name = "outbox_messages"
    paginate_by = 50

    def get_queryset(self):
        self.status = chosen_status(self.request, SHOWN)
        return (
            outbox.channel_messages(OutboxMessage.EMAIL)
            .filter(status__in=SHOWN[self.status])
            .order_by("created_at", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["backlog"] = outbox.backlog(OutboxMessage.EMAIL)
        context["status"] = self.status
        return context


class OutboxResendView(StaffOnlyMixin, generic.View):
    """Give a pending or failed e-mail a fresh round of attempts, starting now."""

    staff_action = "outbox"

    def post(self, request, pk):
        message = get_object_or_404(
            outbox.channel_messages(OutboxMessage.EMAIL),
            pk=pk,
            status__in=(OutboxMessage.PENDING, OutboxMessage.FAILED),
        )
        with transaction.atomic():
            outbox.resend(message)
        messages.success(
            request,
            _("The e-mail to %(recipients)s will be sent again.")
            % {"recipients": ", ".join(message.recipients)},
        )
        return redirect("contex-dashboard:outbox-list")
