"""The supported brands list in the CMS (Wagtail snippets, as the announcements)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from contex_oscar.service_center.models import SupportedBrand


class SupportedBrandViewSet(SnippetViewSet):
    model = SupportedBrand
    icon = "tag"
    menu_label = _("Supported brands")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


register_snippet(SupportedBrandViewSet)
