"""Oscar's HTML checkout shipping-address form with the store's address rule.

Given by ``contex_oscar.loading`` for ``checkout.forms.ShippingAddressForm``. Oscar's
HTML checkout asks for the address before the shipping method, so its form always
wants the whole delivery address (``shipping.addresses``); line2 / line3 are labelled
kelurahan / kecamatan, where the store keeps them.
"""

from oscar.core.loading import default_class_loader

from contex_oscar.shipping import addresses

(OscarShippingAddressForm,) = default_class_loader(
    "checkout.forms", ["ShippingAddressForm"], "oscar.apps"
)


class ShippingAddressForm(OscarShippingAddressForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, label in addresses.LINE_LABELS.items():
            if field in self.fields:
                self.fields[field].label = label

    def clean(self):
        cleaned_data = super().clean()
        values = {**cleaned_data, "country": cleaned_data.get("country") or self.instance.country}
        phone, errors = addresses.address_errors(values)
        for field, rows in errors.items():
            if field in self.errors:  # Oscar's own check already said what is wrong
                continue
            for message, _code in rows:
                self.add_error(field if field in self.fields else None, message)
        if phone:
            cleaned_data["phone_number"] = phone
        return cleaned_data
