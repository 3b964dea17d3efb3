"""The terms and conditions a shopper accepts at checkout: refused without, recorded with.

The order creator (``order.creator``) is the one place: every path that places an order
(the API's ``accept_terms``, the tick on Oscar's HTML checkout, code) hands it
``terms_accepted``; without it nothing is placed (``terms_not_accepted``, 400). The order
keeps what was accepted (``OrderTermsAcceptance``): when, and which version, i.e. the
live help page with the topic "terms" (in the shopper's language when there is one) with
its id, live revision and publication time, or ``CONTEX_TERMS_VERSION`` when the site has
no such page.

Which terms pages are live is cached (every checkout asks; editors seldom publish): any
save, deletion, publication, unpublication or move of a page, and any change of a page's
view restrictions, drops it (``live_terms_pages.forget``, connected by the app).
"""

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from contex_oscar.caching import CachedRows
from contex_oscar.cms import topics
from contex_oscar.cms.models import InformationPage
from contex_oscar.conf import contex_settings
from contex_oscar.errors import StoreError
from contex_oscar.order.models import OrderTermsAcceptance


class TermsNotAccepted(StoreError):
    code = "terms_not_accepted"
    status = 400
    message = _("Accept the store's terms and conditions to place the order.")


def require_acceptance(accepted):
    """``TermsNotAccepted`` unless ``accepted`` is exactly True (nothing is written)."""
    if accepted is not True:
        raise TermsNotAccepted(errors={"accept_terms": [TermsNotAccepted.message]})


def _live_terms_pages():
    return (
        InformationPage.objects.live()
        .public()
        .filter(topic=topics.TERMS)
        .order_by("path")
        .values("pk", "live_revision_id", "last_published_at", "locale__language_code")
    )


#: The live, public terms pages in tree order (``.get()``), cached until a page changes.
live_terms_pages = CachedRows("contex:terms-pages", _live_terms_pages)


def current_terms():
    """``{"page_id", "revision_id", "version"}`` of the terms in force."""
    pages = live_terms_pages.get()
    if not pages:
        return {
            "page_id": None,
            "revision_id": None,
            "version": contex_settings.CONTEX_TERMS_VERSION,
        }
    language = (translation.get_language() or "").split("-")[0]
    page = next(
        (row for row in pages if row["locale__language_code"].split("-")[0] == language), pages[0]
    )
    published = page["last_published_at"]
    return {
        "page_id": page["pk"],
        "revision_id": page["live_revision_id"],
        "version": published.isoformat() if published else f"page {page['pk']}",
    }


def record_acceptance(order):
    """Keep the acceptance of the terms in force for ``order`` (just placed)."""
    kept = OrderTermsAcceptance.objects.create(
        order=order, accepted_at=timezone.now(), **current_terms()
    )
    order.contex_terms_acceptance = kept  # known: no query when the answer reads it
    return kept


def terms_acceptance_of(order):
    """The acceptance kept for ``order``, or None (orders placed before it was asked)."""
    try:
        return order.contex_terms_acceptance
    except OrderTermsAcceptance.DoesNotExist:
        return None
