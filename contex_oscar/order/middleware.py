from contex_oscar.order.services import status_change_context
from contex_oscar.order.statuses import IN_SHIPMENT


class StatusChangeActorMiddleware:
    """Record the signed-in user as the actor of status changes made during a request.

    Oscar's dashboard changes statuses through its own views; this lets the
    timeline say which staff member did it without forking Oscar's dashboard.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        with status_change_context(user=user):
            return self.get_response(request)


class ShipmentDetailsGuardMiddleware:
    """Oscar's own order pages cannot ship an order: shipping needs courier and tracking.

    Oscar's status form would move an order to ``in-shipment`` with neither; this
    sends that request to the store's lifecycle page, which asks for both.
    """

    ORDER_PAGES = {"dashboard:order-detail", "dashboard:order-list"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            # resolve first: only Oscar's order pages have their form body read here
            match = _resolve(request.path_info)
            if (
                match is not None
                and match.view_name in self.ORDER_PAGES
                and request.POST.get("new_status") == IN_SHIPMENT
            ):
                return self._to_lifecycle_page(request, match)
        return self.get_response(request)

    def _to_lifecycle_page(self, request, match):
        from django.contrib import messages
        from django.shortcuts import redirect
        from django.utils.translation import gettext as _

        messages.error(
            request,
            _("Ship orders on the store's order status page: it records courier and tracking."),
        )
        number = match.kwargs.get("number")
        if number:
            return redirect("contex-dashboard:order-lifecycle-detail", number)
        return redirect("contex-dashboard:order-lifecycle-list")


def _resolve(path):
    from django.urls import Resolver404, resolve

    try:
        return resolve(path)
    except Resolver404:
        return None
