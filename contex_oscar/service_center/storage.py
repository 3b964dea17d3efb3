"""Private storage for ticket attachments (warranty cards, invoices, photos).

Files go to the ``STORAGES`` entry named by ``CONTEX_SERVICE_ATTACHMENT_STORAGE``
(default ``"contex_private"``, the same private storage as payment proofs): a
directory outside ``MEDIA_ROOT`` or a private bucket. They never get a public
URL; the API (signed, expiring links handed to people allowed to read the
ticket) and the staff desk stream them after checking who asks.
"""

from django.utils.deconstruct import deconstructible

from contex_oscar.private_storage import PrivateStorage, private_file_response
from contex_oscar.uploads import EXTENSIONS, PDF


@deconstructible(path="contex_oscar.service_center.storage.PrivateAttachmentStorage")
class PrivateAttachmentStorage(PrivateStorage):
    setting = "CONTEX_SERVICE_ATTACHMENT_STORAGE"
    what = "Service-center attachments"


attachment_storage = PrivateAttachmentStorage()


def attachment_response(attachment):
    """A ticket's file for someone allowed to read the ticket: images inline, PDFs as
    downloads."""
    extension = EXTENSIONS.get(attachment.content_type, "bin")
    return private_file_response(
        attachment.file,
        attachment.content_type,
        f"{attachment.ticket.number}-{attachment.kind}-{attachment.pk}.{extension}",
        inline=attachment.content_type != PDF,
    )
