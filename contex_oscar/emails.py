"""Shopper e-mails through Oscar's ``CommunicationEventType`` (editable in the dashboard).

Templates come from the event type's fields when staff filled them, else from
``templates/oscar/communication/emails/commtype_<code>_{subject,body}.txt``.
The context always carries ``store`` (the CMS's store settings: name, phone,
support e-mail, addresses, office hours), and an e-mail about an ``order`` to the
order's address carries ``tracking_url``, the signed tracking link
(``contex_oscar.order.access.email_links``). The e-mail is written into the
outbox (``contex_oscar.outbox``) in the caller's transaction, at most once per
``key``, and leaves only after that transaction commits.
"""

from django.db import IntegrityError, transaction

from contex_oscar.models import SentEmail
from contex_oscar.order.access import email_links
from contex_oscar.outbox import OutboxDispatcher
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
