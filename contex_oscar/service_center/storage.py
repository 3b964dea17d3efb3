"""Private storage for ticket attachments (warranty cards, invoices, photos).

Files go to the ``STORAGES`` entry named by ``CONTEX_SERVICE_ATTACHMENT_STORAGE``
(default ``"contex_private"``, the same private storage as payment proofs): a
directory outside ``MEDIA_ROOT`` or a private bucket. They never get a public
URL; the API (signed, expiring links handed to people allowed to read the
ticket) and the staff desk stream them after checking who asks.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import InvalidStorageError, Storage, storages
from django.utils.deconstruct import deconstructible

from contex_oscar.conf import contex_settings


def backend():
    alias = contex_settings.CONTEX_SERVICE_ATTACHMENT_STORAGE
    try:
        return storages[alias]
    except InvalidStorageError:
        raise ImproperlyConfigured(
            f"Service-center attachments need a private storage: add STORAGES[{alias!r}] "
            "(e.g. a FileSystemStorage outside MEDIA_ROOT) or set "
            "CONTEX_SERVICE_ATTACHMENT_STORAGE."
        )


@deconstructible(path="contex_oscar.service_center.storage.PrivateAttachmentStorage")
class PrivateAttachmentStorage(Storage):
    """Looks the alias up on every call, so a changed ``STORAGES`` (tests, reloads) applies."""

    def _open(self, name, mode="rb"):
        return backend().open(name, mode)

    def _save(self, name, content):
        return backend().save(name, content)

    def get_available_name(self, name, max_length=None):
        return backend().get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return backend().generate_filename(filename)

    def delete(self, name):
        return backend().delete(name)

    def exists(self, name):
        return backend().exists(name)

    def size(self, name):
        return backend().size(name)

    def listdir(self, path):
        return backend().listdir(path)

    def path(self, name):
        return backend().path(name)

    def url(self, name):
        return None  # never public: streamed by access-checked views


attachment_storage = PrivateAttachmentStorage()
