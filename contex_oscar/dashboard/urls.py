from django.urls import include, path  # noqa: F401  (apps add ``include`` routes below)

app_name = "contex-dashboard"

# Each app appends: path("<area>/", include("contex_oscar.<app>.dashboard_urls")),
urlpatterns = []
