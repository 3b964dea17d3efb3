# the service center's store settings (warranty checks and claims need them)
from tests.service_center.conftest import store  # noqa: F401
