"""Staff forms of the order lifecycle. ``StatusChangeForm`` is also Oscar's own order
page's status form (``contex_oscar.loading`` puts it in place of ``OrderStatusForm``)."""

from decimal import Decimal

from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import default_class_loader

from contex_oscar.order.exceptions import (
    DeliveryDateInvalid,
    PaymentNotRecorded,
    ReturnReasonRequired,
    SerialNumbersInvalid,
    ShipmentDetailsRequired,
)
from contex_oscar.order.pricing import CANCEL, HONOUR
from contex_oscar.order.services import next_statuses, refusal, takes_serial_numbers
from contex_oscar.order.statuses import DELIVERED, STATUSES, label_for
from contex_oscar.shipping.methods import is_pickup
from contex_oscar.workdays import store_today

OscarOrderStatusForm, OscarOrderSearchForm = default_class_loader(
    "dashboard.orders.forms", ["OrderStatusForm", "OrderSearchForm"], "oscar.apps"
)


class OrderSearchForm(OscarOrderSearchForm):
    """Oscar's order search, its status filter offering the labels (``contex_oscar.loading``)."""

    status = forms.ChoiceField(
        choices=[("", "---------")] + [(code, s.label) for code, s in STATUSES.items()],
        label=_("Status"),
        required=False,
    )


class StatusChangeForm(OscarOrderStatusForm):
    """The moves the status route allows now (with their labels), and what each move needs.

    The route decides (``services.refusal``); the form only shows its answer by field.
    """

    new_status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Note for staff"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    shopper_note = forms.CharField(
        label=_("Note shown to the shopper"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Appears in the order's timeline and in the status e-mail."),
    )
    courier = forms.CharField(
        label=_("Courier"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"list": "courier_choices"}),
    )
    tracking_number = forms.CharField(label=_("Tracking number"), required=False, max_length=80)
    delivered_on = forms.DateField(
        label=_("Delivered on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day the shopper received the order (warranty starts here)."),
    )
    return_reason = forms.CharField(
        label=_("Why the order came back"),
        required=False,
        max_length=200,
        help_text=_(
            "Needed when a shipped order returns to the store (refused at the door, returned "
            "to sender): back to 'Processing' to send it again, or 'Cancelled'. The shopper "
            "reads it in the e-mail."
        ),
    )

    amount_received = forms.DecimalField(
        label=_("Paid at the showroom (Rp)"),
        required=False,
        min_value=Decimal("1"),
        max_digits=14,
        decimal_places=0,
        help_text=_(
            "Showroom pickup not paid yet: the amount the shopper paid on collecting it "
            "(checked against the amount due)."
        ),
    )

    def __init__(self, order, *args, **kwargs):
        super().__init__(order, *args, **kwargs)
        self.order = order
        pickup = is_pickup(order)
        choices = [(code, label_for(code, pickup=pickup)) for code in next_statuses(order)]
        # a retried submit names the status the order already has: accepted, no change
        if self.data.get("new_status") == order.status:
            choices.append((order.status, label_for(order.status, pickup=pickup)))
        if not pickup:
            del self.fields["amount_received"]
        self.fields["new_status"].choices = choices
        self.fields["delivered_on"].initial = store_today()
        if any(takes_serial_numbers(order, code) for code, _label in choices):
            self._add_serial_fields(order)

    def _add_serial_fields(self, order):
        """One serial number field per unit not recorded yet (shipping or handing over)."""
        self.serial_fields = {}
        lines = order.lines.annotate(recorded=Count("contex_sold_units")).order_by("pk")
        for line in lines:
            for unit in range(line.recorded + 1, line.quantity + 1):
                name = f"serial_{line.pk}_{unit}"
                self.fields[name] = forms.CharField(
                    label=_("Serial number: %(product)s, unit %(unit)d")
                    % {"product": line.title, "unit": unit},
                    required=False,
                    max_length=80,
                    help_text=_("From the unit's label; the warranty is found by it."),
                )
                self.serial_fields[name] = line.pk

    def serial_numbers(self):
        """``{line_id: [serial, ...]}`` as entered (the route checks and records them)."""
        entered = {}
        for name, line_id in getattr(self, "serial_fields", {}).items():
            value = (self.cleaned_data.get(name) or "").strip()
            if value:
                entered.setdefault(line_id, []).append(value)
        return entered

    def clean(self):
        data = super().clean()
        if self.has_error("new_status", "invalid_choice") and self.data.get("new_status"):
            # a move the route refuses: say why instead of "not a valid choice"
            refused = refusal(self.order, self.data["new_status"])
            if refused is not None:
                self.errors["new_status"] = self.error_class([str(refused)])
            return data
        new_status = data.get("new_status")
        if not new_status or new_status == self.order.status:
            return data
        details = {
            "courier": (data.get("courier") or "").strip(),
            "tracking_number": (data.get("tracking_number") or "").strip(),
            "delivered_on": data.get("delivered_on"),
            "return_reason": (data.get("return_reason") or "").strip(),
            "serial_numbers": self.serial_numbers(),
        }
        if details["serial_numbers"] and not takes_serial_numbers(self.order, new_status):
            # never dropped quietly: they are kept only by the moves that record them
            self.add_error(
                None,
                _(
                    "Serial numbers are recorded when the order ships, is set aside or is "
                    "handed over at the showroom: leave them empty for this move."
                ),
            )
        refused = refusal(self.order, new_status, details)
        if isinstance(refused, ShipmentDetailsRequired):
            for name in ("courier", "tracking_number"):
                if not details[name]:
                    self.add_error(name, _("Needed to ship the order."))
        elif isinstance(refused, PaymentNotRecorded) and new_status == DELIVERED:
            # with an amount, the showroom's cash is recorded before the move
            # (``review.hand_over_at_showroom``): the refusal then no longer holds
            if not data.get("amount_received"):
                self.add_error("amount_received", str(refused))
        elif isinstance(refused, ReturnReasonRequired):
            self.add_error("return_reason", str(refused))
        elif isinstance(refused, DeliveryDateInvalid):
            self.add_error("delivered_on", str(refused))
        elif isinstance(refused, SerialNumbersInvalid):
            self.add_error(None, str(refused))
        elif refused is not None:
            self.add_error("new_status", str(refused))
        return data

    @property
    def has_choices(self):
        return bool(self.fields["new_status"].choices)


class PriceCorrectionForm(forms.Form):
    correct_unit_price = forms.DecimalField(
        label=_("Correct unit price (Rp)"),
        min_value=Decimal("1"),
        max_digits=12,
        decimal_places=0,
    )
    decision = forms.ChoiceField(
        label=_("If the correct price is higher"),
        required=False,
        choices=[
            ("", "---------"),
            (HONOUR, _("Honour the displayed price")),
            (CANCEL, _("Cancel the order and refund what was paid")),
        ],
    )
    note = forms.CharField(
        label=_("Note for staff"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, line, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line

    def clean(self):
        data = super().clean()
        price = data.get("correct_unit_price")
        if price is not None and price > self.line.unit_price_incl_tax:
            if not data.get("decision"):
                self.add_error(
                    "decision",
                    _("The correct price is higher: honour the displayed price or cancel."),
                )
        return data


STATUS_FILTER_CHOICES = [("", _("All statuses"))] + [
    (code, status.label) for code, status in STATUSES.items()
]


class OrderFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTER_CHOICES)
    number = forms.CharField(label=_("Order number"), required=False, max_length=128)
