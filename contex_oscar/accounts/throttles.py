"""DRF throttles of the store, on the default cache (shared across processes with Redis).

Rates are ``CONTEX_*`` settings ("count/period", DRF's format), read per request.
"""

import hashlib

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from contex_oscar.api.request_body import posted_field
from contex_oscar.conf import contex_settings


class SettingRateThrottle(SimpleRateThrottle):
    """A throttle whose rate is the ``CONTEX_*`` setting named by ``rate_setting``.

    Counts in fixed windows with the cache's atomic ``add``/``incr`` instead of DRF's
    read-modify-write history list: with a shared cache (Redis) two processes
    throttling at the same moment cannot both slip under the limit.
    """

    rate_setting = None

    def get_rate(self):
        return getattr(contex_settings, self.rate_setting)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        key = f"{self.key}:{window}"
        self.cache.add(key, 0, timeout=self.duration + 1)
        try:
            count = self.cache.incr(key)
        except ValueError:  # expired between add and incr: this is the first request
            self.cache.add(key, 1, timeout=self.duration + 1)
            count = 1
        self.window_ends = (window + 1) * self.duration
        return count <= self.num_requests

    def wait(self):
        return max(self.window_ends - self.now, 0)

    def get_ident(self, request):
        # DRF trusts any X-Forwarded-For unless NUM_PROXIES is set; a client could
        # then pick its own identity. Without a configured proxy count, use the peer.
        if api_settings.NUM_PROXIES is None:
            return request.META.get("REMOTE_ADDR") or "unknown"
        return super().get_ident(request)


class PerClientThrottle(SettingRateThrottle):
    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PerFieldThrottle(SettingRateThrottle):
    """Counts requests per value of a posted field (an order number, an e-mail address)."""

    field = None

    def get_cache_key(self, request, view):
        value = posted_field(request, self.field)
        value = str(value or "").strip().lower()
        if not value:
            return None  # nothing to count; validation answers the request
        digest = hashlib.sha256(value.encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest}


class AccountEmailClientThrottle(PerClientThrottle):
    scope = "contex_account_email_client"
    rate_setting = "CONTEX_ACCOUNT_EMAIL_RATE_PER_CLIENT"


class AccountEmailAddressThrottle(PerFieldThrottle):
    """Resend and reset e-mails per address: whether or not an account exists."""

    scope = "contex_account_email_address"
    rate_setting = "CONTEX_ACCOUNT_EMAIL_RATE_PER_ADDRESS"
    field = "email"
