from django.conf import settings
from django.core.checks import Error, register

from contex_oscar.conf import contex_settings


@register()
def proof_storage_is_configured(app_configs, **kwargs):
    alias = contex_settings.CONTEX_PROOF_STORAGE
    if alias in getattr(settings, "STORAGES", {}):
        return []
    return [
        Error(
            f"STORAGES has no {alias!r} entry for payment proofs.",
            hint=(
                f"Add a private storage, e.g. STORAGES[{alias!r}] = {{'BACKEND': "
                "'django.core.files.storage.FileSystemStorage', 'OPTIONS': "
                "{'location': '/srv/store/private'}} (outside MEDIA_ROOT), or set "
                "CONTEX_PROOF_STORAGE to an existing alias."
            ),
            id="contex_payment.E001",
        )
    ]
