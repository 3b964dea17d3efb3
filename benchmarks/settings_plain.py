"""The sandbox store with oscarapi as it ships: the baseline of ``api_benchmark.py``.

Same apps, data and database as the sandbox, minus our API layer: no oscarapi
overrides, DRF's own session authentication, and Oscar's own classes (Oscar's class
loader instead of the store's, so Oscar's default shipping repository).
"""

from sandbox.settings import *  # noqa: F403
from sandbox.settings import REST_FRAMEWORK

OSCAR_DYNAMIC_CLASS_LOADER = "oscar.core.loading.default_class_loader"
OSCARAPI_OVERRIDE_MODULES = []
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
}
