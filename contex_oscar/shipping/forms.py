from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from contex_oscar.shipping.models import PostcodeRange, ShippingZone, ZonePlace
from contex_oscar.shipping.regions import is_jabodetabek_zone

WeightBased = get_model("shipping", "WeightBased")


class ZoneForm(forms.ModelForm):
    class Meta:
        model = ShippingZone
        fields = [
            "name",
            "slug",
            "free_delivery",
            "weight_based",
            "min_days",
            "max_days",
            "is_active",
            "display_order",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a rate table prices one zone only
        taken = ShippingZone.objects.exclude(pk=self.instance.pk).exclude(weight_based=None)
        self.fields["weight_based"].queryset = WeightBased.objects.exclude(
            pk__in=taken.values("weight_based")
        )
        if self.instance.pk and is_jabodetabek_zone(self.instance):
            # other code (COD, free delivery) finds Jabodetabek by this code
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = _("The Jabodetabek zone's code cannot change.")


class PostcodeRangeForm(forms.ModelForm):
    class Meta:
        model = PostcodeRange
        fields = ["first", "last"]


class ZonePlaceForm(forms.ModelForm):
    class Meta:
        model = ZonePlace
        fields = ["kind", "name"]


PostcodeRangeFormSet = inlineformset_factory(
    ShippingZone, PostcodeRange, form=PostcodeRangeForm, extra=2, can_delete=True
)
ZonePlaceFormSet = inlineformset_factory(
    ShippingZone, ZonePlace, form=ZonePlaceForm, extra=3, can_delete=True
)


class ShippingQuoteForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Shipping cost (Rp)"), min_value=0, max_digits=12, decimal_places=0
    )
