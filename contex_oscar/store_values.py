"""The store's values (name, contacts, addresses, office hours, service fees) for the
store's rules, e-mails and API: the one interface to what editors keep in Wagtail's
*Settings → Store settings*. Nothing else reads the CMS setting directly.
"""

import contextlib
from email.utils import formataddr

from django.core.cache import cache
from wagtail.models import Site

from contex_oscar.cms.store_settings import StoreSettings
from contex_oscar.conf import contex_settings


def store_settings(request=None, site=None):
    """The settings of the request's site, else of the default Wagtail site.

    Without any Wagtail site (a bare test database) the field defaults are returned,
    unsaved, so callers never have to handle "no settings".
    """
    if request is not None:
        with contextlib.suppress(StoreSettings.DoesNotExist):  # no site matches the host
            return StoreSettings.for_request(request)
    if site is not None:
        return StoreSettings.for_site(site)
    seconds = contex_settings.CONTEX_STORE_SETTINGS_CACHE_SECONDS
    values = cache.get(STORE_SETTINGS_CACHE_KEY) if seconds else None
    if values is None:
        # e-mails sent in the background have no request: the default site's settings
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        if site is None:
            return StoreSettings()
        values = StoreSettings.for_site(site)
        if seconds:
            cache.set(STORE_SETTINGS_CACHE_KEY, values, seconds)
    return values


STORE_SETTINGS_CACHE_KEY = "contex:store-settings:default-site"


def forget_store_settings(**kwargs):
    """Receiver: settings or a site changed, the cached default settings are out of date."""
    cache.delete(STORE_SETTINGS_CACHE_KEY)


def support_sender(values=None):
    """``(From, Reply-To)`` of e-mails the support desk answers: the support e-mail editors
    keep in the store settings, under the store's name; ``(None, [])`` while it is empty."""
    values = values or store_settings()
    if not values.support_email:
        return None, []
    return formataddr((values.store_name, values.support_email)), [values.support_email]


def store_email_context(request=None, site=None):
    """The store's contact values for e-mail templates: ``{"store": {...}}``.

    Apps merge it into the context they pass to ``send_store_email`` so every
    e-mail signs off with the values editors keep in Settings -> Store settings::

        context = {**store_email_context(), "order": order}
        send_store_email("ORDER_PLACED", order.email, context)

    Templates then use ``{{ store.name }}``, ``{{ store.call_center_phone }}``,
    ``{{ store.support_email }}`` and the other keys below.
    """
    values = store_settings(request=request, site=site)
    return {
        "store": {
            "name": values.store_name,
            "call_center_phone": values.call_center_phone,
            "whatsapp_number": values.whatsapp_number,
            "support_email": values.support_email,
            "showroom_address": values.showroom_address,
            "service_center_address": values.service_center_address,
            "office_hours": values.office_hours,
            "office_opens_at": values.office_opens_at,
            "office_closes_at": values.office_closes_at,
            "after_hours_visit_surcharge": values.after_hours_visit_surcharge,
            "pickup_fee": values.pickup_fee,
            "company_name": values.company_name,
            "company_address": values.company_address,
            "company_npwp": values.company_npwp,
        }
    }
