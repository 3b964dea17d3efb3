"""Staff pages: shipping zones (postcodes, places, rates, estimates) and shipping quotes."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_model

from contex_oscar.dashboard.views import StaffOnlyMixin
from contex_oscar.shipping import services
from contex_oscar.shipping.forms import (
    PostcodeRangeFormSet,
    ShippingQuoteForm,
    ZoneForm,
    ZonePlaceFormSet,
)
from contex_oscar.shipping.models import ShippingZone
from contex_oscar.shipping.regions import is_jabodetabek_zone

Order = get_model("order", "Order")


class ZoneListView(StaffOnlyMixin, generic.ListView):
    staff_action = "shipping.zones"
    template_name = "contex_oscar/dashboard/shipping/zone_list.html"
    context_object_name = "zones"

    def get_queryset(self):
        return ShippingZone.objects.select_related("weight_based").prefetch_related(
            "postcode_ranges", "places", "weight_based__bands"
        )


class ZoneEditMixin(StaffOnlyMixin):
    staff_action = "shipping.zones"
    model = ShippingZone
    form_class = ZoneForm
    template_name = "contex_oscar/dashboard/shipping/zone_form.html"
    success_url = reverse_lazy("contex-dashboard:shipping-zone-list")

    def get_formsets(self):
        data = self.request.POST if self.request.method == "POST" else None
        instance = self.object or ShippingZone()
        return {
            "range_formset": PostcodeRangeFormSet(data, instance=instance, prefix="ranges"),
            "place_formset": ZonePlaceFormSet(data, instance=instance, prefix="places"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for name, formset in (kwargs.get("formsets") or self.get_formsets()).items():
            context[name] = formset
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if self.kwargs.get("pk") else None
        form = self.get_form()
        formsets = self.get_formsets()
        if form.is_valid() and all(f.is_valid() for f in formsets.values()):
            with transaction.atomic():
                self.object = form.save()
                for formset in formsets.values():
                    formset.instance = self.object
                    formset.save()
            messages.success(request, _("Shipping zone '%s' saved.") % self.object.name)
            return HttpResponseRedirect(self.get_success_url())
        return self.render_to_response(self.get_context_data(form=form, formsets=formsets))


class ZoneCreateView(ZoneEditMixin, generic.CreateView):
    """A new zone with its postcode ranges, places and rates."""


class ZoneUpdateView(ZoneEditMixin, generic.UpdateView):
    """A zone's postcode ranges, places and rates."""


class ZoneDeleteView(StaffOnlyMixin, generic.DeleteView):
    staff_action = "shipping.zones"
    model = ShippingZone
    template_name = "contex_oscar/dashboard/shipping/zone_delete.html"
    context_object_name = "zone"
    success_url = reverse_lazy("contex-dashboard:shipping-zone-list")

    def form_valid(self, form):
        if is_jabodetabek_zone(self.object):
            messages.error(
                self.request,
                _("Jabodetabek cannot be deleted (it would be recreated); deactivate it instead."),
            )
            return redirect("contex-dashboard:shipping-zone-update", pk=self.object.pk)
        messages.success(self.request, _("Shipping zone '%s' deleted.") % self.object.name)
        return super().form_valid(form)


class QuoteListView(StaffOnlyMixin, generic.ListView):
    """Orders on hold until staff set the shipping cost the call center quoted."""

    staff_action = "shipping.quotes.view"

    template_name = "contex_oscar/dashboard/shipping/quote_list.html"
    context_object_name = "orders"
    paginate_by = 25

    def get_queryset(self):
        return (
            services.awaiting_quote()
            .select_related("shipping_address", "user")
            .prefetch_related("lines", "surcharges")
            .order_by("date_placed")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = ShippingQuoteForm()
        return context


class QuoteSetView(StaffOnlyMixin, generic.View):
    staff_action = "shipping.quotes.set"
    http_method_names = ["post"]

    def post(self, request, number):
        order = get_object_or_404(Order, number=number)
        form = ShippingQuoteForm(request.POST)
        if not form.is_valid():
            errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
            messages.error(
                request, _("Order %(number)s: %(errors)s") % {"number": number, "errors": errors}
            )
        else:
            try:
                services.set_quoted_shipping_cost(order, form.cleaned_data["amount"], request.user)
            except services.ShippingQuoteError as exc:
                messages.error(
                    request, _("Order %(number)s: %(error)s") % {"number": number, "error": exc}
                )
            else:
                messages.success(
                    request,
                    _("Order %(number)s: shipping cost set and the shopper e-mailed.")
                    % {"number": number},
                )
        return redirect(reverse("contex-dashboard:shipping-quote-list"))
