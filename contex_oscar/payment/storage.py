"""Where payment proofs live: a private storage named by a ``STORAGES`` alias.

A site points the alias (``CONTEX_PROOF_STORAGE``, default ``"contex_private"``)
at a directory outside ``MEDIA_ROOT`` or at a private object-storage bucket, so
several app servers share the files. Proofs are never given a public URL: the
API and the dashboard stream them after checking who asks.
"""

import secrets

from django.utils import timezone

from contex_oscar.private_storage import PrivateStorage, private_file_response
from contex_oscar.uploads import EXTENSIONS


class PrivateProofStorage(PrivateStorage):
    setting = "CONTEX_PROOF_STORAGE"
    what = "Payment proofs"


def proof_storage():
    return PrivateProofStorage()


def random_proof_name(content_type):
    """``payment-proofs/2026/11/<random>.<ext>``: the shopper's file name is never used."""
    now = timezone.now()
    ext = EXTENSIONS.get(content_type, "bin")
    return f"payment-proofs/{now:%Y/%m}/{secrets.token_urlsafe(24)}.{ext}"


def proof_response(confirmation):
    """A proof as a download, for the owner, a guest with the e-mail, or staff."""
    ext = EXTENSIONS.get(confirmation.proof_content_type, "bin")
    return private_file_response(
        confirmation.proof,
        confirmation.proof_content_type,
        f"proof-{confirmation.order.number}-{confirmation.pk}.{ext}",
    )
