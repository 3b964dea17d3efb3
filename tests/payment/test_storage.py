"""The private proof storage and its system check."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile

from contex_oscar.payment.checks import proof_storage_is_configured
from contex_oscar.payment.storage import proof_storage, random_proof_name


def test_proofs_have_no_public_url_and_random_names(private_storage):
    storage = proof_storage()
    name = storage.save(random_proof_name("application/pdf"), ContentFile(b"%PDF-1.4"))
    assert name.endswith(".pdf") and storage.exists(name)
    assert storage.url(name) is None
    assert (private_storage / name).read_bytes() == b"%PDF-1.4"
    assert random_proof_name("image/png") != random_proof_name("image/png")


def test_a_missing_storage_is_a_clear_error(settings):
    settings.CONTEX_PROOF_STORAGE = "tidak-ada"
    errors = proof_storage_is_configured(None)
    assert [error.id for error in errors] == ["contex_payment.E001"]
    with pytest.raises(ImproperlyConfigured):
        proof_storage().exists("x")


def test_the_sandbox_storage_passes_the_check():
    assert proof_storage_is_configured(None) == []
