"""The headless CMS API: Wagtail API v2 plus the store's own endpoints.

Mounted at ``/api/cms/v2/`` (``contex_oscar.api.urls``):

- ``pages/``, ``pages/<id>/``, ``pages/find/?html_path=`` or ``?topic=``: live public pages,
  StreamField as structured JSON with live blocks resolved;
- ``pages/preview/?token=``: a draft revision for a headless front end (signed link);
- ``images/`` with renditions, ``documents/``;
- ``announcements/``: a snippet endpoint that only ever lists live objects;
- ``settings/``: the site's ``StoreSettings`` (Wagtail has no settings API).

Wagtail's viewsets inherit ``REST_FRAMEWORK``'s permission defaults, so every
public endpoint here sets ``AllowAny`` explicitly.
"""

import unicodedata

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.fields import Field
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import StreamField as StreamFieldSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Site

from contex_oscar.api.exceptions import error_body
from contex_oscar.cms import preview
from contex_oscar.cms.blocks import image_as_json, once_per_request
from contex_oscar.cms.models import Announcement, InformationPage
from contex_oscar.cms.store_settings import StoreSettings
from contex_oscar.conf import contex_settings
from contex_oscar.store_values import store_settings

OBJECT_RESPONSE = {200: OpenApiTypes.OBJECT}


def document_actions(**schemas):
    """``extend_schema_view`` for Wagtail's action names (``listing_view``, ...), which
    drf-spectacular does not know: wrap each action in the class with its schema."""

    def decorate(view_class):
        for name, schema in schemas.items():
            action = getattr(view_class, name)

            def documented(self, *args, _action=action, **kwargs):
                return _action(self, *args, **kwargs)

            documented.__name__ = documented.__qualname__ = name
            setattr(view_class, name, schema(documented))
        return view_class

    return decorate


class RequestHostRouter:
    """The API router as one request sees it: detail URLs on the host the client called.

    Wagtail builds ``detail_url`` (and ``find/``'s redirect) from ``WAGTAILAPI_BASE_URL``,
    else from the Wagtail ``Site`` matching the request, else the default site: its
    hostname is the shop's (the front end's) address, which need not serve the API.
    A site that sets ``WAGTAILAPI_BASE_URL`` keeps Wagtail's way.
    """

    def __init__(self, router, request):
        self.router = router
        self.request = request

    def __getattr__(self, name):
        return getattr(self.router, name)

    def get_object_detail_urlpath(self, model, pk):
        path = self.router.get_object_detail_urlpath(model, pk)
        if path is None or getattr(settings, "WAGTAILAPI_BASE_URL", None):
            return path
        return self.request.build_absolute_uri(path)


class SchemaPlaceholderSerializer(serializers.Serializer):
    """What drf-spectacular introspects; the real responses are declared per action."""


class PublicCMSMixin:
    """Public read-only endpoints; errors in the store's ``{code, message}`` shape."""

    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        request.wagtailapi_router = RequestHostRouter(request.wagtailapi_router, request)
        super().initial(request, *args, **kwargs)

    # drf-spectacular builds views without a routed request (``swagger_fake_view``);
    # Wagtail's viewsets need one, so schema generation gets placeholders instead.
    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return super().get_queryset()

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):
            return SchemaPlaceholderSerializer
        return super().get_serializer_class()

    def check_query_parameters(self, queryset):
        # a control character (e.g. NUL) in ?search= broke the SQLite search query: a 500
        # (found by the schemathesis run, tests/fuzz)
        for name, value in self.request.GET.items():
            if any(unicodedata.category(char) == "Cc" for char in value):
                raise BadRequestError(f"query parameter '{name}' contains a control character")
        return super().check_query_parameters(queryset)

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response(error_body("not_found", str(exc) or "not found"), status=404)
        if isinstance(exc, BadRequestError):
            return Response(error_body("bad_request", str(exc)), status=400)
        return super().handle_exception(exc)


class PageStreamField(StreamFieldSerializer):
    """A page's StreamField in the page's own language (live blocks' labels included)."""

    def get_attribute(self, instance):
        languages = once_per_request(
            self.context,
            "locales",
            lambda: dict(Locale.objects.values_list("pk", "language_code")),
        )
        self._language = languages.get(instance.locale_id)
        return super().get_attribute(instance)

    def to_representation(self, value):
        language = getattr(self, "_language", None)
        if not language:
            return super().to_representation(value)
        with translation.override(language):
            return super().to_representation(value)


