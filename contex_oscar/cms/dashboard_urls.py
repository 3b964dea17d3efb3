"""The CMS entry of Oscar's dashboard: a named route the dashboard menu can point at.

Oscar's menu needs a URL name; Wagtail's admin lives elsewhere (``/cms/`` in the
sandbox), so this route only redirects there for staff.
"""

from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path
from django.views.generic import RedirectView

urlpatterns = [
    path(
        "",
        staff_member_required(
            RedirectView.as_view(pattern_name="wagtailadmin_home"), login_url="/accounts/login/"
        ),
        name="cms",
    ),
]
