"""Where payment proofs live: a private storage named by a ``STORAGES`` alias.

A site points the alias (``CONTEX_PROOF_STORAGE``, default ``"contex_private"``)
at a directory outside ``MEDIA_ROOT`` or at a private object-storage bucket, so
several app servers share the files. Proofs are never given a public URL: the
API and the dashboard stream them after checking who asks.
"""

import secrets

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import InvalidStorageError, Storage, storages
from django.utils import timezone

from contex_oscar.conf import contex_settings

EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
}


def backend():
    alias = contex_settings.CONTEX_PROOF_STORAGE
    try:
        return storages[alias]
    except InvalidStorageError:
        raise ImproperlyConfigured(
            f"Payment proofs need a private storage: add STORAGES[{alias!r}] "
            "(e.g. a FileSystemStorage outside MEDIA_ROOT) or set CONTEX_PROOF_STORAGE."
        )


class PrivateProofStorage(Storage):
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
        # No public URL on purpose: proofs are streamed by permission-checking views.
        return None


def proof_storage():
    return PrivateProofStorage()


def random_proof_name(content_type):
    """``payment-proofs/2026/11/<random>.<ext>``: the shopper's file name is never used."""
    now = timezone.now()
    ext = EXTENSIONS.get(content_type, "bin")
    return f"payment-proofs/{now:%Y/%m}/{secrets.token_urlsafe(24)}.{ext}"
