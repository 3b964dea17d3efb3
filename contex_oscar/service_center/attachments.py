"""Files on a ticket (warranty cards, invoices, photos) and their signed download links."""

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from contex_oscar.conf import contex_settings
from contex_oscar.service_center.exceptions import ServiceCenterError
from contex_oscar.service_center.models import (
    ServiceTicket,
    TicketAttachment,
    TicketEvent,
)


def store_attachment(ticket, kind, upload, content_type, user=None):
    attachment = TicketAttachment(
        ticket=ticket,
        kind=kind,
        content_type=content_type,
        original_name=(upload.name or "")[-120:],
        size=upload.size,
        uploaded_by=user if user is not None and user.is_authenticated else None,
    )
    upload.seek(0)
    attachment.file.save("upload", upload, save=False)
    try:
        attachment.save()
    except BaseException:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def add_attachment(ticket, kind, upload, content_type, user=None):
    """Keep a checked file on the ticket (``validate_upload`` gave ``content_type``).

    The ticket's row is locked while its files are counted, so concurrent uploads queue
    and the limit holds (``CONTEX_SERVICE_MAX_ATTACHMENTS``)."""
    with transaction.atomic():
        locked = ServiceTicket.objects.select_for_update().get(pk=ticket.pk)
        if locked.is_final:
            raise ServiceCenterError(
                "ticket_closed",
                _("The ticket is closed; files can no longer be added."),
                status=409,
            )
        if locked.attachments.count() >= contex_settings.CONTEX_SERVICE_MAX_ATTACHMENTS:
            raise ServiceCenterError(
                "too_many_attachments", _("This ticket already has the most files allowed."), "file"
            )
        attachment = store_attachment(locked, kind, upload, content_type, user)
        TicketEvent.objects.create(
            ticket=locked,
            kind=TicketEvent.ATTACHMENT,
            old_status=locked.status,
            new_status=locked.status,
            by=attachment.uploaded_by,
            shopper_note=str(attachment.kind_label),
        )
    return attachment


_ATTACHMENT_SALT = "contex.service_center.attachment"


def attachment_token(attachment):
    """A signed, expiring reference handed only to people allowed to read the ticket."""
    return signing.dumps([attachment.ticket_id, attachment.pk], salt=_ATTACHMENT_SALT)


def attachment_from_token(token):
    try:
        ticket_id, attachment_id = signing.loads(
            token,
            salt=_ATTACHMENT_SALT,
            max_age=contex_settings.CONTEX_SERVICE_ATTACHMENT_LINK_SECONDS,
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        TicketAttachment.objects.filter(pk=attachment_id, ticket_id=ticket_id)
        .select_related("ticket")
        .first()
    )
