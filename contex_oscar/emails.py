"""Shopper e-mails through Oscar's ``CommunicationEventType`` (editable in the dashboard).

Templates come from the event type's fields when staff filled them, else from
``templates/oscar/communication/emails/commtype_<code>_{subject,body}.txt``.
The context always carries ``store`` (the CMS's store settings: name, phone,
support e-mail, addresses, office hours), and an e-mail about an ``order`` to the
order's address carries ``tracking_url``, the signed tracking link
(``contex_oscar.order.access.email_links``). The e-mail is written into the
outbox (``contex_oscar.outbox``) in the caller's transaction, at most once per
``key``, and leaves only after that transaction commits. A job's batch
(``queue_store_emails``) writes its e-mails at once; the worker composes each from the
arguments kept with it (``composed_by_the_worker``) before sending it.
"""

from django.db import IntegrityError, transaction

from contex_oscar import outbox
from contex_oscar.models import SentEmail
from contex_oscar.order.access import email_links
from contex_oscar.outbox import EmailToCompose, OutboxDispatcher
from contex_oscar.store_values import store_email_context


def email_context(context, recipient):
    """``context`` with what every store e-mail adds (the dashboard's preview uses it too)."""
    # every e-mail can sign off with the contact values editors keep in the CMS
    if "store" not in context:  # (callers may have merged them already)
        context = {**store_email_context(), **context}
    # every order e-mail links to the order's tracking page (the shopper's way in)
    return {**email_links(context, recipient), **context}


def send_store_email(event_code, recipient, context, key=None, sender=(None, ())):
    """Queue e-mail ``event_code`` to ``recipient`` in the outbox (sent after the commit).

    ``sender`` is ``(From, Reply-To list)`` (e.g. ``store_values.support_sender()``); by
    default Oscar's ``OSCAR_FROM_EMAIL`` and no Reply-To.

    Returns False when ``key`` was already used (nothing is sent again) or
    there is no recipient.
    """
    if not recipient:
        return False
    dispatcher = OutboxDispatcher()
    messages = dispatcher.get_messages(event_code, email_context(context, recipient))
    messages["contex_key"] = key or ""
    messages["contex_from_email"], messages["contex_reply_to"] = sender
    if key:
        try:
            with transaction.atomic():
                SentEmail.objects.create(
                    key=key[:200],
                    event_code=event_code,
                    recipient=recipient,
                    subject=messages["subject"][:255],
                )
        except IntegrityError:
            return False
    dispatcher.dispatch_direct_messages(recipient, messages)
    return True


def composed_by_the_worker(event_code, build_context):
    """Register how the worker composes e-mail ``event_code`` written by
    ``queue_store_emails``: ``build_context(**arguments)`` is its context, read when the
    e-mail is composed (the same templates and additions as ``send_store_email``)."""

    @outbox.composer(event_code)
    def compose(arguments, recipient):
        context = email_context(build_context(**arguments), recipient)
        return OutboxDispatcher().get_messages(event_code, context)

    return compose


def queue_store_emails(event_code, emails):
    """Queue a batch of e-mail ``event_code`` (``(recipient, key, arguments, related)``
    each, ``arguments`` JSON-ready for its ``composed_by_the_worker`` context) at once: at
    most once per key, as ``send_store_email``. Returns the keys queued."""
    wanted, seen = [], set()
    for recipient, key, arguments, related in emails:
        key = key[:200]
        if recipient and key not in seen:
            seen.add(key)
            wanted.append(EmailToCompose(recipient, event_code, arguments, key, related))
    used = set(
        SentEmail.objects.filter(key__in=[email.key for email in wanted]).values_list(
            "key", flat=True
        )
    )
    fresh = [email for email in wanted if email.key not in used]
    SentEmail.objects.bulk_create(
        [SentEmail(key=e.key, event_code=event_code, recipient=e.recipient) for e in fresh]
    )
    outbox.queue_emails_to_compose(fresh)
    return [email.key for email in fresh]
