"""The store's shipping methods, each bound to its destination when the repository builds it.

Oscar calls ``calculate(basket)`` without an address, so a method carries the
charge the repository worked out for that address and basket. Every method has
``is_free``, ``quote_pending``, ``requires_address`` and ``estimate(today)``.
Charges are whole rupiah with no tax, and always carry ``incl_tax``.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D

from django.utils.translation import gettext_lazy as _
from oscar.core import prices
from oscar.core.loading import get_class

from contex_oscar import workdays
from contex_oscar.money import whole_rupiah
from contex_oscar.order.statuses import ON_HOLD

Base = get_class("shipping.methods", "Base")
TaxInclusiveOfferDiscount = get_class("shipping.methods", "TaxInclusiveOfferDiscount")

JABODETABEK_FREE = "jabodetabek-free"
SHOWROOM_PICKUP = "showroom-pickup"
QUOTE_ON_REQUEST = "quote-on-request"
NO_SHIPPING_REQUIRED = "no-shipping-required"  # Oscar's code for baskets without parcels
ZONE_PREFIX = "zone-"

ZERO = D("0")


def is_pickup(order):
    """The order is collected at the showroom (its shipping method is showroom pickup)."""
    return getattr(order, "shipping_code", "") == SHOWROOM_PICKUP


def zone_code(zone):
    return f"{ZONE_PREFIX}{zone.slug}"


def is_store_code(code):
    """True for any code this store could offer (to tell 'unknown' from 'unavailable')."""
    return bool(code) and (
        code in (JABODETABEK_FREE, SHOWROOM_PICKUP, QUOTE_ON_REQUEST, NO_SHIPPING_REQUIRED)
        or (code.startswith(ZONE_PREFIX) and len(code) > len(ZONE_PREFIX))
    )


@dataclass(frozen=True)
class Estimate:
    """Delivery in ``min_days``..``max_days`` working days, as dates from ``today``."""

    min_days: int
    max_days: int
    earliest_date: date
    latest_date: date

    @classmethod
    def working_days(cls, min_days, max_days, today=None):
        today = today or workdays.store_today()
        return cls(
            min_days=min_days,
            max_days=max_days,
            earliest_date=workdays.add_working_days(today, min_days),
            latest_date=workdays.add_working_days(today, max_days),
        )

    def as_dict(self):
        return {
            "min_days": self.min_days,
            "max_days": self.max_days,
            "earliest_date": self.earliest_date,
            "latest_date": self.latest_date,
        }


class StoreMethod(Base):
    """A method with a charge fixed when built, and an optional working-day estimate."""

    quote_pending = False
    requires_address = True

    def __init__(self, charge=ZERO, zone=None, min_days=None, max_days=None):
        self.charge = whole_rupiah(charge)
        self.zone = zone
        self.min_days = min_days
        self.max_days = max_days

    @property
    def is_free(self):
        return not self.quote_pending and self.charge == ZERO

    def calculate(self, basket):
        currency = getattr(basket, "currency", None) or "IDR"
        return prices.Price(currency=currency, excl_tax=self.charge, incl_tax=self.charge, tax=ZERO)

    def estimate(self, today=None):
        if self.min_days is None or self.max_days is None:
            return None
        return Estimate.working_days(self.min_days, self.max_days, today)

    def __repr__(self):
        return f"<{type(self).__name__} {self.code} {self.charge}>"


class JabodetabekDelivery(StoreMethod):
    code = JABODETABEK_FREE
    name = _("Free delivery in Jabodetabek")
    description = _("Delivered free of charge by the store's courier.")

    def __init__(self, zone):
        super().__init__(ZERO, zone, zone.min_days, zone.max_days)


class ZoneDelivery(StoreMethod):
    description = _("Charged by the parcel's weight (actual or volumetric, whichever is greater).")

    def __init__(self, zone, charge, weight=None):
        super().__init__(charge, zone, zone.min_days, zone.max_days)
        self.code = zone_code(zone)
        self.weight = weight

    @property
    def name(self):
        return _("Delivery to %(zone)s") % {"zone": self.zone.name}


class QuoteOnRequest(StoreMethod):
    """No rate covers the address or the parcel: the call center quotes the cost.

    The order is placed with no shipping charge and starts ``on-hold``.
    """

    code = QUOTE_ON_REQUEST
    name = _("Shipping cost quoted by phone")
    description = _(
        "Our call center confirms the shipping cost; the order waits on hold and you "
        "are e-mailed the new total before you pay."
    )
    quote_pending = True

    def __init__(self, zone=None):
        if zone is not None:
            super().__init__(ZERO, zone, zone.min_days, zone.max_days)
        else:
            super().__init__(ZERO)


class ShowroomPickup(StoreMethod):
    code = SHOWROOM_PICKUP
    name = _("Pick up at the Contex Indonesia showroom")
    description = _("Free. Collect the product at the showroom; no address needed.")
    requires_address = False


class NoShippingRequired(StoreMethod):
    code = NO_SHIPPING_REQUIRED
    name = _("No shipping required")
    requires_address = False


class StoreOfferDiscount(TaxInclusiveOfferDiscount):
    """Oscar's shipping-offer wrapper that keeps our flags and estimate."""

    def __init__(self, method, offer, basket):
        super().__init__(method, offer)
        self.basket = basket

    @property
    def quote_pending(self):
        return self.method.quote_pending

    @property
    def requires_address(self):
        return self.method.requires_address

    @property
    def zone(self):
        return self.method.zone

    @property
    def is_free(self):
        return not self.quote_pending and self.calculate(self.basket).incl_tax == ZERO

    def estimate(self, today=None):
        return self.method.estimate(today)


def initial_status_for(shipping_method):
    """``on-hold`` when the shipping cost is still to be quoted, else None (payment decides)."""
    if isinstance(shipping_method, str):
        pending = shipping_method == QUOTE_ON_REQUEST
    else:
        pending = bool(getattr(shipping_method, "quote_pending", False))
    return ON_HOLD if pending else None
