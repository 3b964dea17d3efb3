"""The CMS entry of Oscar's dashboard: a named route the dashboard menu can point at.

Oscar's menu needs a URL name; Wagtail's admin lives elsewhere (``/cms/`` in the
sandbox), so this route only redirects there for staff.
"""

from django.contrib.auth.decorators import user_passes_test
from django.urls import path
from django.views.generic import RedirectView

from contex_oscar.staff_permissions import is_staff

urlpatterns = [
    path(
        "",
        # others to ``settings.LOGIN_URL``; Wagtail's admin checks its own permission
        user_passes_test(is_staff)(RedirectView.as_view(pattern_name="wagtailadmin_home")),
        name="cms",
    ),
]
