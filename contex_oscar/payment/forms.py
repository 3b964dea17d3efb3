from django import forms
from django.utils.translation import gettext_lazy as _

from contex_oscar.payment.models import BankAccount


class BankAccountForm(forms.ModelForm):
    class Meta:
        model = BankAccount
        fields = (
            "bank_name",
            "branch",
            "account_number",
            "account_holder",
            "display_order",
            "is_active",
        )


class ApproveForm(forms.Form):
    accept_mismatch = forms.BooleanField(
        required=False,
        label=_("Approve although the amount differs from the amount due"),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the shopper)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class RecordPaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount received (Rp)"), min_value=1, decimal_places=0)
    reference = forms.CharField(label=_("Reference / receipt no."), required=False, max_length=128)
    accept_mismatch = forms.BooleanField(
        required=False,
        label=_("Record although the amount differs from the amount due"),
    )


class CancelUnpaidForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the shopper)"), required=False, max_length=500
    )
