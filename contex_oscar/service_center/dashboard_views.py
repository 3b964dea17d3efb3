"""The staff desk: ticket list with filters, ticket detail with its actions, attachments.

Every action is a POST to ``ticket-action`` with an ``action`` name; each calls
one function of ``services`` and comes back to the detail page with a message.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, View

from contex_oscar.dashboard.views import StaffOnlyMixin
from contex_oscar.service_center import desk, exceptions, exchanges, quotes, statuses, tickets
from contex_oscar.service_center.dashboard_forms import (
    DefectiveReturnForm,
    LogisticsForm,
    NoteForm,
    PhoneApprovalForm,
    QuoteDecisionForm,
    QuoteLineForm,
    ReplacementShipmentForm,
    ScheduleForm,
    StatusChangeForm,
    TechnicianForm,
    TicketFilterForm,
)
from contex_oscar.service_center.models import (
    Quote,
    ServiceTicket,
    TicketAttachment,
    TicketEvent,
)
from contex_oscar.service_center.storage import attachment_response
from contex_oscar.workdays import store_today

TEMPLATE_DIR = "contex_oscar/dashboard/service_center/"


class TicketListView(StaffOnlyMixin, ListView):
    staff_action = "service_desk.view"
    template_name = TEMPLATE_DIR + "ticket_list.html"
    context_object_name = "tickets"
    paginate_by = 25

    def get_queryset(self):
        self.form = TicketFilterForm(self.request.GET or None)
        if not self.form.is_valid():
            return desk.desk_tickets()
        return desk.desk_tickets(**self.form.cleaned_data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = store_today()
        context["form"] = self.form
        context["today"] = today
        context["rows"] = [(ticket, ticket.is_overdue(today)) for ticket in context["tickets"]]
        context["overdue_count"] = ServiceTicket.objects.overdue(today).count()
        return context


class TicketDetailView(StaffOnlyMixin, DetailView):
    staff_action = "service_desk.view"
    template_name = TEMPLATE_DIR + "ticket_detail.html"
    context_object_name = "ticket"
    slug_field = "number"
    slug_url_kwarg = "number"

    def get_queryset(self):
        return ServiceTicket.objects.select_related(
            "product",
            "product__parent",
            "technician",
            "appointment",
            "user",
            "order",
            "order_line",
            "trade_in_for",
            "exchange__product",
        ).prefetch_related(
            Prefetch("events", queryset=TicketEvent.objects.select_related("by")),
            "attachments",
            Prefetch(
                "quotes",
                queryset=Quote.objects.select_related("recorded_by").prefetch_related("lines"),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ticket = self.object
        ticket_quotes = list(ticket.quotes.all())
        quote = ticket_quotes[0] if ticket_quotes else None
        context.update(
            {
                "today": store_today(),
                "is_overdue": ticket.is_overdue(),
                "appointment": getattr(ticket, "appointment", None),
                "quote": quote,
                "quote_history": ticket_quotes[1:],
                "quotes_allowed": quotes.quotes_allowed(ticket),
                "quote_editable": quotes.quotes_allowed(ticket)
                and not ticket.is_final
                and ticket.status != statuses.AWAITING_APPROVAL,
                "awaiting_decision": quote is not None
                and quote.status == Quote.SENT
                and ticket.status == statuses.AWAITING_APPROVAL,
                "can_send_quote": quote is not None
                and quote.status == Quote.DRAFT
                and statuses.AWAITING_APPROVAL in ticket.next_statuses(),
                # the draft read out on the phone, or the quote sent: approved by phone
                "can_record_phone_approval": quote is not None
                and quote.status in (Quote.DRAFT, Quote.SENT)
                and bool(quote.lines.all())
                and (
                    ticket.status == statuses.AWAITING_APPROVAL
                    or statuses.QUOTE_DECISION_NEXT[ticket.flow][quotes.APPROVE]
                    in ticket.next_statuses()
                ),
                "phone_approval_form": PhoneApprovalForm(initial={"approved_by": ticket.name}),
                "exchange": getattr(ticket, "exchange", None),
                "exchange_next": next(
                    (c for c in ticket.next_statuses() if c in statuses.EXCHANGE_STATUSES), ""
                ),
                "defective_return_form": DefectiveReturnForm(),
                "replacement_form": ReplacementShipmentForm(),
                "status_form": StatusChangeForm(ticket),
                "note_form": NoteForm(),
                "quote_line_form": QuoteLineForm(),
                "decision_form": QuoteDecisionForm(),
                "schedule_form": ScheduleForm(
                    initial={
                        "technician": ticket.technician_id,
                        "scheduled_at": getattr(
                            getattr(ticket, "appointment", None), "scheduled_at", None
                        ),
                    }
                ),
                "technician_form": TechnicianForm(initial={"technician": ticket.technician_id}),
                "logistics_form": LogisticsForm(
                    initial={
                        name: getattr(ticket, name)
                        for name in (
                            "inbound_courier",
                            "inbound_tracking",
                            "outbound_courier",
                            "outbound_tracking",
                        )
                    }
                ),
            }
        )
        return context


class TicketActionView(StaffOnlyMixin, View):
    """POST-only actions on one ticket; each calls a service function."""

    staff_action = "service_desk.work"

    http_method_names = ["post"]

    def post(self, request, number, action):
        ticket = get_object_or_404(ServiceTicket, number=number)
        handler = getattr(self, "do_" + action.replace("-", "_"), None)
        if handler is None:
            raise Http404
        try:
            handler(request, ticket)
        except exceptions.ServiceCenterError as error:
            messages.error(request, error.message)
        return redirect("contex-dashboard:service-center-ticket-detail", number=ticket.number)

    def _invalid(self, request, form):
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)

    def do_status(self, request, ticket):
        form = StatusChangeForm(ticket, request.POST)
        if not form.is_valid():
            return self._invalid(request, form)
        tickets.change_ticket_status(
            ticket,
            form.cleaned_data["status"],
            user=request.user,
            note=form.cleaned_data["note"],
            shopper_note=form.cleaned_data["shopper_note"],
        )
        messages.success(request, _("Status changed to %s.") % ticket.status_label)

    def do_note(self, request, ticket):
        form = NoteForm(request.POST)
        if not form.is_valid():
            return self._invalid(request, form)
        tickets.add_note(ticket, form.cleaned_data["note"], user=request.user)
        messages.success(request, _("Note added."))

    def do_technician(self, request, ticket):
        form = TechnicianForm(request.POST)
        if not form.is_valid():
            return self._invalid(request, form)
        tickets.assign_technician(ticket, form.cleaned_data["technician"], user=request.user)
        messages.success(request, _("Technician saved."))

    def do_schedule(self, request, ticket):
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            return self._invalid(request, form)
        tickets.schedule_appointment(
            ticket,
            form.cleaned_data["scheduled_at"],
            technician=form.cleaned_data["technician"],
            user=request.user,
        )
        messages.success(request, _("Appointment scheduled; the shopper has been told."))

    def do_logistics(self, request, ticket):
        form = LogisticsForm(request.POST)
        if not form.is_valid():
            return self._invalid(request, form)
        tickets.update_logistics(ticket, user=request.user, **form.cleaned_data)
        messages.success(request, _("Courier details saved."))

    def do_quote_line(self, request, ticket):
        form = QuoteLineForm(request.POST)
        if not form.is_valid():
            return self._invalid(request, form)
        quotes.add_quote_line(ticket, user=request.user, **form.cleaned_data)
        messages.success(request, _("Quote line added."))

    def do_quote_line_delete(self, request, ticket):
        line_id = request.POST.get("line", "")
        if not line_id.isdigit() or not quotes.remove_quote_line(ticket, int(line_id)):
            messages.error(request, _("That line cannot be removed."))
            return
        messages.success(request, _("Quote line removed."))

    def do_quote_send(self, request, ticket):
        quotes.send_quote(ticket, user=request.user)
        messages.success(request, _("Quote sent to the shopper."))

    def do_quote_decision(self, request, ticket):
        form = QuoteDecisionForm(request.POST)
        if not form.is_valid():
            return self._invalid(request, form)
        quotes.decide_quote(
            ticket,
            form.cleaned_data["decision"],
            user=request.user,
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Decision recorded."))

    def do_quote_phone_approval(self, request, ticket):
        form = PhoneApprovalForm(request.POST)
        if not form.is_valid():
            return self._invalid(request, form)
        quotes.record_approval_by_phone(ticket, user=request.user, **form.cleaned_data)
        messages.success(request, _("Approval recorded; the repair can start."))

    def do_exchange_reserve(self, request, ticket):
        exchanges.reserve_replacement(ticket, user=request.user)
        messages.success(request, _("A replacement unit is reserved; the shopper has been told."))

    def do_exchange_release(self, request, ticket):
        exchanges.release_replacement(ticket, user=request.user)
        messages.success(
            request, _("The reserved unit is back in stock; the ticket is diagnosed again.")
        )

    def do_exchange_defective(self, request, ticket):
        form = DefectiveReturnForm(request.POST)
        if not form.is_valid():
            return self._invalid(request, form)
        exchanges.record_defective_return(ticket, user=request.user, **form.cleaned_data)
        messages.success(request, _("The defective unit is recorded as returned."))

    def do_exchange_send(self, request, ticket):
        form = ReplacementShipmentForm(request.POST)
        if not form.is_valid():
            return self._invalid(request, form)
        exchanges.send_replacement(ticket, user=request.user, **form.cleaned_data)
        messages.success(
            request, _("The replacement is recorded as sent; the shopper has been told.")
        )


class AttachmentView(StaffOnlyMixin, View):
    """Streams a ticket's file to staff (the files have no public URL)."""

    staff_action = "service_desk.view"

    def get(self, request, number, pk):
        attachment = get_object_or_404(TicketAttachment, pk=pk, ticket__number=number)
        return attachment_response(attachment)
