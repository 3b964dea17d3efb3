from django.contrib.admin.views.decorators import staff_member_required
from django.utils.decorators import method_decorator


class StaffOnlyMixin:
    """Dashboard views of the store: active staff only, like Oscar's own dashboard."""

    # (method_decorator(name="dispatch") on the class fails: a mixin has no own dispatch)
    @method_decorator(staff_member_required(login_url="/accounts/login/"))
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)
