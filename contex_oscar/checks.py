"""System checks for a store that cannot take orders (``manage.py check --deploy``).

They read the database, so they are deployment checks: ``check --deploy`` fails on them,
``contex_setup`` prints them, and ``runserver`` or ``migrate`` are never blocked (staff
need the dashboard to enter the first bank account). Before ``migrate`` they say nothing.
"""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.db import DatabaseError
from oscar.core.loading import get_model

from contex_oscar.conf import contex_settings
from contex_oscar.payment import methods
from contex_oscar.shipping.models import ShippingZone

Country = get_model("address", "Country")


@register("contex", deploy=True)
def store_can_take_orders(app_configs=None, **kwargs):
    return store_problems()


# Apps whose catalogues hold messages the store translates (contex_oscar/locale/inherited.po).
TRANSLATED_APPS = ("oscar", "oscarapi", "rest_framework")


@register("contex")
def store_translations_first(app_configs=None, **kwargs):
    """The store's catalogue wins only from before Oscar's, oscarapi's and DRF's apps."""
    return translations_first(settings.INSTALLED_APPS)


def translations_first(installed_apps):
    apps = [name.split(".")[0] for name in installed_apps]
    later = [name for name in TRANSLATED_APPS if name in apps[: apps.index("contex_oscar")]]
    if not later:
        return []
    return [
        Warning(
            f"contex_oscar comes after {', '.join(later)} in INSTALLED_APPS: shoppers read "
            "their messages in English or in wrong Indonesian.",
            hint="Put *CONTEX_FIRST_APPS at the start of INSTALLED_APPS.",
            id="contex.W001",
        )
    ]


def store_problems():
    """Every reason the store cannot take orders, as check messages (none before migrate)."""
    try:
        return _bank_transfer() + _countries() + _jabodetabek()
    except DatabaseError:  # tables not migrated yet
        return []


def _bank_transfer():
    bank_transfer = methods.get_method(methods.BANK_TRANSFER)
    if bank_transfer is None or bank_transfer.availability().available:
        return []
    return [
        Error(
            "Bank transfer is offered but there is no active bank account: shoppers cannot "
            "choose it.",
            hint="Add one at Dashboard → Store → Bank accounts, or leave "
            "contex_oscar.payment.methods.BankTransfer out of CONTEX_PAYMENT_METHODS.",
            id="contex.E001",
        )
    ]


def _countries():
    if Country.objects.filter(is_shipping_country=True).exists():
        return []
    return [
        Error(
            "No shipping country: no address can be entered at checkout.",
            hint="Run 'manage.py contex_setup' (adds Indonesia), or 'pip install pycountry' "
            "and 'manage.py oscar_populate_countries' for every country.",
            id="contex.E002",
        )
    ]


def _jabodetabek():
    slug = contex_settings.CONTEX_JABODETABEK_ZONE
    if ShippingZone.objects.filter(slug=slug).exists():
        return []
    return [
        Error(
            f"No shipping zone '{slug}' (CONTEX_JABODETABEK_ZONE): no free delivery, no COD.",
            hint="Run 'manage.py migrate' or 'manage.py contex_setup': both create it.",
            id="contex.E003",
        )
    ]
