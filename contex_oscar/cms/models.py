"""The store's Wagtail content: site settings, help pages and announcements.

Pages subclass the project's base ``Page`` (Wagtail 8 lets a site swap it with
``WAGTAIL_PAGE_MODEL``), so they are defined against ``base_page_model()`` and the
migrations refer to it through ``swapper``.
"""

from importlib import import_module

import swapper
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin
from wagtail.search import index

from contex_oscar.cms import topics
from contex_oscar.cms.blocks import RICH_TEXT_FEATURES, InformationBlocks
from contex_oscar.cms.store_settings import StoreSettings  # noqa: F401  (registers the model)
from contex_oscar.conf import contex_settings

# --- pages ---------------------------------------------------------------------


def base_page_model():
    """The project's base ``Page``: ``wagtailcore.Page`` or whatever ``WAGTAIL_PAGE_MODEL`` names.

    The swapped model's app may come after ours in ``INSTALLED_APPS``; importing its
    models module first registers it so it can be subclassed here.
    """
    app_label, model_name = swapper.split(swapper.get_model_name("wagtailcore", "Page"))
    import_module(f"{apps.get_app_config(app_label).name}.models")
    return apps.get_model(app_label, model_name, require_ready=False)


Page = base_page_model()


def slug_is_taken_by_the_shop(slug):
    """True when a top-level page with this slug would hide a URL the shop already serves.

    Oscar owns ``catalogue/ basket/ checkout/ accounts/ search/ dashboard/ offers/
    wishlists/``; ``CONTEX_CMS_RESERVED_SLUGS`` lists them (and the API/CMS mounts),
    and any other URL the site's URLconf resolves to a non-Wagtail view is taken too.
    """
    if slug.lower() in {reserved.lower() for reserved in contex_settings.CONTEX_CMS_RESERVED_SLUGS}:
        return True
    try:
        match = resolve(f"/{slug}/")
    except Resolver404:
        return False
    return not match.func.__module__.startswith("wagtail.")


def check_slug_under(parent, slug):
    """A page right under a site's home page is served at /<slug>/, next to Oscar."""
    if parent is not None and parent.depth == 2 and slug and slug_is_taken_by_the_shop(slug):
        raise ValidationError(
            {
                "slug": _("The address '/%(slug)s/' belongs to the shop. Choose another slug.")
                % {"slug": slug}
            }
        )


def check_topic_under(parent, topic, page=None):
    """Each topic once per help section, so ``find/?topic=`` has one answer."""
    if not topic or parent is None:
        return
    siblings = InformationPage.objects.child_of(parent).filter(topic=topic)
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    if siblings.exists():
        raise ValidationError(
            {"topic": _("Another page in this section already covers this topic.")}
        )


class StorePageForm(WagtailAdminPageForm):
    """The admin form knows the parent before the page is in the tree: check there."""

    def clean(self):
        cleaned_data = super().clean()
        checks = [lambda: check_slug_under(self.parent_page, cleaned_data.get("slug"))]
        if "topic" in self.fields:
            checks.append(
                lambda: check_topic_under(
                    self.parent_page, cleaned_data.get("topic"), self.instance
                )
            )
        for check in checks:
            try:
                check()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned_data


#: Preview mode -> ``function(request, page)`` answering it; the CMS API adds "api" when the
#: app is ready (``CmsConfig.ready``), so page models never import the API.
PREVIEW_RESPONSES = {}


class StorePageMixin:
    """Rules shared by the store's page types."""

    base_form_class = StorePageForm

    def clean(self):
        super().clean()
        check_slug_under(self.get_parent(), self.slug)

    @property
    def preview_modes(self):
        # "API JSON" shows an editor's unsaved changes exactly as the front end gets them.
        return [("", _("Page")), ("api", _("API JSON"))]

    def serve_preview(self, request, mode_name):
        respond = PREVIEW_RESPONSES.get(mode_name)
        if respond is not None:
            return respond(request, self)
        return super().serve_preview(request, mode_name)


