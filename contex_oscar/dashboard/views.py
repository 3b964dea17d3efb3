"""Every page of the store's dashboard names its staff action (``staff_permissions.ACTIONS``):
active staff with that action's permission may open it; other staff get 403, anyone else
the login page (``settings.LOGIN_URL``)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from contex_oscar.staff_permissions import is_staff, may


def staff_view(view, action):
    """``view`` (a view function) for active staff allowed ``action``."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not is_staff(request.user):
            return redirect_to_login(request.get_full_path())
        if not may(request.user, action):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    guarded.staff_action = action  # the menu (``access.staff_access``) and the tests read it
    return guarded


class StaffOnlyMixin:
    """A class-based dashboard page: set ``staff_action``. The check wraps the view itself,
    so it runs before the page's own ``dispatch`` looks anything up. A page without an
    action opens to superusers only (``may`` knows no such action)."""

    staff_action = None

    @classmethod
    def as_view(cls, **initkwargs):
        return staff_view(super().as_view(**initkwargs), cls.staff_action)
