"""Crafted input answered with a 4xx JSON error before any view sees it.

- A NUL byte (``%00``) anywhere in the path or in a query parameter's name or value:
  PostgreSQL refuses NUL in text, so an order number, a site id or a page path holding
  one ended in a 500. No address of the store needs one: 400 ``invalid_characters``.
- A JSON body nested deeper than ``MAX_JSON_DEPTH``: Python's parser raises
  ``RecursionError`` (a 500) on 100,000 levels. No body of the API comes near the
  limit: 400 ``parse_error``, as DRF answers a body it cannot parse. Bodies are measured
  without parsing; one with fewer brackets than the limit is not even scanned.

Add ``"contex_oscar.api.middleware.CraftedInputMiddleware"`` to ``MIDDLEWARE`` after
Django's ``LocaleMiddleware`` (the messages are translated).

``ContentSecurityPolicyMiddleware`` gives every HTML page (the dashboard, Wagtail's admin,
the API docs, the shop) the ``CONTEX_CONTENT_SECURITY_POLICY`` header and every other
answer (JSON, private files: proofs, attachments) ``CONTEX_CONTENT_SECURITY_POLICY_OTHER``,
unless the response already has one. An empty setting sends none.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from contex_oscar.api.exceptions import error_body
from contex_oscar.conf import contex_settings

MAX_JSON_DEPTH = 64
NUL = "\x00"


def has_nul(request):
    if NUL in request.path:
        return True
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()
    )


def json_depth_exceeds(body, limit=MAX_JSON_DEPTH):
    """True when ``body`` (bytes of JSON) opens more than ``limit`` arrays or objects
    inside one another (brackets inside strings do not count)."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth, in_string, escaped = 0, False, False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return False


def is_json(request):
    content_type = request.content_type or ""
    return content_type == "application/json" or content_type.endswith("+json")


class CraftedInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            body = error_body(
                "invalid_characters", _("The address holds characters it may not hold.")
            )
            return JsonResponse(body, status=400)
        if is_json(request) and json_depth_exceeds(request.body):
            body = error_body("parse_error", _("The JSON body is nested too deeply."))
            return JsonResponse(body, status=400)
        return self.get_response(request)


CSP_HEADER = "Content-Security-Policy"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if CSP_HEADER in response:
            return response
        is_html = response.get("Content-Type", "").startswith("text/html")
        policy = (
            contex_settings.CONTEX_CONTENT_SECURITY_POLICY
            if is_html
            else contex_settings.CONTEX_CONTENT_SECURITY_POLICY_OTHER
        )
        if policy:
            response[CSP_HEADER] = policy
        return response
