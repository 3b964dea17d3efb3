"""Staff pages of the store inside Oscar's dashboard.

Each app keeps its own dashboard views and URL module; ``urls`` gathers them
under one namespace (``contex-dashboard``) that a site mounts before Oscar:
``path("dashboard/store/", include("contex_oscar.dashboard.urls"))``.
"""
