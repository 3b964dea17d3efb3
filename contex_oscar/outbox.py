"""The outbox: every e-mail and webhook the store sends is a row first, delivered after the commit.

A row's ``channel`` says how it leaves: ``email`` through the mail backend, ``webhook`` as
a signed HTTP POST to a site's endpoint (``queue_webhook``; the events and endpoints are
``contex_oscar.webhooks``). Both take the same claim, retries, backoff and resend.

The route: Oscar's ``Dispatcher`` (the store's ``OutboxDispatcher``, put in place by
``contex_oscar.loading``, so Oscar's own order, account and alert e-mails take it too)
renders the message and ``queue_email`` writes an ``OutboxMessage`` in the transaction
of the change it announces. Nothing talks to the mail server in that transaction. An e-mail
written with ``queue_emails_to_compose`` (the order-placed e-mail, a job's batch) keeps only
its ``kind`` and arguments; the worker composes it (``composer``) before its first attempt.

Delivery:

- right after the commit (``CONTEX_OUTBOX_DELIVER_ON_COMMIT``), the ``deliver_message``
  task is enqueued with django-tasks: with the default immediate backend it runs at
  once, with a queue backend (e.g. django-tasks-db) a worker runs it. A failing attempt
  is recorded on the row, never raised into the request;
- ``manage.py deliver_outbox`` (a worker loop, or ``--once`` from cron) sends what is due.

A message is claimed before it is sent (``select_for_update(skip_locked=True)`` on
PostgreSQL, and its next attempt moved ``CONTEX_OUTBOX_CLAIM_SECONDS`` ahead), so two
workers never take the same message; one that dies mid-send leaves the message to be
taken again when the claim runs out, with the same ``Message-ID``. It is marked sent only
once the mail backend accepted it; a failure waits ``retry_delay(attempts)`` (doubling
from ``CONTEX_OUTBOX_RETRY_BASE_SECONDS`` up to ``CONTEX_OUTBOX_RETRY_MAX_SECONDS``) and
after ``CONTEX_OUTBOX_MAX_ATTEMPTS`` attempts the message is ``failed`` until staff resend it.

A webhook is accepted only by a 2xx answer (a redirect is not followed: a failure). Each
attempt is signed anew (``X-Contex-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of
"<t>.<body>" with the endpoint's secret>``), carries the event id (``X-Contex-Event-Id``,
the same on every attempt and replay) and is logged as a ``DeliveryAttempt``.
"""

import base64
import hashlib
import hmac
import logging
import mimetypes
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from email.mime.base import MIMEBase
from email.utils import make_msgid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from oscar.core.loading import default_class_loader

from contex_oscar.conf import contex_settings
from contex_oscar.models import DeliveryAttempt, OutboxMessage

logger = logging.getLogger(__name__)

# Oscar's dispatcher, or the site's fork of it: never this module's own class.
(BaseDispatcher,) = default_class_loader("communication.utils", ["Dispatcher"], "oscar.apps")

#: Context entries an e-mail is "about", in this order (the first one present wins).
RELATED_CONTEXT_KEYS = ("ticket", "order", "user")


# --- writing ----------------------------------------------------------------------


def _attachment_rows(attachments):
    """Oscar's attachments (``[name, content, mimetype]``, ``MIMEBase`` parts, file paths)
    as JSON rows, read now: the worker may run on another server."""
    rows = []
    for attachment in attachments or ():
        if isinstance(attachment, str):
            with open(attachment, "rb") as handle:
                content = handle.read()
            name = os.path.basename(attachment)
            mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        elif isinstance(attachment, MIMEBase):
            name = attachment.get_filename() or "attachment"
            content = attachment.get_payload(decode=True) or b""
            mimetype = attachment.get_content_type()
        else:
            name, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        rows.append(
            {"filename": name, "mimetype": mimetype, "content": base64.b64encode(content).decode()}
        )
    return rows


