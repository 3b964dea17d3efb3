"""Headless preview of drafts: signed links to one page revision.

An editor's draft lives in a Wagtail revision, not in the page row the public API
reads. ``preview_url(page)`` signs ``(page id, revision id)`` with the site's secret
key; whoever holds the link (the editor, the front end's preview route) may read
that revision through ``/api/cms/v2/pages/preview/?token=...`` until
``CONTEX_CMS_PREVIEW_MAX_AGE`` seconds have passed. Nothing is stored.
"""

from urllib.parse import quote

import swapper
from django.core import signing
from django.urls import reverse

from contex_oscar.conf import contex_settings

SALT = "contex_oscar.cms.preview"


class PreviewNotFound(Exception):
    """The token is genuine but its page or revision no longer exists."""


def preview_token(page, revision=None):
    revision = revision or page.revisions.order_by("-created_at", "-pk").first()
    return signing.dumps(
        {"page": page.pk, "revision": revision.pk if revision else None},
        salt=SALT,
        compress=True,
    )


def page_for_token(token):
    """The page as the token's revision has it. Raises ``signing.BadSignature``
    (``SignatureExpired`` after the max age) or ``PreviewNotFound``."""
    Page = swapper.load_model("wagtailcore", "Page")
    data = signing.loads(token, salt=SALT, max_age=contex_settings.CONTEX_CMS_PREVIEW_MAX_AGE)
    try:
        page = Page.objects.get(pk=data["page"]).specific
    except Page.DoesNotExist:
        raise PreviewNotFound
    if data.get("revision") is None:
        return page
    revision = page.revisions.filter(pk=data["revision"]).first()
    if revision is None:
        raise PreviewNotFound
    return revision.as_object()


def api_preview_url(token, request=None):
    url = reverse("contex-cms-api:pages:preview") + "?token=" + quote(token)
    return request.build_absolute_uri(url) if request is not None else url


def preview_url(page, request=None, revision=None):
    """Where a headless front end shows the page's latest draft.

    ``CONTEX_CMS_PREVIEW_URL`` (e.g. ``https://www.example.com/preview?token={token}``)
    when the site has a front end, else the API preview URL itself.
    """
    token = preview_token(page, revision)
    front_end = contex_settings.CONTEX_CMS_PREVIEW_URL
    if front_end:
        return front_end.format(token=quote(token))
    return api_preview_url(token, request)
