"""Rate limits of reaching an order by number + e-mail (``contex_oscar.order.access``).

Look-ups that found nothing are counted, per client and per order number. Requests
whose credential cannot be guessed are not counted at all: a genuine signed tracking
link (``token``), or a signed-in user naming no e-mail (only their own orders, and
staff's reading, can come of that). So guessing locks the number + e-mail form for a
while, and the owner still gets in through the link in their e-mails.
"""

from contex_oscar.order.access import read_order_token
from contex_oscar.throttles import Throttle, carries, client, posted, signed_in_without


def order_lookup_exemptions(token_field="token"):
    return (
        carries(token_field, read_order_token),
        signed_in_without("email", token_field),
    )


class OrderLookupThrottle(Throttle):
    """Base of every throttle on number + e-mail order look-ups (tracking, payments, service)."""

    exempt = order_lookup_exemptions()
    failures_only = True


class TrackingClientThrottle(OrderLookupThrottle):
    scope = "contex_tracking_client"
    rate_setting = "CONTEX_TRACKING_RATE_PER_CLIENT"
    key = (client,)


class TrackingOrderThrottle(OrderLookupThrottle):
    """Per order number, from any client: guessing e-mails for one order stops here."""

    scope = "contex_tracking_order"
    rate_setting = "CONTEX_TRACKING_RATE_PER_ORDER"
    key = (posted("number"),)