def queue_email(
    recipients,
    subject,
    body,
    html="",
    from_email=None,
    reply_to=(),
    attachments=None,
    kind="",
    key="",
    related=None,
):
    """Write the message into the outbox (in the caller's transaction) and attempt its
    delivery once that transaction commits. Returns the ``OutboxMessage``."""
    message = OutboxMessage.objects.create(
        kind=kind[:128],
        key=(key or "")[:200],
        subject=subject,
        body=body,
        html=html or "",
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        recipients=list(recipients),
        reply_to=list(reply_to or ()),
        attachments=_attachment_rows(attachments),
        message_id=make_msgid(domain=DNS_NAME),
        related_type=ContentType.objects.get_for_model(related) if related is not None else None,
        related_id=str(related.pk) if related is not None else "",
        next_attempt_at=timezone.now(),
    )
    ask_for_delivery(message.pk)
    return message


#: ``kind`` (an e-mail's event code) -> ``compose(arguments, recipient)`` returning Oscar's
#: messages (``subject``, ``body``, ``html``): how the worker composes a bulk-written e-mail.
COMPOSERS = {}


def composer(kind):
    """Register how the worker composes the e-mails of ``kind`` written by
    ``queue_emails_to_compose``."""

    def register(compose):
        COMPOSERS[kind] = compose
        return compose

    return register


@dataclass
class EmailToCompose:
    """One e-mail of a bulk write: to ``recipient``, of ``kind`` (a registered composer),
    with the JSON-ready ``arguments`` the composer reads."""

    recipient: str
    kind: str
    arguments: dict
    key: str = ""
    related: object = None


def queue_emails_to_compose(emails, from_email=None):
    """Write ``emails`` (``EmailToCompose``) into the outbox at once, in the caller's
    transaction: the worker composes each before its first attempt, so a job's batch of
    thousands costs a few statements and no rendering. Delivery is asked for once, for
    the batch. Returns the ``OutboxMessage`` rows."""
    now = timezone.now()
    rows = []
    for email in emails:
        if email.kind not in COMPOSERS:
            raise ValueError(f"no composer for e-mails of kind {email.kind!r}")
        related = email.related
        rows.append(
            OutboxMessage(
                kind=email.kind[:128],
                key=(email.key or "")[:200],
                subject="",
                compose={"arguments": email.arguments},
                from_email=from_email or settings.OSCAR_FROM_EMAIL,
                recipients=[email.recipient],
                message_id=make_msgid(domain=DNS_NAME),
                # (Django caches the content types: no query per row)
                related_type=(
                    ContentType.objects.get_for_model(related) if related is not None else None
                ),
                related_id=str(related.pk) if related is not None else "",
                next_attempt_at=now,
            )
        )
    if not rows:
        return []
    messages = OutboxMessage.objects.bulk_create(rows)
    ask_for_delivery(*[message.pk for message in messages])
    return messages


#: The fields composing a bulk-written e-mail fills (written with its attempt's outcome).
COMPOSED_FIELDS = ("subject", "body", "html", "compose")


def _compose(message):
    """Render a bulk-written e-mail before its first attempt; the attempt's outcome (sent,
    or the failure) writes it with the rest, so every retry sends the same message."""
    messages = COMPOSERS[message.kind](message.compose["arguments"], message.recipients[0])
    message.subject = messages["subject"]
    message.body = messages["body"]
    message.html = messages.get("html") or ""
    message.compose = {}
    return COMPOSED_FIELDS


def queue_webhook(endpoint, event, event_id, body, related=None):
    """Write one delivery of ``event`` (id ``event_id``, its JSON ``body`` as sent) to
    ``endpoint`` into the outbox, in the caller's transaction; attempted once that
    transaction commits. Returns the ``OutboxMessage``."""
    message = OutboxMessage.objects.create(
        channel=OutboxMessage.WEBHOOK,
        endpoint=endpoint,
        kind=event,
        subject=event,
        body=body,
        from_email="",
        recipients=[endpoint.url],
        message_id=event_id,
        related_type=ContentType.objects.get_for_model(related) if related is not None else None,
        related_id=str(related.pk) if related is not None else "",
        next_attempt_at=timezone.now(),
    )
    ask_for_delivery(message.pk)
    return message


