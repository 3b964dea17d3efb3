from contex_oscar.accounts.throttles import PerClientThrottle, PerFieldThrottle


class TrackingClientThrottle(PerClientThrottle):
    scope = "contex_tracking_client"
    rate_setting = "CONTEX_TRACKING_RATE_PER_CLIENT"


class TrackingOrderThrottle(PerFieldThrottle):
    """Per order number, from any client: guessing e-mails for one order stops here."""

    scope = "contex_tracking_order"
    rate_setting = "CONTEX_TRACKING_RATE_PER_ORDER"
    field = "number"
