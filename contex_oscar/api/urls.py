"""The store's API: our endpoints first, then oscarapi's, all under one prefix.

A site mounts it once: ``path("api/", include("contex_oscar.api.urls"))``.
Apps add their own routes to ``contex_urlpatterns`` below.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

contex_urlpatterns = []

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="contex-api-schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="contex-api-schema"),
        name="contex-api-docs",
    ),
    *contex_urlpatterns,
    path("", include("oscarapi.urls")),
]
