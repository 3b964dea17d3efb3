"""OpenAPI schema hooks: describe oscarapi views drf-spectacular cannot guess, keep the
schema to the shop's API (Wagtail's admin API under /cms/ is not public)."""

from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema


def only_public_api(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: keep the endpoints under ``/api/``."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


class ApiRootSchema(OpenApiViewExtension):
    target_class = "oscarapi.views.root.api_root"

    def view_replacement(self):
        @extend_schema(responses={200: OpenApiTypes.OBJECT}, description="Links to the API.")
        class Fixed(self.target_class):
            pass

        return Fixed


class CategoryBulkAdminSchema(OpenApiViewExtension):
    target_class = "oscarapi.views.admin.product.CategoryBulkAdminApi"

    def view_replacement(self):
        tree = {200: OpenApiTypes.OBJECT}

        class Fixed(self.target_class):
            @extend_schema(responses=tree, description="The category tree (staff only).")
            def get(self, request, *args, **kwargs):
                return super().get(request, *args, **kwargs)

            @extend_schema(
                request=OpenApiTypes.OBJECT,
                responses=tree,
                description="Create or update categories from a tree (staff only).",
            )
            def post(self, request):
                return super().post(request)

        return Fixed