class HomePage(StorePageMixin, Page):
    """The root of a store site's page tree (one per site)."""

    intro = models.TextField(_("introduction"), blank=True)

    template = "contex_oscar/cms/home_page.html"
    content_panels = Page.content_panels + ["intro"]
    subpage_types = ["contex_cms.HelpIndexPage"]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("store home page")

    def route(self, request, path_components):
        """Find a path in this home's tree, then in its translations' trees.

        Pages' addresses (``html_url``) carry no language prefix and Wagtail routes from
        the home page of the request's language, so ``/help/warranty/`` would answer only
        in English and ``/bantuan/garansi/`` only in Indonesian: both answer in either.
        """
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components:
                raise
        for home in self.get_translations().live().specific():
            try:
                return super(HomePage, home).route(request, path_components)
            except Http404:
                continue
        raise Http404

    @classmethod
    def can_exist_under(cls, parent):
        # Only directly under the tree's root: a home page is a site's root.
        return parent.is_root() and super().can_exist_under(parent)


class HelpIndexPage(StorePageMixin, Page):
    """The store's help section ("Bantuan"): lists its information pages by topic."""

    intro = models.TextField(_("introduction"), blank=True)

    template = "contex_oscar/cms/help_index_page.html"
    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["contex_cms.HomePage"]
    subpage_types = ["contex_cms.InformationPage"]
    max_count_per_parent = 1
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("topics")]

    class Meta:
        verbose_name = _("help index page")

    @property
    def topics(self):
        """The live information pages below, for a front end's help menu (one query)."""
        children = InformationPage.objects.child_of(self).live().public().order_by("path")
        return [
            {"id": child.pk, "topic": child.topic, "title": child.title, "slug": child.slug}
            for child in children.only("id", "topic", "title", "slug")
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["information_pages"] = (
            InformationPage.objects.child_of(self).live().public().order_by("path")
        )
        return context


class InformationPage(StorePageMixin, Page):
    """One help page (payment, shipping, warranty, ...) built from blocks."""

    topic = models.CharField(
        _("topic"),
        max_length=40,
        choices=topics.CHOICES,
        blank=True,
        db_index=True,
        help_text=_(
            "The stable key a front end looks this page up by, whatever its slug or language."
        ),
    )
    intro = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown in lists and search.")
    )
    body = StreamField(InformationBlocks(), verbose_name=_("content"), blank=True)

    template = "contex_oscar/cms/information_page.html"
    content_panels = Page.content_panels + ["topic", "intro", "body"]
    parent_page_types = ["contex_cms.HelpIndexPage"]
    subpage_types = []
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("topic"),
    ]
    api_fields = [APIField("topic"), APIField("intro"), APIField("body")]
    api_meta_fields = ["last_published_at"]

    class Meta:
        verbose_name = _("information page")

    def clean(self):
        super().clean()
        check_topic_under(self.get_parent(), self.topic, self)


# --- snippets --------------------------------------------------------------------


class AnnouncementQuerySet(models.QuerySet):
    def live(self):
        """Published and not past its expiry, even before ``publish_scheduled`` ran."""
        now = timezone.now()
        return self.filter(live=True).exclude(expire_at__lte=now)


class Announcement(DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model):
    """A short store-wide notice (holiday closure, courier delays), published on a schedule."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=[("info", _("Information")), ("warning", _("Warning"))],
        default="info",
    )
    message = RichTextField(_("message"), features=RICH_TEXT_FEATURES)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AnnouncementQuerySet.as_manager()

    panels = [
        HelpPanel(
            content=_(
                "Shown by the front end while published. Use the schedule in the "
                "status side panel to publish or expire it at a given time."
            )
        ),
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("message"),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("message")]
    api_fields = [APIField("title"), APIField("kind"), APIField("message")]
    api_meta_fields = ["last_published_at", "expire_at"]

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-last_published_at", "-pk"]

    def __str__(self):
        return self.title
