"""The store's versions of Oscar dashboard forms (loaded by ``contex_oscar.loading``)."""

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext
from oscar.core.loading import default_class_loader

# Oscar's form, or the site's fork of it: never this module's own class.
(BaseStockRecordForm,) = default_class_loader(
    "dashboard.catalogue.forms", ["StockRecordForm"], "oscar.apps"
)


class StockRecordForm(BaseStockRecordForm):
    """The product page's stock record form, refusing a stock figure below the units
    allocated to orders (the database would refuse it with an error page:
    ``contex_stock_allocated_within_stock``)."""

    def clean(self):
        cleaned_data = super().clean()
        num_in_stock = cleaned_data.get("num_in_stock")
        allocated = self.instance.num_allocated or 0
        if num_in_stock is not None and num_in_stock < allocated:
            message = ngettext(
                "%(allocated)d unit is reserved for orders not shipped yet: "
                "the stock cannot be lower.",
                "%(allocated)d units are reserved for orders not shipped yet: "
                "the stock cannot be lower.",
                allocated,
            )
            self.add_error(
                "num_in_stock",
                ValidationError(message, code="below_allocated", params={"allocated": allocated}),
            )
        return cleaned_data
