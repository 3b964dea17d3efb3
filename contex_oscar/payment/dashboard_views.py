"""Staff pages: confirmations to review, unpaid bank transfers, COD/showroom payments,
refunds owed, bank accounts. Every action calls ``contex_oscar.payment.services``."""

from django.contrib import messages
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_model

from contex_oscar import workdays
from contex_oscar.dashboard.views import StaffOnlyMixin
from contex_oscar.order.exceptions import IllegalStatusTransition
from contex_oscar.payment import expiry, methods, queues, review, services
from contex_oscar.payment.exceptions import PaymentError
from contex_oscar.payment.forms import (
    ApproveForm,
    BankAccountForm,
    CancelUnpaidForm,
    RecordPaymentForm,
    RecordRefundForm,
    RejectForm,
)
from contex_oscar.payment.models import BankAccount, OrderPayment, PaymentConfirmation
from contex_oscar.payment.storage import proof_response

Order = get_model("order", "Order")


class ConfirmationQueueView(StaffOnlyMixin, generic.ListView):
    """Confirmations waiting for review: those with a proof first (quicker to verify), then
    those without, oldest first in each (or the reviewed ones, newest first)."""

    staff_action = "payments.confirmations.view"

    template_name = "contex_oscar/dashboard/payment/confirmation_list.html"
    context_object_name = "confirmations"
    paginate_by = 50

    def get_status(self):
        return queues.confirmation_status(self.request.GET.get("status"))

    def get_queryset(self):
        return queues.confirmations(self.get_status())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queues.annotate_reviews(context["confirmations"])
        context["status"] = self.get_status()
        context["statuses"] = PaymentConfirmation.STATUSES
        return context


class ConfirmationDetailView(StaffOnlyMixin, generic.DetailView):
    """One confirmation: the proof inline, amount vs. amount due, approve or reject."""

    staff_action = "payments.confirmations.review"

    template_name = "contex_oscar/dashboard/payment/confirmation_detail.html"
    context_object_name = "confirmation"

    def get_queryset(self):
        return PaymentConfirmation.objects.select_related(
            "order", "order__contex_payment", "bank_account", "reviewed_by", "submitted_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        confirmation = queues.annotate_review(self.object)
        context["payment"] = services.payment_summary(confirmation.order)
        context["others"] = (
            PaymentConfirmation.objects.filter(order=confirmation.order)
            .exclude(pk=confirmation.pk)
            .select_related("bank_account")
        )
        context["approve_form"] = kwargs.get("approve_form") or ApproveForm()
        context["reject_form"] = kwargs.get("reject_form") or RejectForm()
        context["is_image"] = confirmation.proof_content_type.startswith("image/")
        context["amount_warning"] = review.amount_warning(confirmation)
        return context

    def post(self, request, *args, **kwargs):
        self.object = confirmation = self.get_object()
        action = request.POST.get("action")
        try:
            if action == "approve":
                form = ApproveForm(request.POST)
                form.is_valid()
                review.approve_confirmation(
                    confirmation,
                    request.user,
                    accept_mismatch=form.cleaned_data.get("accept_mismatch", False),
                )
                messages.success(
                    request,
                    _("Payment for order %(number)s approved.")
                    % {"number": confirmation.order.number},
                )
            elif action == "reject":
                form = RejectForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(reject_form=form))
                review.reject_confirmation(confirmation, request.user, form.cleaned_data["reason"])
                messages.info(
                    request,
                    _("Confirmation for order %(number)s rejected; the shopper was told why.")
                    % {"number": confirmation.order.number},
                )
            else:
                raise Http404
        except PaymentError as error:
            messages.error(request, error.message)
            return redirect("contex-dashboard:payment-confirmation-detail", pk=confirmation.pk)
        return redirect("contex-dashboard:payment-confirmation-list")


class StaffProofView(StaffOnlyMixin, generic.View):
    """The proof file, for staff (the API serves owners and guests)."""

    staff_action = "payments.confirmations.view"

    def get(self, request, pk):
        confirmation = get_object_or_404(PaymentConfirmation.objects.select_related("order"), pk=pk)
        if not confirmation.proof:
            raise Http404
        return proof_response(confirmation)


class AwaitingTransferListView(StaffOnlyMixin, generic.ListView):
    """Open bank-transfer orders: amount due with unique code (to match bank statements)."""

    staff_action = "payments.unpaid.view"

    template_name = "contex_oscar/dashboard/payment/awaiting_list.html"
    context_object_name = "payments"
    paginate_by = 50

    def get_queryset(self):
        return queues.unpaid_transfers()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for payment in queues.annotate_unpaid(context["payments"]):
            payment.amount_due_value = int(payment.amount_due)
        context["cancel_form"] = CancelUnpaidForm()
        return context


