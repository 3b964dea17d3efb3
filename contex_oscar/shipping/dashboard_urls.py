"""Mounted by contex_oscar.dashboard.urls under ``shipping/`` (namespace ``contex-dashboard``).

Every page is for active staff allowed its staff action (``dashboard.views.StaffOnlyMixin``).
"""

from django.urls import path

from contex_oscar.shipping import dashboard_views as views

urlpatterns = [
    path("zones/", views.ZoneListView.as_view(), name="shipping-zone-list"),
    path("zones/create/", views.ZoneCreateView.as_view(), name="shipping-zone-create"),
    path("zones/<int:pk>/", views.ZoneUpdateView.as_view(), name="shipping-zone-update"),
    path("zones/<int:pk>/delete/", views.ZoneDeleteView.as_view(), name="shipping-zone-delete"),
    path("quotes/", views.QuoteListView.as_view(), name="shipping-quote-list"),
    path("quotes/<str:number>/", views.QuoteSetView.as_view(), name="shipping-quote-set"),
]
