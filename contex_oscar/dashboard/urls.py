from django.urls import include, path  # noqa: F401  (apps add ``include`` routes below)

app_name = "contex-dashboard"

# Each app appends: path("<area>/", include("contex_oscar.<app>.dashboard_urls")),
urlpatterns = [
    path("cms/", include("contex_oscar.cms.dashboard_urls")),
    path("shipping/", include("contex_oscar.shipping.dashboard_urls")),
    path("orders/", include("contex_oscar.order.dashboard_urls")),
    path("service-center/", include("contex_oscar.service_center.dashboard_urls")),
    path("payment/", include("contex_oscar.payment.dashboard_urls")),
    path("outbox/", include("contex_oscar.dashboard.outbox_urls")),
    path("webhooks/", include("contex_oscar.dashboard.webhook_urls")),
]
