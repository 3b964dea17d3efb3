from contex_oscar.order.services import status_change_context


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
