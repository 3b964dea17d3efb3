"""Wagtail admin hooks: the Shop link, the announcements snippet, headless preview links."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from contex_oscar.cms import preview
from contex_oscar.cms.models import Announcement, StorePageMixin


class ShopMenuItem(MenuItem):
    """Oscar's dashboard, for staff (Oscar lets in only ``is_staff`` users)."""

    def is_shown(self, request):
        return bool(request.user.is_active and request.user.is_staff)


@hooks.register("register_admin_menu_item")
def register_shop_menu_item():
    return ShopMenuItem(
        _("Shop"), reverse("dashboard:index"), name="shop", icon_name="home", order=50
    )


class AnnouncementViewSet(SnippetViewSet):
    model = Announcement
    icon = "warning"
    menu_label = _("Announcements")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "kind", "live", "expire_at"]
    list_filter = ["kind", "live"]
    search_fields = ["title"]


register_snippet(AnnouncementViewSet)


class HeadlessPreviewButton(PageMenuItem):
    label = _("Preview on the front end")
    icon_name = "view"
    priority = 62

    @property
    def url(self):
        return preview.preview_url(self.page)

    def is_shown(self, user):
        return isinstance(self.page.specific_deferred, StorePageMixin) and (
            self.page.permissions_for_user(user).can_edit()
        )


@hooks.register("register_page_header_buttons")
def headless_preview_button(page, user, view_name, next_url=None):
    yield HeadlessPreviewButton(page=page)
