# every upload endpoint as a function posting a file (tests/core/test_uploads.py)
from tests.core.test_uploads import upload_endpoints  # noqa: F401

# the service center's store settings (warranty checks and claims need them)
from tests.service_center.conftest import store  # noqa: F401
