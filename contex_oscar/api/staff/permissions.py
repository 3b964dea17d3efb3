"""The staff API's one permission class: the view's ``staff_action`` decides, through the
same table as the dashboard (``contex_oscar.staff_permissions``)."""

from rest_framework.permissions import BasePermission

from contex_oscar.staff_permissions import StaffPermissionRequired, may


class StaffActionPermission(BasePermission):
    """Active staff allowed the view's action. Anonymous requests get DRF's
    ``not_authenticated``; everyone else who may not, 403 ``staff_permission_required``."""

    code = StaffPermissionRequired.code
    message = StaffPermissionRequired.message

    def has_permission(self, request, view):
        return may(request.user, view.staff_action)
