from django.contrib.admin.views.decorators import staff_member_required
from django.utils.decorators import method_decorator


@method_decorator(staff_member_required(login_url="/accounts/login/"), name="dispatch")
class StaffOnlyMixin:
    """Dashboard views of the store: active staff only, like Oscar's own dashboard."""
