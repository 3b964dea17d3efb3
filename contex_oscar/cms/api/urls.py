"""The help pages' API (Wagtail API v2) and the store settings, mounted at /api/cms/v2/."""

from django.urls import path

from contex_oscar.cms.api.views import StoreSettingsAPIView, api_router

app_name = api_router.url_namespace

urlpatterns = [
    path("settings/", StoreSettingsAPIView.as_view(), name="settings"),
    *api_router.get_urlpatterns(),
]
