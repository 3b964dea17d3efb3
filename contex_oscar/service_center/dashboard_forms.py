from django import forms
from django.utils.translation import gettext_lazy as _

from contex_oscar.service_center import kinds, statuses
from contex_oscar.service_center.desk import staff_members
from contex_oscar.service_center.models import Quote, QuoteLine


class TicketFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=120,
        help_text=_("Ticket number, name, e-mail, serial number or order number"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds"))] + [(k.code, k.label) for k in kinds.KINDS.values()],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), ("open", _("All open"))]
        + [(s.code, s.label) for s in statuses.STATUSES.values()],
    )
    technician = forms.ModelChoiceField(
        label=_("Technician"), required=False, queryset=staff_members(), empty_label=_("Anyone")
    )
    overdue = forms.BooleanField(label=_("Overdue visits and pickups only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = staff_members()


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    shopper_note = forms.CharField(
        label=_("Note for the shopper (shown when tracking, sent by e-mail)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, ticket, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # quotes move the ticket into and out of "awaiting approval"; the exchange's own
        # actions move it along the exchange (they move the stock)
        choices = [
            (code, statuses.label_for(code))
            for code in ticket.next_statuses()
            if code != statuses.AWAITING_APPROVAL
            and ticket.status != statuses.AWAITING_APPROVAL
            and not statuses.is_exchange_move(ticket.status, code)
        ]
        self.fields["status"].choices = choices


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class QuoteLineForm(forms.ModelForm):
    class Meta:
        model = QuoteLine
        fields = ["kind", "description", "quantity", "unit_price"]


class QuoteDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Shopper's decision"),
        # an approval is recorded with the shopper's name and channel (PhoneApprovalForm)
        choices=[("decline", _("Declined"))],
    )
    note = forms.CharField(
        label=_("How the shopper answered (phone, e-mail…)"), required=False, max_length=500
    )


class PhoneApprovalForm(forms.Form):
    approved_by = forms.CharField(label=_("Approved by (the shopper's name)"), max_length=120)
    channel = forms.ChoiceField(
        label=_("How the shopper approved"),
        choices=[(code, Quote.DECISION_CHANNELS[code]) for code in Quote.RECORDED_BY_STAFF],
    )
    note = forms.CharField(label=_("Internal note"), required=False, max_length=500)


class ScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    technician = forms.ModelChoiceField(
        label=_("Technician"), required=False, queryset=staff_members()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = staff_members()


class TechnicianForm(forms.Form):
    technician = forms.ModelChoiceField(
        label=_("Technician"), required=False, queryset=staff_members(), empty_label=_("Nobody")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = staff_members()


class LogisticsForm(forms.Form):
    inbound_courier = forms.CharField(label=_("Inbound courier"), required=False, max_length=60)
    inbound_tracking = forms.CharField(
        label=_("Inbound tracking number"), required=False, max_length=80
    )
    outbound_courier = forms.CharField(label=_("Return courier"), required=False, max_length=60)
    outbound_tracking = forms.CharField(
        label=_("Return tracking number"), required=False, max_length=80
    )


class DefectiveReturnForm(forms.Form):
    serial_number = forms.CharField(
        label=_("Serial number of the defective unit"),
        required=False,
        max_length=80,
        help_text=_("Leave empty to keep the serial number given on the ticket."),
    )


class ReplacementShipmentForm(forms.Form):
    courier = forms.CharField(label=_("Courier"), required=False, max_length=60)
    tracking = forms.CharField(
        label=_("Tracking number"),
        required=False,
        max_length=80,
        help_text=_("Leave empty when the shopper collects the new unit."),
    )