class OutboxDispatcher(BaseDispatcher):
    """Oscar's dispatcher whose e-mails go into the outbox instead of to the mail server.

    ``get_messages`` notes the event code and what the e-mail is about (the context's
    ticket, order or user) in the messages, ``send_email_messages`` queues them; it
    answers the unsent ``EmailMessage`` Oscar's callers expect (to log it, for one).
    """

    def get_messages(self, event_code, extra_context=None):
        messages = super().get_messages(event_code, extra_context)
        context = extra_context or {}
        related = next((context[k] for k in RELATED_CONTEXT_KEYS if context.get(k)), None)
        messages["contex_kind"] = event_code
        messages["contex_related"] = related if getattr(related, "pk", None) else None
        return messages

    def send_user_email_messages(self, user, messages, attachments=None):
        # an e-mail to a site user without an order or ticket in its context is about the user
        if not messages.get("contex_related"):
            messages = {**messages, "contex_related": user}
        return super().send_user_email_messages(user, messages, attachments)

    def send_email_messages(self, recipient_email, messages, from_email=None, attachments=None):
        message = queue_email(
            [recipient_email],
            messages["subject"],
            messages["body"],
            html=messages.get("html") or "",
            from_email=from_email or messages.get("contex_from_email") or settings.OSCAR_FROM_EMAIL,
            reply_to=messages.get("contex_reply_to") or (),
            attachments=attachments,
            kind=messages.get("contex_kind", ""),
            key=messages.get("contex_key", ""),
            related=messages.get("contex_related"),
        )
        self.logger.info("Queued email #%s to %s", message.pk, recipient_email)
        return as_email(message)


# --- delivering -------------------------------------------------------------------


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def attempted(self):
        return self.sent + self.retrying + self.failed

    def __add__(self, other):
        return DeliveryReport(
            self.sent + other.sent, self.retrying + other.retrying, self.failed + other.failed
        )


def retry_delay(attempts):
    """How long a message waits after its ``attempts``-th failed attempt."""
    base = contex_settings.CONTEX_OUTBOX_RETRY_BASE_SECONDS
    ceiling = contex_settings.CONTEX_OUTBOX_RETRY_MAX_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), ceiling))


def as_email(message, connection=None):
    """The ``EmailMultiAlternatives`` a row describes (always the same ``Message-ID``)."""
    email = EmailMultiAlternatives(
        message.subject,
        message.body,
        from_email=message.from_email,
        to=message.recipients,
        reply_to=message.reply_to or None,
        headers={"Message-ID": message.message_id},
        connection=connection,
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for row in message.attachments:
        email.attach(row["filename"], base64.b64decode(row["content"]), row["mimetype"])
    return email


def due_messages(now=None):
    return OutboxMessage.objects.filter(
        status=OutboxMessage.PENDING, next_attempt_at__lte=now or timezone.now()
    )


def _claim(queryset, limit, now):
    """Take up to ``limit`` messages of ``queryset`` for this worker (one more attempt each);
    rows another worker holds are skipped, never waited for."""
    with transaction.atomic():
        messages = list(
            queryset.select_for_update(skip_locked=True).order_by("next_attempt_at", "pk")[:limit]
        )
        lease = now + timedelta(seconds=contex_settings.CONTEX_OUTBOX_CLAIM_SECONDS)
        OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).update(
            attempts=F("attempts") + 1, next_attempt_at=lease
        )
    for message in messages:
        message.attempts += 1
    return messages


