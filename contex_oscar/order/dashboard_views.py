"""Staff pages of the order lifecycle: status changes along the pipeline, price corrections.

Every action calls a service in ``services``/``pricing``; these views only turn
forms into calls and errors into messages.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from oscar.core.loading import get_model

from contex_oscar.conf import contex_settings
from contex_oscar.dashboard.views import StaffOnlyMixin
from contex_oscar.money import format_rupiah
from contex_oscar.order import history, invoices, services
from contex_oscar.order.dashboard_forms import (
    OrderFilterForm,
    PriceCorrectionForm,
    StatusChangeForm,
)
from contex_oscar.order.exceptions import IllegalStatusTransition, PriceCorrectionRefused
from contex_oscar.order.models import OrderStatusRecord, PriceCorrection
from contex_oscar.order.pickup import pickup_details
from contex_oscar.order.pricing import CORRECTABLE_STATUSES, correct_line_price
from contex_oscar.order.statuses import DELIVERED, IN_SHIPMENT, ON_HOLD, label_for
from contex_oscar.payment import review
from contex_oscar.payment.exceptions import PaymentError
from contex_oscar.payment.services import amount_paid
from contex_oscar.shipping.methods import is_pickup

Order = get_model("order", "Order")
Line = get_model("order", "Line")


class OrderLifecycleListView(StaffOnlyMixin, generic.ListView):
    """Orders by status, newest first: the staff's way into each order's lifecycle page."""

    staff_action = "orders.view"

    template_name = "contex_oscar/dashboard/order/order_list.html"
    context_object_name = "orders"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = OrderFilterForm(self.request.GET or None)
        queryset = Order._default_manager.select_related("user").order_by("-date_placed", "-pk")
        if self.filter_form.is_valid():
            status = self.filter_form.cleaned_data.get("status")
            number = (self.filter_form.cleaned_data.get("number") or "").strip()
            if status:
                queryset = queryset.filter(status=status)
            if number:
                queryset = queryset.filter(number__icontains=number)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        for order in context["orders"]:
            order.status_label = label_for(order.status)
        return context


def _order(number):
    return get_object_or_404(
        Order._default_manager.select_related(
            "user", "shipping_address", "shipping_address__country", "contex_delivery"
        ),
        number=number,
    )


class OrderLifecycleView(StaffOnlyMixin, generic.TemplateView):
    """One order: its timeline, shipment, price corrections, and the status change form."""

    staff_action = "orders.status"

    template_name = "contex_oscar/dashboard/order/order_detail.html"

    def dispatch(self, request, *args, **kwargs):
        self.order = _order(kwargs["number"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.order
        records = list(
            OrderStatusRecord.objects.filter(order=order)
            .select_related("changed_by")
            .order_by("created_at", "id")
        )
        for record in records:
            record.old_label, record.new_label = (
                label_for(record.old_status),
                label_for(record.new_status),
            )
        context.update(
            order=order,
            status_label=label_for(order.status, pickup=is_pickup(order)),
            pickup=pickup_details(order),
            records=records,
            form=form or StatusChangeForm(order),
            lines=list(order.lines.prefetch_related("discounts")),
            shipment=history.shipment_of(order),
            delivered_on=history.delivery_date(order) if order.status == DELIVERED else None,
            hold_origin=history.hold_origin(order) if order.status == ON_HOLD else None,
            invoice=invoices.invoice_of(order),
            corrections=list(
                PriceCorrection.objects.filter(order=order)
                .select_related("line", "created_by")
                .order_by("created_at", "id")
            ),
            amount_paid=amount_paid(order),
            can_correct_prices=order.status in CORRECTABLE_STATUSES,
            couriers=contex_settings.CONTEX_COURIERS,
            in_shipment=IN_SHIPMENT,
            delivered=DELIVERED,
        )
        return context

    def post(self, request, *args, **kwargs):
        order = self.order
        form = StatusChangeForm(order, request.POST)
        if not form.is_valid():
            messages.error(request, _("The status was not changed: check the form."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        new_status = data["new_status"]
        if new_status == order.status:
            # a double submit or a retry: the change already happened once
            messages.info(request, _("The order is already '%s'.") % label_for(new_status))
            return redirect(self.success_url())
        try:
            if new_status == DELIVERED and data.get("amount_received"):
                review.hand_over_at_showroom(
                    order,
                    data["amount_received"],
                    user=request.user,
                    picked_up_on=data.get("delivered_on"),
                    note=data["note"],
                    shopper_note=data["shopper_note"],
                    serial_numbers=form.serial_numbers(),
                )
            else:
                services.change_order_status(
                    order,
                    new_status,
                    user=request.user,
                    note=data["note"],
                    shopper_note=data["shopper_note"],
                    courier=data["courier"],
                    tracking_number=data["tracking_number"],
                    delivered_on=data.get("delivered_on"),
                    return_reason=data.get("return_reason", ""),
                    serial_numbers=form.serial_numbers(),
                )
        except (IllegalStatusTransition, PaymentError) as error:
            messages.error(request, str(error))
            return redirect(self.success_url())
        messages.success(
            request,
            _("Order %(number)s is now '%(status)s'.")
            % {"number": order.number, "status": label_for(new_status, pickup=is_pickup(order))},
        )
        return redirect(self.success_url())

    def success_url(self):
        return reverse("contex-dashboard:order-lifecycle-detail", args=[self.order.number])


class PriceCorrectionView(StaffOnlyMixin, generic.FormView):
    """Correct one line's unit price (the store's price policy)."""

    staff_action = "orders.prices"

    template_name = "contex_oscar/dashboard/order/price_correction.html"

    def dispatch(self, request, *args, **kwargs):
        self.order = _order(kwargs["number"])
        self.line = get_object_or_404(
            Line._default_manager.prefetch_related(Prefetch("discounts", to_attr="discount_rows")),
            pk=kwargs["line_pk"],
            order=self.order,
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return PriceCorrectionForm(self.line, **self.get_form_kwargs())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            order=self.order,
            line=self.line,
            status_label=label_for(self.order.status),
            amount_paid=amount_paid(self.order),
            correctable=self.order.status in CORRECTABLE_STATUSES,
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            correction = correct_line_price(
                self.line,
                data["correct_unit_price"],
                user=self.request.user,
                decision=data.get("decision") or None,
                note=data.get("note", ""),
            )
        except PriceCorrectionRefused as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _message_for(correction))
        return redirect("contex-dashboard:order-lifecycle-detail", self.order.number)


def _message_for(correction):
    if correction.decision == PriceCorrection.LOWERED:
        text = _("Price lowered; the order total is now %(total)s.") % {
            "total": format_rupiah(correction.order_total_after)
        }
        if correction.amount_refunded:
            text += " " + _("Refund recorded: %(amount)s.") % {
                "amount": format_rupiah(correction.amount_refunded)
            }
        return text
    if correction.decision == PriceCorrection.HONOURED:
        return _("The displayed price is honoured; nothing changed for the shopper.")
    return _("The order is cancelled; refund recorded: %(amount)s.") % {
        "amount": format_rupiah(correction.amount_refunded)
    }


class InvoiceView(StaffOnlyMixin, generic.View):
    """The order's invoice for staff (the same document the shopper downloads)."""

    staff_action = "orders.view"

    pdf = False

    def get(self, request, number):
        order = _order(number)
        invoice = invoices.invoice_of(order)
        if invoice is None:  # placed before invoices existed
            raise Http404
        if self.pdf:
            return invoices.pdf_response(order, invoice, request)
        return HttpResponse(invoices.invoice_html(order, invoice, request))
