"""Rate limits for looking tickets and orders up by number + e-mail, and for opening tickets.

The e-mail is a guest's only secret, so guessing is limited twice: per client and per
ticket number, whoever asks; look-ups that found nothing are counted
(``contex_oscar.throttles``). Rates are ``CONTEX_SERVICE_*_RATE*`` settings.
"""

from contex_oscar.order.api.throttles import OrderLookupThrottle, order_lookup_exemptions
from contex_oscar.service_center.numbers import normalize_ticket_number
from contex_oscar.throttles import Throttle, client, number_in, signed_in_without


def ticket_number(value):
    return normalize_ticket_number(value) or None  # an impossible number finds nothing anyway


class TicketLookupThrottle(Throttle):
    exempt = (signed_in_without("email"),)  # the signed-in owner: the session is the credential
    failures_only = True


class TicketLookupClientThrottle(TicketLookupThrottle):
    scope = "contex_service_lookup_client"
    rate_setting = "CONTEX_SERVICE_TRACK_RATE_PER_CLIENT"
    key = (client,)


class TicketLookupNumberThrottle(TicketLookupThrottle):
    """Counts attempts on one ticket number from every client together."""

    scope = "contex_service_lookup_number"
    rate_setting = "CONTEX_SERVICE_TRACK_RATE_PER_TICKET"
    key = (number_in("number", clean=ticket_number),)


class WarrantyCheckThrottle(OrderLookupThrottle):
    """The warranty check looks orders up by number + e-mail: the same guessing risk."""

    scope = "contex_service_warranty_client"
    rate_setting = "CONTEX_SERVICE_TRACK_RATE_PER_CLIENT"
    key = (client,)
    exempt = order_lookup_exemptions("order_token")


class TicketCreateThrottle(Throttle):
    scope = "contex_service_create_client"
    rate_setting = "CONTEX_SERVICE_CREATE_RATE"
    key = (client,)
    methods = ("POST",)
