"""StreamField blocks of the store's help pages and their JSON in the headless API.

Every block answers ``get_api_representation`` with plain, structured JSON so a
front end never parses HTML except inside rich text. Four blocks are *live*:
their content comes from the store's own tables when the page is read, so editors
never retype (and never forget to update) them:

- ``bank_accounts``: the active ``payment.BankAccount`` rows;
- ``order_statuses``: ``contex_oscar.order.statuses`` (labels, meaning, next statuses);
- ``contact``: the site's ``StoreSettings`` (phone, e-mail, addresses, hours, fees);
- ``warranty_terms``: ``contex_oscar.service_center.warranty.TERMS`` with the periods of
  the warranty settings the warranty check uses.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.images.blocks import ImageChooserBlock

from contex_oscar.conf import contex_settings
from contex_oscar.money import json_rupiah
from contex_oscar.store_values import store_settings

TEMPLATES = "contex_oscar/cms/blocks/"
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Section")), ("h3", _("Subsection"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = TEMPLATES + "heading.html"


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = TEMPLATES + "paragraph.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("step"), max_length=200)
    text = RichTextBlock(label=_("explanation"), required=False)


class StepsBlock(blocks.StructBlock):
    """Numbered steps, e.g. how to shop. The number comes from the order, never typed."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    steps = blocks.ListBlock(StepBlock(), label=_("steps"), min_num=1)

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        for number, step in enumerate(data["steps"], start=1):
            step["number"] = number
        return data

    class Meta:
        icon = "list-ol"
        label = _("Numbered steps")
        template = TEMPLATES + "steps.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=300)
    answer = RichTextBlock(label=_("answer"))


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    items = blocks.ListBlock(QuestionBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Questions and answers")
        template = TEMPLATES + "faq.html"


class NoticeBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("info", _("Information")), ("warning", _("Warning")), ("tip", _("Tip"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    text = RichTextBlock(label=_("text"))

    class Meta:
        icon = "warning"
        label = _("Notice")
        template = TEMPLATES + "notice.html"


class TableBlock(WagtailTableBlock):
    """Wagtail's table editor; the API answers ``{caption, header, rows, first_column_is_header}``
    instead of the editor's internal state."""

    def get_api_representation(self, value, context=None):
        return table_as_json(value)

    class Meta:
        icon = "table"
        label = _("Table")
        template = TEMPLATES + "table.html"


def table_as_json(value):
    value = value or {}
    rows = [["" if cell is None else str(cell) for cell in row] for row in value.get("data") or []]
    choice = value.get("table_header_choice") or ""
    header_row = choice in ("row", "both") or (
        not choice and value.get("first_row_is_table_header", False)
    )
    header_col = choice in ("col", "column", "both") or (
        not choice and value.get("first_col_is_header", False)
    )
    header = rows.pop(0) if header_row and rows else []
    return {
        "caption": value.get("table_caption") or "",
        "header": header,
        "rows": rows,
        "first_column_is_header": bool(header_col),
    }


class APIImageChooserBlock(ImageChooserBlock):
    """An image as the API shows it: size, alt text and ready-made renditions."""

    def get_api_representation(self, value, context=None):
        if not value:
            return None
        return image_as_json(value, (context or {}).get("request"))


def image_as_json(image, request=None):
    renditions = {}
    for name, spec in contex_settings.CONTEX_CMS_IMAGE_RENDITIONS.items():
        rendition = image.get_rendition(spec)
        url = rendition.url
        renditions[name] = {
            "url": request.build_absolute_uri(url) if request and url.startswith("/") else url,
            "width": rendition.width,
            "height": rendition.height,
        }
    return {
        "id": image.pk,
        "title": image.title,
        "width": image.width,
        "height": image.height,
        "renditions": renditions,
    }


class ImageBlock(blocks.StructBlock):
    image = APIImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=250,
        help_text=_("What the image shows, for shoppers who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = TEMPLATES + "image.html"


# --- live blocks -------------------------------------------------------------


class LiveBlock(blocks.StructBlock):
    """A block whose content is read from the store's tables at render time.

    Subclasses define ``live_data(value, context) -> dict``: the API adds it to the
    block's own fields, templates get it as ``live``.
    """

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        data.update(self.live_data(value, context or {}))
        return data

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["live"] = self.live_data(value, parent_context or {})
        return context


def once_per_request(context, key, compute):
    """Read a live table once per request, however many blocks (and pages) show it,
    so a listing's query count does not grow with its length."""
    request = context.get("request")
    if request is None:
        return compute()
    cache = request.__dict__.setdefault("_contex_cms_live", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def bank_accounts_data():
    from contex_oscar.payment.models import BankAccount

    return [
        {
            "bank_name": account.bank_name,
            "branch": account.branch,
            "account_number": account.account_number,
            "account_holder": account.account_holder,
        }
        for account in BankAccount.objects.active()
    ]


class BankAccountsBlock(LiveBlock):
    """The store's active bank accounts, read from ``payment.BankAccount``."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    intro = blocks.TextBlock(label=_("introduction"), required=False)

    def live_data(self, value, context):
        return {"accounts": once_per_request(context, "bank_accounts", bank_accounts_data)}

    class Meta:
        icon = "form"
        label = _("Bank accounts (live)")
        help_text = _("Lists the store's active bank accounts; edit them in the dashboard.")
        template = TEMPLATES + "bank_accounts.html"


def order_statuses_data():
    from contex_oscar.order import statuses

    return [
        {
            "code": status.code,
            "label": str(status.label),
            "description": str(status.description),
            "final": status.final,
            "next": [
                {"code": code, "label": str(statuses.label_for(code))}
                for code in statuses.TRANSITIONS.get(status.code, ())
            ],
        }
        for status in statuses.STATUSES.values()
    ]


class OrderStatusesBlock(LiveBlock):
    """The order statuses and where each may lead, read from ``order.statuses``."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    show_next = blocks.BooleanBlock(
        label=_("show the possible next statuses"), required=False, default=True
    )

    def live_data(self, value, context):
        return {"statuses": order_statuses_data()}

    class Meta:
        icon = "list-ul"
        label = _("Order status table (live)")
        template = TEMPLATES + "order_statuses.html"


# StoreSettings fields a contact block may show, in display order.
CONTACT_FIELDS = {
    "call_center_phone": _("Call center"),
    "whatsapp_number": _("WhatsApp"),
    "support_email": _("E-mail"),
    "showroom_address": _("Showroom"),
    "service_center_address": _("Service center"),
    "office_hours": _("Office hours"),
    "after_hours_visit_surcharge": _("After-hours visit surcharge"),
    "pickup_fee": _("Pickup & delivery fee"),
}
MONEY_FIELDS = {"after_hours_visit_surcharge", "pickup_fee"}
DEFAULT_CONTACT_FIELDS = [
    "call_center_phone",
    "whatsapp_number",
    "support_email",
    "showroom_address",
    "office_hours",
]


def contact_data(settings_obj, fields):
    items = []
    for key in CONTACT_FIELDS:
        if key not in fields:
            continue
        value = getattr(settings_obj, key)
        items.append(
            {
                "key": key,
                "label": str(CONTACT_FIELDS[key]),
                "value": json_rupiah(value) if key in MONEY_FIELDS else (value or ""),
            }
        )
    return {"store_name": settings_obj.store_name, "items": items}


class ContactBlock(LiveBlock):
    """The store's contact values from the site settings (never typed into a page)."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    fields = blocks.MultipleChoiceBlock(
        label=_("show"),
        choices=list(CONTACT_FIELDS.items()),
        default=DEFAULT_CONTACT_FIELDS,
    )

    def live_data(self, value, context):
        request = context.get("request")
        return contact_data(store_settings(request=request), value.get("fields") or [])

    class Meta:
        icon = "mail"
        label = _("Contact details (live)")
        help_text = _("Shows the values of Settings → Store settings.")
        template = TEMPLATES + "contact.html"


class WarrantyTermsBlock(LiveBlock):
    """The warranty terms with the store's periods, read from ``service_center.warranty``."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)

    def live_data(self, value, context):
        from contex_oscar.service_center import warranty
        from contex_oscar.service_center.models import SupportedBrand

        names = once_per_request(
            context, "supported_brands", SupportedBrand.objects.supported_names
        )
        return {"terms": warranty.warranty_terms(names)}

    class Meta:
        icon = "doc-full"
        label = _("Warranty terms (live)")
        help_text = _("States the warranty periods the warranty check uses.")
        template = TEMPLATES + "warranty_terms.html"


class InformationBlocks(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = RichTextBlock()
    steps = StepsBlock()
    faq = FAQBlock()
    notice = NoticeBlock()
    table = TableBlock()
    image = ImageBlock()
    contact = ContactBlock()
    bank_accounts = BankAccountsBlock()
    order_statuses = OrderStatusesBlock()
    warranty_terms = WarrantyTermsBlock()
