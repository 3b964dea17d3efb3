"""Oscar's e-mail edit page with the store's form (``communications_forms``): the kind's
variables in the help, a sample of its kind in the preview, rendered as it is sent."""

from oscar.core.loading import default_class_loader

from contex_oscar.dashboard.communications_forms import CommunicationEventTypeForm
from contex_oscar.emails import email_context

(OscarUpdateView,) = default_class_loader(
    "dashboard.communications.views", ["UpdateView"], "oscar.apps"
)


class UpdateView(OscarUpdateView):
    form_class = CommunicationEventTypeForm
    template_name = "contex_oscar/dashboard/comms/detail.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_messages_context(self, form):
        # the preview gets what the real e-mail gets: store values, tracking link
        context = super().get_messages_context(form)
        return email_context(context, form.sample_recipient)