class CancelUnpaidView(StaffOnlyMixin, generic.View):
    staff_action = "payments.unpaid.cancel"

    def post(self, request, number):
        order = get_object_or_404(Order, number=number)
        form = CancelUnpaidForm(request.POST)
        form.is_valid()
        try:
            expiry.cancel_unpaid_order(
                order, user=request.user, reason=form.cleaned_data.get("reason", "")
            )
        except (PaymentError, IllegalStatusTransition) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Order %(number)s cancelled.") % {"number": number})
        return redirect("contex-dashboard:payment-awaiting-list")


class CollectListView(StaffOnlyMixin, generic.ListView):
    """COD and showroom orders whose payment staff still have to record."""

    staff_action = "payments.unpaid.view"

    template_name = "contex_oscar/dashboard/payment/collect_list.html"
    context_object_name = "payments"
    paginate_by = 50

    def get_queryset(self):
        return queues.to_collect()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for payment in context["payments"]:
            payment.amount_due = services.amount_due(payment.order, payment)
            payment.amount_due_value = int(payment.amount_due)
            payment.method_label = methods.method_label(payment.method)
        return context


class RecordPaymentView(StaffOnlyMixin, generic.View):
    """Staff record money received: a transfer found on the bank statement (from the unpaid
    transfers list), or the cash a COD courier or the showroom took (from the collect list).
    An amount other than the amount due needs the acknowledgement box, as in the queue."""

    staff_action = "payments.record"

    def post(self, request, number):
        order = get_object_or_404(Order, number=number)
        back = request.POST.get("next") or ""
        if back not in ("payment-awaiting-list", "payment-collect-list"):
            back = "payment-collect-list"
        form = RecordPaymentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Enter the amount received in whole rupiah."))
            return redirect(f"contex-dashboard:{back}")
        try:
            review.record_payment(
                order,
                form.cleaned_data["amount"],
                user=request.user,
                reference=form.cleaned_data["reference"],
                accept_mismatch=form.cleaned_data["accept_mismatch"],
            )
        except PaymentError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Payment for order %(number)s recorded.") % {"number": number}
            )
        return redirect(f"contex-dashboard:{back}")


class RefundOwedListView(StaffOnlyMixin, generic.ListView):
    """Orders the store owes money back to (a cancel, a lower price), oldest first, each
    with the form to record a refund made."""

    staff_action = "payments.refunds"

    template_name = "contex_oscar/dashboard/payment/refund_list.html"
    context_object_name = "payments"
    paginate_by = 50

    def get_queryset(self):
        return (
            OrderPayment.objects.filter(state=OrderPayment.REFUND_OWED)
            .select_related("order")
            .order_by("closed_at", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for payment in context["payments"]:
            payment.method_label = methods.method_label(payment.method)
            payment.refund_owed_value = int(payment.refund_owed)
        context["today"] = workdays.store_today()
        return context


class RecordRefundView(StaffOnlyMixin, generic.View):
    """Staff record a refund made (amount, the shopper's bank and account, reference,
    date); the shopper is told by e-mail. More than is owed is refused."""

    staff_action = "payments.refunds"

    def post(self, request, number):
        order = get_object_or_404(Order, number=number)
        form = RecordRefundForm(request.POST)
        if not form.is_valid():
            messages.error(
                request,
                _("Enter the amount, the shopper's bank and account, the reference and the date."),
            )
            return redirect("contex-dashboard:payment-refund-list")
        data = form.cleaned_data
        try:
            review.record_refund(
                order,
                data["amount"],
                reference=data["reference"],
                user=request.user,
                bank_name=data["bank_name"],
                account_number=data["account_number"],
                account_holder=data["account_holder"],
                refunded_on=data["refunded_on"],
            )
        except PaymentError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Refund for order %(number)s recorded.") % {"number": number}
            )
        return redirect("contex-dashboard:payment-refund-list")


class BankAccountListView(StaffOnlyMixin, generic.ListView):
    staff_action = "payments.bank_accounts"
    template_name = "contex_oscar/dashboard/payment/bank_account_list.html"
    context_object_name = "accounts"
    queryset = BankAccount.objects.order_by("display_order", "pk")


class BankAccountEditMixin(StaffOnlyMixin):
    staff_action = "payments.bank_accounts"
    model = BankAccount
    form_class = BankAccountForm
    template_name = "contex_oscar/dashboard/payment/bank_account_form.html"
    success_url = reverse_lazy("contex-dashboard:payment-bank-account-list")


class BankAccountCreateView(BankAccountEditMixin, generic.CreateView):
    """A new account shoppers may transfer to."""


class BankAccountUpdateView(BankAccountEditMixin, generic.UpdateView):
    """An account's details, its order on the page, whether shoppers see it."""


class BankAccountDeleteView(StaffOnlyMixin, generic.DeleteView):
    staff_action = "payments.bank_accounts"
    model = BankAccount
    template_name = "contex_oscar/dashboard/payment/bank_account_delete.html"
    context_object_name = "account"
    success_url = reverse_lazy("contex-dashboard:payment-bank-account-list")

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _("Shoppers' confirmations name this account: deactivate it instead."),
            )
            return redirect(reverse("contex-dashboard:payment-bank-account-list"))
