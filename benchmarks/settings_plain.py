"""The sandbox store with oscarapi as it ships: the baseline of ``api_benchmark.py``.

Same apps, data and database as the sandbox, minus our API layer: no oscarapi
overrides, DRF's own session authentication, and Oscar's default shipping
repository (a forked ``shipping`` app is swapped back for Oscar's).
"""

from django.apps.config import AppConfig

from sandbox.settings import *  # noqa: F403
from sandbox.settings import INSTALLED_APPS, REST_FRAMEWORK

OSCAR_SHIPPING_APP = "oscar.apps.shipping.apps.ShippingConfig"


def _is_forked_shipping(entry):
    if entry == OSCAR_SHIPPING_APP:
        return False
    try:
        return AppConfig.create(entry).label == "shipping"
    except Exception:  # an app that cannot be inspected this early is not a shipping fork
        return False


INSTALLED_APPS = [
    OSCAR_SHIPPING_APP if _is_forked_shipping(entry) else entry for entry in INSTALLED_APPS
]
OSCARAPI_OVERRIDE_MODULES = []
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
}