def _record_failure(message, error, now, composed=()):
    final = message.attempts >= contex_settings.CONTEX_OUTBOX_MAX_ATTEMPTS
    message.status = OutboxMessage.FAILED if final else OutboxMessage.PENDING
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    message.next_attempt_at = now + retry_delay(message.attempts)
    message.save(update_fields=["status", "last_error", "next_attempt_at", *composed])
    logger.warning(
        "%s #%s (%s) not delivered, attempt %s: %s",
        message.get_channel_display(),
        message.pk,
        message.kind,
        message.attempts,
        message.last_error,
    )
    return final


def signature(secret, timestamp, body):
    """The hex HMAC-SHA256 of ``"<timestamp>.<body>"`` with ``secret`` (the ``v1`` value)."""
    signed = f"{timestamp}.".encode() + body.encode()
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 3xx is the answer: not accepted


_webhook_opener = urllib.request.build_opener(_NoRedirects)


class _WebhookRefused(Exception):
    """The endpoint answered, but not with a 2xx."""

    def __init__(self, code):
        self.code = code
        super().__init__(f"HTTP {code}")


def post_webhook(message):
    """One signed POST of ``message`` to its endpoint; returns the HTTP status of a 2xx
    answer, raises ``_WebhookRefused`` for any other answer (and ``OSError`` when none)."""
    endpoint = message.endpoint
    timestamp = int(time.time())
    request = urllib.request.Request(
        endpoint.url,
        data=message.body.encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "contex-oscar-webhooks",
            "X-Contex-Event": message.kind,
            "X-Contex-Event-Id": message.message_id,
            "X-Contex-Attempt": str(message.attempts),
            "X-Contex-Signature": (
                f"t={timestamp},v1={signature(endpoint.secret, timestamp, message.body)}"
            ),
        },
    )
    timeout = contex_settings.CONTEX_WEBHOOK_TIMEOUT_SECONDS
    try:
        with _webhook_opener.open(request, timeout=timeout) as response:
            code = response.status
    except urllib.error.HTTPError as error:
        error.close()
        raise _WebhookRefused(error.code) from None
    if not 200 <= code < 300:
        raise _WebhookRefused(code)
    return code


def _send_webhook(message):
    """``post_webhook`` with the attempt written to the delivery log; raises as it does."""
    started = time.monotonic()
    attempt = DeliveryAttempt(message=message, attempted_at=timezone.now())
    try:
        attempt.response_code = post_webhook(message)
        attempt.succeeded = True
    except Exception as error:
        attempt.response_code = getattr(error, "code", None)
        attempt.error = f"{type(error).__name__}: {error}"[:2000]
        raise
    finally:
        attempt.duration_ms = int((time.monotonic() - started) * 1000)
        attempt.save()


class _MailConnection:
    """The mail backend's connection, opened for the first e-mail of a pass only."""

    def __init__(self):
        self.connection = None

    def send(self, message):
        if self.connection is None:
            self.connection = get_connection()
        if self.connection.send_messages([as_email(message, self.connection)]) != 1:
            raise RuntimeError("the mail backend accepted no message")

    def close(self):
        if self.connection is None:
            return
        try:
            self.connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection
            logger.warning("Closing the mail connection failed", exc_info=True)


def deliver(queryset=None, limit=None, now=None):
    """Send the due messages of ``queryset`` (default: every due one), at most ``limit``.

    Never raises for a mail server's or an endpoint's failure: each is recorded on its
    message.
    """
    now = now or timezone.now()
    queryset = (
        due_messages(now)
        if queryset is None
        else queryset.filter(status=OutboxMessage.PENDING, next_attempt_at__lte=now)
    )
    limit = limit or contex_settings.CONTEX_OUTBOX_BATCH_SIZE
    messages = _claim(queryset, limit, now)
    report = DeliveryReport()
    if not messages:
        return report
    mail = _MailConnection()
    try:
        for message in messages:
            composed = ()
            try:
                if message.channel == OutboxMessage.WEBHOOK:
                    _send_webhook(message)
                else:
                    if message.compose:
                        composed = _compose(message)
                    mail.send(message)
            except Exception as error:  # noqa: BLE001 - any failure: retried later
                if _record_failure(message, error, now, composed):
                    report.failed += 1
                else:
                    report.retrying += 1
                continue
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=OutboxMessage.SENT,
                sent_at=timezone.now(),
                last_error="",
                **{name: getattr(message, name) for name in composed},
            )
            report.sent += 1
    finally:
        mail.close()
    return report


