"""contex-oscar: turns a django-oscar site into the Contex Indonesia Store."""

__version__ = "0.1.0"

# Apps a host site adds to INSTALLED_APPS, after Oscar's and oscarapi's.
CONTEX_APPS = [
    "contex_oscar",
    "contex_oscar.order",
    "contex_oscar.accounts",
    "contex_oscar.payment",
    "contex_oscar.cms",
    "contex_oscar.shipping",
    "contex_oscar.service_center",
    "contex_oscar.api",
]
