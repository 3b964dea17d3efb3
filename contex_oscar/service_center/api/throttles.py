"""Rate limits for looking tickets up by number + e-mail, and for opening tickets.

The e-mail is a guest's only secret, so guessing is limited twice: per client
(IP, or ``NUM_PROXIES`` hops into ``X-Forwarded-For`` as DRF decides) and per
ticket number, whoever asks. Counters live in Django's default cache; rates are
``CONTEX_SERVICE_*_RATE*`` settings read on every request.
"""

from rest_framework import throttling

from contex_oscar.api.request_body import posted_field
from contex_oscar.conf import contex_settings
from contex_oscar.service_center.numbers import normalize_ticket_number


class _SettingRateThrottle(throttling.SimpleRateThrottle):
    setting = None

    def get_rate(self):
        return getattr(contex_settings, self.setting)


class TicketLookupClientThrottle(_SettingRateThrottle):
    scope = "contex_service_lookup_client"
    setting = "CONTEX_SERVICE_TRACK_RATE_PER_CLIENT"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TicketLookupNumberThrottle(_SettingRateThrottle):
    """Counts attempts on one ticket number from every client together."""

    scope = "contex_service_lookup_number"
    setting = "CONTEX_SERVICE_TRACK_RATE_PER_TICKET"

    def get_cache_key(self, request, view):
        number = view.kwargs.get("number") if getattr(view, "kwargs", None) else None
        if number is None:
            number = posted_field(request, "number")
        normalized = normalize_ticket_number(number)
        if not normalized:
            return None  # an impossible number finds nothing anyway; the client limit applies
        return self.cache_format % {"scope": self.scope, "ident": normalized}


class WarrantyCheckThrottle(TicketLookupClientThrottle):
    """The warranty check looks orders up by number + e-mail: same guessing risk."""

    scope = "contex_service_warranty_client"


class TicketCreateThrottle(_SettingRateThrottle):
    scope = "contex_service_create_client"
    setting = "CONTEX_SERVICE_CREATE_RATE"

    def get_cache_key(self, request, view):
        if request.method != "POST":
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