@document_actions(
    listing_view=extend_schema(
        operation_id="cms_pages_list",
        responses=OBJECT_RESPONSE,
        description="Live public pages of the request's site (Wagtail API v2 listing).",
        parameters=[
            OpenApiParameter("type", str, description="e.g. contex_cms.InformationPage"),
            OpenApiParameter("fields", str, description="Wagtail API field selection"),
            OpenApiParameter("child_of", int),
            OpenApiParameter("search", str),
            OpenApiParameter("locale", str),
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
    ),
    detail_view=extend_schema(
        operation_id="cms_pages_retrieve",
        responses=OBJECT_RESPONSE,
        description="One page with its StreamField as structured JSON, live blocks resolved.",
    ),
    find_view=extend_schema(
        operation_id="cms_pages_find",
        responses={302: None},
        description="Redirects to the detail of the page at ``html_path`` or with ``topic``.",
        parameters=[
            OpenApiParameter("html_path", str),
            OpenApiParameter("topic", str, description="e.g. payment, shipping, warranty"),
            OpenApiParameter("locale", str),
        ],
    ),
    preview_view=extend_schema(
        operation_id="cms_pages_preview",
        responses=OBJECT_RESPONSE,
        description="The draft a signed preview token points at, shaped like the detail.",
        parameters=[OpenApiParameter("token", str, required=True)],
    ),
)
class StorePagesAPIViewSet(PublicCMSMixin, PagesAPIViewSet):
    find_query_parameters = PagesAPIViewSet.find_query_parameters.union(["topic", "locale"])

    @classmethod
    def get_field_serializer_overrides(cls, model):
        overrides = super().get_field_serializer_overrides(model)
        if model is InformationPage or issubclass(model, InformationPage):
            overrides.setdefault("body", PageStreamField(read_only=True))
        return overrides

    @classmethod
    def get_urlpatterns(cls):
        return [
            *super().get_urlpatterns(),
            path("preview/", cls.as_view({"get": "preview_view"}), name="preview"),
        ]

    def get_queryset(self):
        # Each listed page shows its locale: fetch them with the pages, not one by one.
        return super().get_queryset().select_related("locale")

    def find_view(self, request):
        # the detail URL (RequestHostRouter), without the empty "?" Wagtail leaves
        response = super().find_view(request)
        if response.status_code == 302 and response["Location"].endswith("?"):
            response["Location"] = response["Location"][:-1]
        return response

    def find_object(self, queryset, request):
        topic = request.GET.get("topic")
        if topic:
            pages = InformationPage.objects.filter(
                topic=topic, pk__in=queryset.values_list("pk", flat=True)
            )
            language = request.GET.get("locale")
            if language:
                return pages.filter(locale__language_code=language).order_by("path").first()
            # Without a locale: the default content language's page, else any translation.
            pages = pages.order_by("path")
            return pages.filter(locale=Locale.get_default()).first() or pages.first()
        return super().find_object(queryset, request)

    def get_object(self):
        if self.action == "preview_view":
            if not hasattr(self, "_cached_object"):
                self._cached_object = preview.page_for_token(self.request.GET.get("token", ""))
            return self._cached_object
        return super().get_object()

    def preview_view(self, request):
        try:
            page = self.get_object()
        except signing.SignatureExpired:
            return Response(
                error_body("preview_expired", "This preview link has expired."), status=403
            )
        except (signing.BadSignature, preview.PreviewNotFound):
            return Response(
                error_body("preview_invalid", "This preview link is not valid."), status=403
            )
        data = self.get_serializer(page).data
        data["meta"]["preview"] = {
            "revision_id": page.latest_revision_id,
            "live": page.live,
        }
        return Response(data)


class ImageRenditionsField(Field):
    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, image):
        return image_as_json(image, self.context.get("request"))["renditions"]


@document_actions(
    listing_view=extend_schema(
        operation_id="cms_images_list",
        responses=OBJECT_RESPONSE,
        description="Images with renditions.",
    ),
    detail_view=extend_schema(
        operation_id="cms_images_retrieve",
        responses=OBJECT_RESPONSE,
        description="One image, renditions.",
    ),
    find_view=extend_schema(operation_id="cms_images_find", responses={302: None}),
)
class StoreImagesAPIViewSet(PublicCMSMixin, ImagesAPIViewSet):
    body_fields = ImagesAPIViewSet.body_fields + ["renditions"]
    listing_default_fields = ImagesAPIViewSet.listing_default_fields + ["renditions"]

    @classmethod
    def get_field_serializer_overrides(cls, model):
        return {
            **super().get_field_serializer_overrides(model),
            "renditions": ImageRenditionsField(),
        }

    def get_queryset(self):
        specs = contex_settings.CONTEX_CMS_IMAGE_RENDITIONS.values()
        return super().get_queryset().prefetch_renditions(*specs)


