"""Oscar's HTML checkout with the store's payment methods.

The class loader (``contex_oscar.loading``) gives this view for Oscar's
``checkout.views.PaymentDetailsView`` (``checkout/payment-details/`` and
``checkout/preview/``). The payment-details page offers the methods the store allows for
the basket and destination (bank transfer, COD in Jabodetabek, O2O with showroom
pickup), each refused one with its reason; the preview keeps the choice and asks for the
tick on the store's terms and conditions; placing hands both to the store's order
creator, which refuses an order without the tick (``order.terms``), records the payment,
the unique amount due, the deadline and sends the order-placed e-mail exactly as for the
API's checkout.
"""

from django.db import transaction
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import default_class_loader

from contex_oscar.errors import StoreError
from contex_oscar.payment.forms import PaymentMethodForm

(BasePaymentDetailsView,) = default_class_loader(
    "checkout.views", ["PaymentDetailsView"], "oscar.apps"
)


class PaymentDetailsView(BasePaymentDetailsView):
    template_name = "contex_oscar/checkout/payment_details.html"
    template_name_preview = "contex_oscar/checkout/preview.html"

    def get_payment_form(self, data=None):
        basket = self.request.basket
        shipping_address = self.get_shipping_address(basket)
        shipping_method = self.get_shipping_method(basket, shipping_address)
        initial = {"payment_method": self.checkout_session.payment_method()}
        return PaymentMethodForm(
            basket, shipping_address, shipping_method, data=data, initial=initial
        )

    def get_context_data(self, **kwargs):
        form = kwargs.pop("payment_form", None) or self.get_payment_form()
        context = super().get_context_data(**kwargs)
        context["payment_form"] = form
        context["unavailable_methods"] = form.unavailable
        if form.is_bound and form.is_valid():
            context["payment_method"] = form.cleaned_data["payment_method"]
        return context

    def handle_payment_details_submission(self, request):
        """The chosen method (refused ones: the page again, with the reason), then the preview."""
        form = self.get_payment_form(request.POST)
        if not form.is_valid():
            return self.render_payment_details(request, payment_form=form)
        self.checkout_session.pay_by(form.cleaned_data["payment_method"].code)
        return self.render_preview(request, payment_form=form)

    def handle_place_order_submission(self, request):
        form = self.get_payment_form(request.POST)  # checked again: the basket may have changed
        if not form.is_valid():
            return self.render_payment_details(request, payment_form=form)
        submission = self.build_submission()
        submission["order_kwargs"]["payment_method"] = form.cleaned_data["payment_method"].code
        # the tick on the preview; the order creator refuses the order without it
        submission["order_kwargs"]["terms_accepted"] = form.cleaned_data["accept_terms"]
        return self.submit(**submission)

    def handle_order_placement(self, *args, **kwargs):
        """Placed all or nothing (a savepoint inside the request's transaction); a store
        rule's refusal (e.g. ``unique_amount_exhausted``) is shown on the preview."""
        try:
            with transaction.atomic():
                return super().handle_order_placement(*args, **kwargs)
        except StoreError as refusal:
            raise UnableToPlaceOrder(refusal.message) from refusal

    def send_order_placed_email(self, order):
        """The store's order creator queued the order-placed e-mail (with how to pay)."""