def drain(batch_size=None):
    """Passes of ``deliver`` until one finds less than a batch due (the schedule's outbox
    job: retries whose backoff ran out, messages whose first attempt never ran)."""
    batch_size = batch_size or contex_settings.CONTEX_OUTBOX_BATCH_SIZE
    total = DeliveryReport()
    while True:
        report = deliver(limit=batch_size)
        total += report
        if report.attempted < batch_size:
            return total


@task()
def deliver_message(message_id):
    """django-tasks task: one delivery attempt of one message (if it is still due)."""
    return deliver(OutboxMessage.objects.filter(pk=message_id)).sent


@task()
def deliver_messages(message_ids):
    """django-tasks task: one delivery attempt of each of a batch's messages still due."""
    sent = 0
    batch_size = contex_settings.CONTEX_OUTBOX_BATCH_SIZE
    for start in range(0, len(message_ids), batch_size):
        chunk = message_ids[start : start + batch_size]
        sent += deliver(OutboxMessage.objects.filter(pk__in=chunk), limit=len(chunk)).sent
    return sent


def ask_for_delivery(*message_ids):
    """Ask the task backend for an attempt at ``message_ids``, never before the commit
    (one task for one message, one for a batch).

    A backend that keeps its tasks in the database (django-tasks-db, the worker's) gets the
    task in the caller's transaction: committed with the message, or undone with it, at no
    extra transaction. One that runs a task at once (``ImmediateBackend``) is asked after
    the commit (``deliver_after_commit``).
    """
    if not contex_settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT or not message_ids:
        return
    if isinstance(deliver_message.get_backend(), ImmediateBackend):
        transaction.on_commit(lambda: deliver_after_commit(*message_ids))
    else:
        _enqueue(message_ids)


def _enqueue(message_ids):
    if len(message_ids) == 1:
        deliver_message.enqueue(message_ids[0])
    else:
        deliver_messages.enqueue(list(message_ids))


def deliver_after_commit(*message_ids):
    """The on-commit hook: ask for an immediate attempt; whatever fails stays in the outbox
    for the worker, and the request that wrote the message is never failed by it."""
    if not contex_settings.CONTEX_OUTBOX_DELIVER_ON_COMMIT:
        return
    try:
        _enqueue(message_ids)
    except Exception:  # noqa: BLE001 - the worker sends it later
        logger.exception("E-mails %s: immediate delivery attempt failed", list(message_ids))


# --- staff ------------------------------------------------------------------------


def resend(message):
    """Staff's resend: the message gets a fresh round of attempts now (an e-mail pending or
    failed; a webhook also once delivered, the replay: same event id, signed anew)."""
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    ask_for_delivery(message.pk)


def backlog(channel=None):
    """``{"pending": n, "failed": m}``: what the outbox still holds (dashboard, health),
    of one ``channel`` or of all."""
    messages = OutboxMessage.objects.all() if channel is None else channel_messages(channel)
    counts = dict(
        messages.exclude(status=OutboxMessage.SENT)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        status: counts.get(status, 0) for status in (OutboxMessage.PENDING, OutboxMessage.FAILED)
    }


def channel_messages(channel):
    return OutboxMessage.objects.filter(channel=channel)


def oldest_pending():
    """When the longest-waiting pending message was written (``None``: nothing pending)."""
    return (
        OutboxMessage.objects.filter(status=OutboxMessage.PENDING)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
