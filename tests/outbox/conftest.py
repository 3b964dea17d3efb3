import pytest
from django.core.management import call_command

from tests.payment import conftest as payment
from tests.service_center import conftest as service_center

# the checkout's and the service desk's fixtures, for the request paths
product = payment.product  # zones and bank_accounts come from tests/conftest.py
store = service_center.store

DISCONNECTING = "tests.outbox.backends.DisconnectingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = DISCONNECTING
    return settings


def deliver_outbox(settings, *args):
    """``manage.py deliver_outbox --once`` with the mail server back (locmem)."""
    settings.EMAIL_BACKEND = LOCMEM
    call_command("deliver_outbox", "--once", *args)
