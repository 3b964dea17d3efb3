from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

# a server error under /api/ answers the store's JSON 500 (Django has logged it first)
handler500 = "contex_oscar.api.exceptions.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("api/", include("contex_oscar.api.urls")),
    path("dashboard/store/", include("contex_oscar.dashboard.urls")),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # the load balancer's probes (live/, ready/) and monitoring's full report
    path("health/", include("contex_oscar.health")),
    # "/" is the store's Wagtail home page (OSCAR_HOMEPAGE, the dashboard's "Return to
    # site"): it comes before Oscar's "" route, which would redirect "/" to itself.
    path("", wagtail_views.serve, {"path": ""}, name="store-home"),
    # Oscar's shop (catalogue/, basket/, checkout/, accounts/, dashboard/, ...)
    path("", include(apps.get_app_config("oscar").urls[0])),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves whatever is left: always last.
urlpatterns += [path("", include(wagtail_urls))]
