"""The store's API: our endpoints first, then oscarapi's, all under one prefix.

A site mounts it once: ``path("api/", include("contex_oscar.api.urls"))``.
Apps add their own routes to ``contex_urlpatterns`` below. The last route answers
any other address under the prefix with the store's JSON 404.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from contex_oscar.api.csrf_views import CsrfTokenView
from contex_oscar.api.exceptions import ENDPOINT_NOT_FOUND, endpoint_not_found

contex_urlpatterns = []
# Wagtail API v2 (pages, images, documents), snippets and site settings: /api/cms/v2/...
contex_urlpatterns.append(path("cms/v2/", include("contex_oscar.cms.api.urls")))
# Payments: payment methods at checkout, bank accounts, confirmations with proofs.
contex_urlpatterns.append(path("", include("contex_oscar.payment.api.urls")))
# Shopper accounts (register, verify e-mail, resend, password reset) and order tracking.
contex_urlpatterns.append(path("accounts/", include("contex_oscar.accounts.api.urls")))
contex_urlpatterns.append(path("orders/", include("contex_oscar.order.api.urls")))
# Service center: warranty check, tickets, tracking, visits, quotes, attachments.
contex_urlpatterns.append(path("service-center/", include("contex_oscar.service_center.api.urls")))
# Staff work (payments, shipping, service desk) with the dashboard's permissions.
contex_urlpatterns.append(path("staff/", include("contex_oscar.api.staff.urls")))
# CSRF token for front ends (guests' state-changing requests are CSRF-checked).
contex_urlpatterns.append(path("csrf/", CsrfTokenView.as_view(), name="contex-csrf"))

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="contex-api-schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="contex-api-schema"),
        name="contex-api-docs",
    ),
    *contex_urlpatterns,
    path("", include("oscarapi.urls")),
    # always last: an address no endpoint above serves
    re_path(r"^", endpoint_not_found, name=ENDPOINT_NOT_FOUND),
]
