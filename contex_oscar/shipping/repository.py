"""The store's shipping repository: ``get_class("shipping.repository", "Repository")``
gives it through the package's class loader (``contex_oscar.loading``), no fork needed.

For an address it offers, in this order: the delivery method of its zone (free
in Jabodetabek, the zone's weight band elsewhere) or, where no zone or band
fits, a quote on request; then showroom pickup. Without an address only
showroom pickup is offered, so it is also the default then.
"""

from decimal import Decimal as D

from oscar.apps.shipping import repository as oscar_repository

from contex_oscar.shipping import methods, regions, weights


def zone_charge(zone, basket):
    """(charge, weight) of ``basket`` in ``zone``'s weight bands; charge None when no band fits.

    The band is the lightest one whose upper limit is at or above the weight
    (a parcel exactly on a limit pays that band). Heavier than every band, or
    unweighable (see ``weights``), means the call center quotes.
    """
    rates = zone.weight_based
    if rates is None:
        return None, None
    weight = weights.basket_weight(basket, default_weight=rates.default_weight)
    if weight is None:
        return None, None
    fitting = [band for band in rates.bands.all() if band.upper_limit >= weight]
    if not fitting:
        return None, weight
    return min(fitting, key=lambda band: band.upper_limit).charge, weight


class Repository(oscar_repository.Repository):
    methods = ()

    def get_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        if not basket.is_shipping_required():
            return [methods.NoShippingRequired()]
        return super().get_shipping_methods(basket, shipping_addr=shipping_addr, **kwargs)

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        offered = []
        destination = regions.destination_of(shipping_addr)
        if destination is not None and destination.is_known:
            offered.append(self.delivery_method(basket, destination))
        offered.append(methods.ShowroomPickup())
        return offered

    def delivery_method(self, basket, destination):
        zone = regions.find_zone(destination)
        if zone is None:
            return methods.QuoteOnRequest()
        if regions.is_jabodetabek_zone(zone):
            return methods.JabodetabekDelivery(zone)
        if zone.free_delivery:
            return methods.ZoneDelivery(zone, D("0"))
        charge, weight = zone_charge(zone, basket)
        if charge is None:
            return methods.QuoteOnRequest(zone)
        return methods.ZoneDelivery(zone, charge, weight)

    def apply_shipping_offer(self, basket, method, offer):
        charge = method.calculate(basket)
        if method.quote_pending or charge.incl_tax == D("0"):
            return method
        return methods.StoreOfferDiscount(method, offer, basket)
