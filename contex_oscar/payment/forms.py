from django import forms
from django.utils.translation import gettext_lazy as _

from contex_oscar.payment import services
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


class RecordRefundForm(forms.Form):
    """A refund staff made to the shopper (partial refunds add up to what is owed)."""

    amount = forms.DecimalField(label=_("Amount refunded (Rp)"), min_value=1, decimal_places=0)
    bank_name = forms.CharField(label=_("Shopper's bank"), max_length=80)
    account_number = forms.CharField(label=_("Shopper's account number"), max_length=40)
    account_holder = forms.CharField(label=_("Account holder"), required=False, max_length=120)
    reference = forms.CharField(label=_("Transfer reference"), max_length=128)
    refunded_on = forms.DateField(label=_("Refund date"), widget=forms.DateInput({"type": "date"}))


class CancelUnpaidForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the shopper)"), required=False, max_length=500
    )


class PaymentMethodForm(forms.Form):
    """The shopper's payment method on Oscar's HTML checkout: the store's methods for the
    basket and destination; a refused one answers the rule's reason (``choose_method``)."""

    payment_method = forms.CharField(label=_("Payment method"), required=False, max_length=40)
    # not required here: the order creator's one check refuses an order without it
    # (``order.terms``), and the preview shows its message
    accept_terms = forms.BooleanField(
        label=_("I have read and accept the store's terms and conditions"), required=False
    )

    def __init__(self, basket, shipping_address, shipping_method, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.destination = (basket, shipping_address, shipping_method)
        rows = services.available_methods(basket, shipping_address, shipping_method)
        self.unavailable = [(method, state) for method, state in rows if not state.available]
        self.fields["payment_method"].widget = forms.RadioSelect(
            choices=[(method.code, method.label) for method, state in rows if state.available]
        )

    def clean_payment_method(self):
        try:  # nothing chosen: the store's default method (CONTEX_DEFAULT_PAYMENT_METHOD)
            return services.choose_method(self.cleaned_data["payment_method"], *self.destination)
        except services.PaymentError as error:
            raise forms.ValidationError(error.message, code=error.code) from None