@document_actions(
    listing_view=extend_schema(
        operation_id="cms_documents_list", responses=OBJECT_RESPONSE, description="Documents."
    ),
    detail_view=extend_schema(
        operation_id="cms_documents_retrieve",
        responses=OBJECT_RESPONSE,
        description="One document.",
    ),
    find_view=extend_schema(operation_id="cms_documents_find", responses={302: None}),
)
class StoreDocumentsAPIViewSet(PublicCMSMixin, DocumentsAPIViewSet):
    """Wagtail's documents API, public documents only."""


class LiveSnippetAPIViewSet(PublicCMSMixin, BaseAPIViewSet):
    """A snippet endpoint that only ever shows live (published, unexpired) objects.

    Wagtail ships no snippet endpoints; subclass this for a snippet model with
    ``DraftStateMixin`` whose manager offers ``live()``.
    """

    def get_queryset(self):
        return super().get_queryset().live().order_by("-last_published_at", "-pk")


@document_actions(
    listing_view=extend_schema(
        operation_id="cms_announcements_list",
        responses=OBJECT_RESPONSE,
        description="Live store announcements, newest first.",
    ),
    detail_view=extend_schema(
        operation_id="cms_announcements_retrieve",
        responses=OBJECT_RESPONSE,
        description="One live announcement.",
    ),
    find_view=extend_schema(operation_id="cms_announcements_find", responses={302: None}),
)
class AnnouncementsAPIViewSet(LiveSnippetAPIViewSet):
    model = Announcement
    name = "announcements"
    body_fields = BaseAPIViewSet.body_fields + ["title", "kind", "message"]
    meta_fields = BaseAPIViewSet.meta_fields + ["last_published_at", "expire_at"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "title",
        "kind",
        "message",
        "last_published_at",
    ]


class StoreSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = StoreSettings
        fields = [
            "store_name",
            "call_center_phone",
            "whatsapp_number",
            "support_email",
            "showroom_address",
            "service_center_address",
            "office_hours",
            "office_opens_at",
            "office_closes_at",
            "after_hours_visit_surcharge",
            "pickup_fee",
        ]


class StoreSettingsAPIView(APIView):
    """The store's contact values and service fees for the request's site."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="cms_settings_retrieve",
        responses=StoreSettingsSerializer,
        description=(
            "Site settings editors keep in Wagtail (Settings → Store settings): contact "
            "values, office hours and the service fees in whole rupiah. Chosen by the "
            "request's host, or ``?site=<hostname>[:port]``."
        ),
        parameters=[OpenApiParameter("site", str, description="hostname or hostname:port")],
    )
    def get(self, request):
        wanted = request.GET.get("site")
        if wanted:
            hostname, _, port = wanted.partition(":")
            sites = Site.objects.filter(hostname=hostname)
            if port:
                sites = sites.filter(port=port if port.isdigit() else -1)
            site = sites.order_by("-is_default_site", "port").first()
            if site is None:
                return Response(error_body("site_not_found", "No such site."), status=404)
            values = store_settings(site=site)
        else:
            values = store_settings(request=request)
        return Response(StoreSettingsSerializer(values).data)


api_router = WagtailAPIRouter("contex-cms-api")
api_router.register_endpoint("pages", StorePagesAPIViewSet)
api_router.register_endpoint("images", StoreImagesAPIViewSet)
api_router.register_endpoint("documents", StoreDocumentsAPIViewSet)
api_router.register_endpoint("announcements", AnnouncementsAPIViewSet)


def page_as_json(request, page):
    """The detail JSON of ``page`` as the API would serve it, also for unsaved pages
    (the admin's "API JSON" preview of an editor's unsaved changes)."""
    request.wagtailapi_router = RequestHostRouter(api_router, request)
    view = StorePagesAPIViewSet()
    view.request = request
    view.action = "detail_view"
    view.format_kwarg = None
    # An unsaved page has no detail URL yet.
    fields_config = [] if page.pk else [("detail_url", True, None)]
    serializer_class = view._get_serializer_class(
        api_router, type(page), fields_config, show_details=True
    )
    return serializer_class(page, context=view.get_serializer_context()).data


def page_preview_response(request, page):
    """The admin's "API JSON" preview mode: ``page_as_json``, indented."""
    body = JSONRenderer().render(page_as_json(request, page), renderer_context={"indent": 2})
    return HttpResponse(body, content_type="application/json")
