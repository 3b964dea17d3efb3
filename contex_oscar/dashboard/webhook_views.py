"""Webhooks for staff: the site's endpoints (register, change), the delivery log of each
delivery (attempts, answers, errors) and replay. Every action calls ``contex_oscar.webhooks``."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic

from contex_oscar import webhooks
from contex_oscar.dashboard.outbox_views import SHOWN, chosen_status
from contex_oscar.dashboard.views import StaffOnlyMixin
from contex_oscar.models import OutboxMessage, WebhookEndpoint


class WebhookEndpointForm(forms.Form):
    url = forms.CharField(label=_("URL"), max_length=500)
    description = forms.CharField(label=_("Description"), max_length=255, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=list(webhooks.EVENTS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, endpoint=None, **kwargs):
        self.endpoint = endpoint
        if endpoint is not None:
            kwargs.setdefault(
                "initial",
                {
                    "url": endpoint.url,
                    "description": endpoint.description,
                    "events": endpoint.events,
                    "is_active": endpoint.is_active,
                },
            )
        super().__init__(*args, **kwargs)

    def save(self):
        """The endpoint registered or changed, or None with the refusal on the form."""
        data = self.cleaned_data
        values = (data["url"], data["events"], data["description"], data["is_active"])
        try:
            if self.endpoint is None:
                return webhooks.register_endpoint(*values)
            return webhooks.update_endpoint(self.endpoint, *values)
        except webhooks.WebhookError as error:
            field = "url" if error.code == "webhook_url_invalid" else "events"
            self.add_error(field, str(error))
            return None


class WebhookEndpointListView(StaffOnlyMixin, generic.ListView):
    staff_action = "webhooks"
    template_name = "contex_oscar/dashboard/webhooks/endpoint_list.html"
    context_object_name = "endpoints"
    queryset = WebhookEndpoint.objects.order_by("pk")


class WebhookEndpointFormView(StaffOnlyMixin, generic.FormView):
    """Register an endpoint (no ``pk``) or change one; its secret is shown to copy."""

    staff_action = "webhooks"

    form_class = WebhookEndpointForm
    template_name = "contex_oscar/dashboard/webhooks/endpoint_form.html"

    def dispatch(self, request, *args, pk=None, **kwargs):
        self.endpoint = get_object_or_404(WebhookEndpoint, pk=pk) if pk else None
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "endpoint": self.endpoint}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "endpoint": self.endpoint}

    def form_valid(self, form):
        endpoint = form.save()
        if endpoint is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Webhook endpoint %(url)s saved.") % {"url": endpoint.url})
        return redirect("contex-dashboard:webhook-endpoint-update", pk=endpoint.pk)


#: ``?status=`` filter of the delivery log -> the statuses listed (default: every one).
DELIVERY_STATUSES = {
    **SHOWN,
    "": (OutboxMessage.PENDING, OutboxMessage.FAILED, OutboxMessage.SENT),
    OutboxMessage.SENT: (OutboxMessage.SENT,),
}


class WebhookDeliveryListView(StaffOnlyMixin, generic.ListView):
    """Every delivery, the newest first; ``?endpoint=`` and ``?status=`` narrow it."""

    staff_action = "webhooks"

    template_name = "contex_oscar/dashboard/webhooks/delivery_list.html"
    context_object_name = "deliveries"
    paginate_by = 50

    def get_queryset(self):
        self.status = chosen_status(self.request, DELIVERY_STATUSES)
        self.endpoint = None
        endpoint = self.request.GET.get("endpoint", "")
        if endpoint.isdigit():
            self.endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint)
        return webhooks.deliveries(DELIVERY_STATUSES[self.status], self.endpoint)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(status=self.status, endpoint=self.endpoint)
        return context


class WebhookDeliveryDetailView(StaffOnlyMixin, generic.DetailView):
    """One delivery: the body sent and every attempt (when, answer, error, time taken)."""

    staff_action = "webhooks"

    template_name = "contex_oscar/dashboard/webhooks/delivery_detail.html"
    context_object_name = "delivery"

    def get_queryset(self):
        return webhooks.deliveries()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attempts"] = self.object.delivery_attempts.all()
        return context


class WebhookReplayView(StaffOnlyMixin, generic.View):
    """Deliver a delivery again (same event id, signed anew), whatever its status."""

    staff_action = "webhooks"

    def post(self, request, pk):
        delivery = get_object_or_404(webhooks.deliveries(), pk=pk)
        webhooks.replay(delivery)
        messages.success(
            request,
            _("The %(event)s event will be delivered again to %(url)s.")
            % {"event": delivery.kind, "url": delivery.endpoint.url},
        )
        return redirect("contex-dashboard:webhook-delivery-detail", pk=delivery.pk)
