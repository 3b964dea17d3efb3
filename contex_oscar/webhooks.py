"""Signed webhooks: a site's endpoints hear of the store's events through the outbox.

A site registers endpoints (``register_endpoint``: URL, the events it wants; the signing
secret is generated) in the dashboard or over an API. Where an event happens, its app
calls ``emit`` once, in the transaction of the change: one outbox message per subscribed
active endpoint (``outbox.queue_webhook``), so nothing is sent for a change rolled back
and nothing is lost when an endpoint is down: the outbox worker retries with backoff,
logs each attempt (``DeliveryAttempt``) and staff may ``replay`` a delivery.

The body is ``{"id", "type", "created", "data"}``; ``id`` (also ``X-Contex-Event-Id``)
names the delivery for good: a receiver keeps the ids it processed and drops repeats
(a retry after a timeout, a replay). The signature is checked with ``verify_signature``
(or its few lines in another language: README, "Webhooks").
"""

import hmac
import json
import time
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contex_oscar import outbox
from contex_oscar.caching import CachedRows
from contex_oscar.conf import contex_settings
from contex_oscar.errors import StoreError
from contex_oscar.log import log_event
from contex_oscar.models import OutboxMessage, WebhookEndpoint

ORDER_PLACED = "order.placed"
ORDER_STATUS_CHANGED = "order.status_changed"
PAYMENT_VERIFIED = "payment.verified"
ORDER_SHIPPED = "order.shipped"
TICKET_OPENED = "ticket.opened"
TICKET_STATUS_CHANGED = "ticket.status_changed"

#: Every event an endpoint may subscribe to, and what it announces.
EVENTS = {
    ORDER_PLACED: gettext_lazy("An order was placed"),
    ORDER_STATUS_CHANGED: gettext_lazy("An order's status changed"),
    PAYMENT_VERIFIED: gettext_lazy("Staff verified or recorded an order's payment"),
    ORDER_SHIPPED: gettext_lazy("An order was handed to the courier"),
    TICKET_OPENED: gettext_lazy("A service request was opened"),
    TICKET_STATUS_CHANGED: gettext_lazy("A service ticket's status changed"),
}


class WebhookError(StoreError):
    """An endpoint the store cannot register (its URL, its events)."""


# --- endpoints ----------------------------------------------------------------------


def clean_endpoint(url, events):
    """``(url, events)`` as stored, or ``WebhookError``: an http(s) URL and known events."""
    url = (url or "").strip()
    try:
        URLValidator(schemes=("http", "https"))(url)
    except ValidationError:
        raise WebhookError(
            "webhook_url_invalid", _("Enter the endpoint's full http:// or https:// address.")
        ) from None
    events = sorted(set(events or ()))  # one stored order, whoever registers it
    unknown = [event for event in events if event not in EVENTS]
    if unknown or not events:
        raise WebhookError(
            "webhook_events_invalid",
            _("Choose one or more of the store's events: %(events)s.")
            % {"events": ", ".join(EVENTS)},
        )
    return url, events


def register_endpoint(url, events, description="", is_active=True):
    """A new endpoint (its secret generated) for ``events``; ``WebhookError`` when refused."""
    url, events = clean_endpoint(url, events)
    return WebhookEndpoint.objects.create(
        url=url, events=events, description=(description or "").strip(), is_active=is_active
    )


def update_endpoint(endpoint, url, events, description="", is_active=True):
    """Change what ``endpoint`` receives (its secret stays); ``WebhookError`` when refused."""
    endpoint.url, endpoint.events = clean_endpoint(url, events)
    endpoint.description = (description or "").strip()
    endpoint.is_active = is_active
    endpoint.save(update_fields=["url", "events", "description", "is_active"])
    return endpoint


# --- events -------------------------------------------------------------------------


def _subscriptions():
    return WebhookEndpoint.objects.filter(is_active=True).values_list("pk", "events")


#: ``[(endpoint pk, events)]`` of the active endpoints (``.get()``): every checkout, status
#: change and verified payment asks; cached until an endpoint changes (secrets stay out).
active_subscriptions = CachedRows("contex:webhook-subscriptions", _subscriptions)


def subscribers(event):
    """The active endpoints that want ``event`` (filtered here: JSON lookups differ by
    database, and a site has a handful of endpoints); no query when none does."""
    wanted = [pk for pk, events in active_subscriptions.get() if event in events]
    if not wanted:
        return []
    return list(WebhookEndpoint.objects.filter(pk__in=wanted, is_active=True).order_by("pk"))


def emit(event, data, related=None):
    """Queue ``event`` with ``data`` (JSON-ready) for every endpoint that subscribed to it,
    in the caller's transaction. Returns the outbox messages written."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    # every store event is also one log line, once the change it announces is committed
    fields = _log_fields(data)
    transaction.on_commit(lambda: log_event(event, **fields))
    messages = []
    for endpoint in subscribers(event):
        event_id = f"evt_{uuid.uuid4().hex}"
        body = json.dumps(
            {"id": event_id, "type": event, "created": timezone.now().isoformat(), "data": data},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        messages.append(outbox.queue_webhook(endpoint, event, event_id, body, related))
    return messages


def _log_fields(data):
    """What the log line of an event names: the order or ticket, the move, the amount."""
    fields = {}
    for subject in ("order", "ticket"):
        if isinstance(data.get(subject), dict):
            fields[f"{subject}_number"] = data[subject].get("number")
    for name in ("old_status", "new_status", "amount", "method", "tracking_number"):
        if data.get(name) not in (None, ""):
            fields[name] = data[name]
    return fields


# --- the delivery log ---------------------------------------------------------------


def deliveries(statuses=None, endpoint=None):
    """Webhook deliveries, the newest first (the delivery log of the dashboard and the staff
    API): in ``statuses`` (default: every one), to ``endpoint`` (default: any)."""
    found = outbox.channel_messages(OutboxMessage.WEBHOOK).select_related("endpoint")
    if statuses is not None:
        found = found.filter(status__in=statuses)
    if endpoint is not None:
        found = found.filter(endpoint=endpoint)
    return found


def replay(message):
    """Deliver ``message`` again, whatever its status: same event id and body, a fresh
    round of attempts starting now, each signed anew. In the caller's transaction."""
    if message.channel != OutboxMessage.WEBHOOK:
        raise ValueError("only a webhook delivery is replayed")
    with transaction.atomic():
        outbox.resend(message)


# --- receivers ----------------------------------------------------------------------


def verify_signature(secret, header, body, now=None, tolerance=None):
    """True when ``header`` (``X-Contex-Signature``) signs ``body`` (bytes or str) with
    ``secret`` and its timestamp is at most ``tolerance`` seconds old (default
    ``CONTEX_WEBHOOK_TOLERANCE_SECONDS``). For receivers written in Python."""
    fields = dict(part.split("=", 1) for part in (header or "").split(",") if "=" in part)
    try:
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if tolerance is None:
        tolerance = contex_settings.CONTEX_WEBHOOK_TOLERANCE_SECONDS
    if abs((now if now is not None else time.time()) - timestamp) > tolerance:
        return False
    if isinstance(body, bytes):
        body = body.decode()
    expected = outbox.signature(secret, timestamp, body)
    return hmac.compare_digest(expected, fields.get("v1", ""))
