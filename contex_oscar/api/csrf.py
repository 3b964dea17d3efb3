"""CSRF protection for the API's guests, and the token a headless front end sends.

DRF's ``SessionAuthentication`` checks CSRF only for a logged-in user; a guest's
session cookie (which holds the guest's basket) is not checked at all, so another
site could make a visitor's browser check out, upload a proof or log in to an
account of the attacker's. ``SessionAuthentication`` below checks CSRF for every
request that can change something (POST, PUT, PATCH, DELETE), guest or not, exactly
as Django's ``CsrfViewMiddleware`` would, which also means:

- Django's test client (``enforce_csrf_checks=False``, the default) is let through;
- a session carried by oscarapi's ``Session-Id`` header is not checked (a browser
  never sends that header on its own, and ``HeaderSessionMiddleware`` marks it);
- views without session authentication (``authentication_classes = ()``) read no
  session and are not checked.

A front end gets the token from ``GET /api/csrf/`` (``contex_oscar.api.csrf_views``;
it also sets the ``csrftoken`` cookie) and sends it back in the ``X-CSRFToken``
header with the cookies.
"""

from django.utils.translation import gettext_lazy as _

# Only these DRF modules: DRF imports this class while ``rest_framework.views`` loads.
from rest_framework import authentication, exceptions
from rest_framework.permissions import SAFE_METHODS


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, with the CSRF check extended to guests."""

    def authenticate(self, request):
        user_and_auth = super().authenticate(request)  # checks CSRF for a logged-in user
        if user_and_auth is None and request.method not in SAFE_METHODS:
            self.enforce_csrf(request)
        return user_and_auth

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as refused:
            raise exceptions.PermissionDenied(
                _("The request did not carry a valid CSRF token. %(reason)s")
                % {"reason": refused.detail},
                code="csrf_failed",
            )
