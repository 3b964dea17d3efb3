"""contex-oscar: turns a django-oscar site into the Contex Indonesia Store."""

__version__ = "0.1.0"

# The root app goes first in INSTALLED_APPS: Django lets the first app's catalogue win, and
# the store's holds the Indonesian of Oscar's, oscarapi's and DRF's messages that shoppers
# read (their own is missing or wrong). It has no template or command that shadows theirs.
CONTEX_FIRST_APPS = ["contex_oscar"]

# The store's other apps, after Oscar's and oscarapi's.
CONTEX_APPS = [
    "contex_oscar.order",
    "contex_oscar.accounts",
    "contex_oscar.payment",
    "contex_oscar.cms",
    "contex_oscar.shipping",
    "contex_oscar.service_center",
    "contex_oscar.api",
]
