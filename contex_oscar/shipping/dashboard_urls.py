"""Mounted by contex_oscar.dashboard.urls under ``shipping/`` (namespace ``contex-dashboard``).

Every page is for active staff only, like Oscar's own dashboard.
"""

from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path

from contex_oscar.shipping import dashboard_views as views


def staff(view_class):
    return staff_member_required(view_class.as_view(), login_url="/accounts/login/")


urlpatterns = [
    path("zones/", staff(views.ZoneListView), name="shipping-zone-list"),
    path("zones/create/", staff(views.ZoneCreateView), name="shipping-zone-create"),
    path("zones/<int:pk>/", staff(views.ZoneUpdateView), name="shipping-zone-update"),
    path("zones/<int:pk>/delete/", staff(views.ZoneDeleteView), name="shipping-zone-delete"),
    path("quotes/", staff(views.QuoteListView), name="shipping-quote-list"),
    path("quotes/<str:number>/", staff(views.QuoteSetView), name="shipping-quote-set"),
]
