"""oscarapi's catalogue admin views, closed where oscarapi left them open.

``categories-bulk/`` is routed among the public endpoints (not under ``admin/``)
and has no permission class: anyone could read the whole category tree, hidden
categories included, and rewrite it with a POST. Here it takes the admin API's
permission: staff with the category permissions, and nobody while
``OSCARAPI_BLOCK_ADMIN_API_ACCESS`` is on (oscarapi's default, and the store's).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from oscarapi.views.admin import product as base

TREE = {200: OpenApiTypes.OBJECT}


class CategoryBulkAdminApi(base.CategoryBulkAdminApi):
    permission_classes = (base.APIAdminPermission,)
    queryset = base.Category.objects.all()  # DjangoModelPermissions reads the model from it

    @extend_schema(responses=TREE, description="The category tree (staff only).")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses=TREE,
        description="Create or update categories from a tree (staff only).",
    )
    def post(self, request):
        return super().post(request)
