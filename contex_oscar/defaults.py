"""Settings for a site running contex-oscar: ``from contex_oscar.defaults import *``.

Every package setting is named ``CONTEX_...`` and has its default here; read them
through ``contex_oscar.conf.contex_settings`` so a site's value wins. The
``OSCAR_*``/``OSCARAPI_*`` values wire the store's rules into the host frameworks.
"""

from django.utils.translation import gettext_lazy as _
from oscar.defaults import OSCAR_DASHBOARD_NAVIGATION as _OSCAR_NAVIGATION

from contex_oscar.dashboard.access import staff_access as _staff_access
from contex_oscar.order import statuses as _statuses

# --- the store's own settings (documented in README.md) -------------------------
#: Status of an order placed through the API before a payment method refines it.
CONTEX_INITIAL_ORDER_STATUS = _statuses.AWAITING_PAYMENT
#: Store time zone: deadlines, working days and e-mails are computed in it.
CONTEX_STORE_TIMEZONE = "Asia/Jakarta"
#: Country whose public holidays are not working days (``holidays`` package code).
CONTEX_HOLIDAY_COUNTRY = "ID"
#: Extra non-working dates (ISO strings), e.g. collective leave ("cuti bersama").
CONTEX_EXTRA_HOLIDAYS = ()
#: Largest file a shopper may upload (payment proofs, warranty cards, photos).
CONTEX_MAX_UPLOAD_BYTES = 5 * 1024 * 1024

# --- host framework wiring ----------------------------------------------------
OSCAR_DEFAULT_CURRENCY = "IDR"
OSCAR_ORDER_STATUS_PIPELINE = _statuses.ORDER_STATUS_PIPELINE
OSCAR_ORDER_STATUS_CASCADE = _statuses.ORDER_STATUS_CASCADE
OSCAR_LINE_STATUS_PIPELINE = _statuses.LINE_STATUS_PIPELINE
OSCAR_INITIAL_ORDER_STATUS = CONTEX_INITIAL_ORDER_STATUS
OSCAR_INITIAL_LINE_STATUS = CONTEX_INITIAL_ORDER_STATUS
OSCARAPI_INITIAL_ORDER_STATUS = CONTEX_INITIAL_ORDER_STATUS
OSCARAPI_OVERRIDE_MODULES = ["contex_oscar.api.oscarapi_overrides"]
OSCAR_ALLOW_ANON_CHECKOUT = True

# The store's staff pages, appended to Oscar's dashboard menu. Each app adds its
# entries to ``CONTEX_DASHBOARD_MENU`` (url names live in ``contex-dashboard``).
CONTEX_DASHBOARD_MENU = []
OSCAR_DASHBOARD_NAVIGATION = [
    *_OSCAR_NAVIGATION,
    {
        "label": _("Store"),
        "icon": "fas fa-store",
        "access_fn": _staff_access,
        "children": CONTEX_DASHBOARD_MENU,
    },
]
