"""Which page can be created where, checked with Wagtail's own page test helpers."""

import io

from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from contex_oscar.cms import topics
from contex_oscar.cms.models import (
    HelpIndexPage,
    HomePage,
    InformationPage,
    Page,
    base_page_model,
    slug_is_taken_by_the_shop,
)
from sandbox.store.demo import pages, site


class PageTypeRules(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        site.load(io.StringIO())
        pages.load(io.StringIO())
        cls.home = HomePage.objects.get(slug="home")
        cls.index = HelpIndexPage.objects.get(locale=cls.home.locale)

    def setUp(self):
        self.client.force_login(self.create_superuser("redaksi"))

    def test_pages_build_on_the_swappable_base_page(self):
        import swapper

        assert base_page_model() is swapper.load_model("wagtailcore", "Page")
        for model in (HomePage, HelpIndexPage, InformationPage):
            assert issubclass(model, Page)

    def test_allowed_types(self):
        self.assertAllowedSubpageTypes(HomePage, {HelpIndexPage})
        self.assertAllowedSubpageTypes(HelpIndexPage, {InformationPage})
        self.assertAllowedSubpageTypes(InformationPage, set())
        self.assertAllowedParentPageTypes(HelpIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(InformationPage, {HelpIndexPage})

    def test_what_can_be_created_where(self):
        self.assertCanCreateAt(HomePage, HelpIndexPage)
        self.assertCanCreateAt(HelpIndexPage, InformationPage)
        self.assertCanNotCreateAt(HomePage, InformationPage)
        self.assertCanNotCreateAt(InformationPage, InformationPage)
        self.assertCanNotCreateAt(HelpIndexPage, HelpIndexPage)
        self.assertCanNotCreateAt(Page, InformationPage)

    def test_a_home_page_only_at_the_tree_root(self):
        root = Page.get_first_root_node()
        assert HomePage.can_create_at(root)
        assert not HomePage.can_create_at(self.home)
        assert not HomePage.can_create_at(self.index)

    def test_one_help_section_per_home(self):
        assert not HelpIndexPage.can_create_at(self.home)
        other_home = Page.get_first_root_node().add_child(
            instance=HomePage(title="Toko kedua", slug="toko-kedua")
        )
        assert HelpIndexPage.can_create_at(other_home)

    def test_editor_creates_an_information_page_in_the_admin(self):
        self.assertCanCreate(
            self.index,
            InformationPage,
            nested_form_data(
                {
                    "title": "Tukar Tambah",
                    "slug": "tukar-tambah",
                    "topic": "",
                    "intro": "Tukar scanner lama dengan yang baru.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Syarat", "level": "h2"}),
                            ("paragraph", rich_text("<p>Unit lama dinilai teknisi.</p>")),
                        ]
                    ),
                }
            ),
        )
        page = InformationPage.objects.get(slug="tukar-tambah")
        assert page.live
        assert [block.block_type for block in page.body] == ["heading", "paragraph"]

    def test_information_page_works_in_the_admin_and_on_the_site(self):
        payment = InformationPage.objects.child_of(self.index).get(topic=topics.PAYMENT)
        # Wagtail's StreamField editor is drawn by JavaScript, so the helpers cannot
        # scrape the form: post the page's fields explicitly.
        form = edit_form_data(payment)
        self.assertPageIsRoutable(payment)
        self.assertPageIsRenderable(payment)
        self.assertPageIsPreviewable(payment, post_data=form)
        self.assertPageIsPreviewable(payment, mode="api", post_data=form)
        self.assertPageIsEditable(payment, post_data=form)
        self.assertPageIsRenderable(self.index)
        for page in InformationPage.objects.child_of(self.index):  # every block's template
            self.assertPageIsRenderable(page)
        # The home page's "/" belongs to Oscar in the sandbox; the page is read headless.

    def test_slugs_of_the_shop_are_refused_under_a_home_page(self):
        for slug in ("catalogue", "basket", "checkout", "accounts", "search", "dashboard"):
            page = HelpIndexPage(title="Bantuan", slug=slug)
            page._cached_parent_obj = self.home  # as the admin's create view does
            page.path = self.home._get_path(self.home.path, self.home.depth + 1, 9)
            page.depth = self.home.depth + 1
            with self.assertRaises(ValidationError) as raised:
                page.full_clean()
            assert "slug" in raised.exception.message_dict, slug

    def test_slug_rule_also_covers_urls_the_site_mounted(self):
        assert slug_is_taken_by_the_shop("offers")
        assert slug_is_taken_by_the_shop("wishlists")
        assert slug_is_taken_by_the_shop("django-admin")  # not listed: resolved by the URLconf
        assert slug_is_taken_by_the_shop("CATALOGUE")
        assert not slug_is_taken_by_the_shop("bantuan")

    def test_reserved_slug_in_the_admin_form_is_an_error(self):
        self.index.delete()
        response = self.client.post(
            f"/cms/pages/add/contex_cms/helpindexpage/{self.home.pk}/",
            {"title": "Keranjang", "slug": "basket", "intro": "", "action-publish": "1"},
        )
        assert response.status_code == 200
        assert "slug" in response.context["form"].errors
        assert not HelpIndexPage.objects.child_of(self.home).exists()

    def test_deeper_pages_may_use_those_words(self):
        page = InformationPage(title="Checkout", slug="checkout")
        self.index.add_child(instance=page)
        assert page.url_path.endswith("/bantuan/checkout/")

    def test_a_topic_is_used_once_per_section(self):
        duplicate = InformationPage(title="Pembayaran 2", slug="bayar-2", topic=topics.PAYMENT)
        with self.assertRaises(ValidationError) as raised:
            self.index.add_child(instance=duplicate)
        assert "topic" in raised.exception.message_dict
        payment = InformationPage.objects.child_of(self.index).get(topic=topics.PAYMENT)
        payment.title = "Cara Bayar"
        payment.full_clean()  # the page itself does not clash with its own topic

    def test_search_finds_pages_by_their_blocks(self):
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend()
        found = backend.search("Jabodetabek", InformationPage.objects.live())
        assert {page.topic for page in found} >= {topics.SHIPPING, topics.PAYMENT}
        found = backend.search("kartu garansi", InformationPage.objects.live())
        assert topics.WARRANTY in {page.topic for page in found}
        found = backend.search("tidakadakatainisamasekali", InformationPage.objects.live())
        assert list(found) == []


def edit_form_data(page):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "topic": page.topic,
            "intro": page.intro,
            "body": streamfield(
                [
                    ("heading", {"text": "Transfer bank", "level": "h2"}),
                    ("paragraph", rich_text("<p>Transfer ke rekening toko.</p>")),
                    ("bank_accounts", {"title": "Rekening", "intro": ""}),
                    ("order_statuses", {"title": "Status", "show_next": "on"}),
                    ("contact", {"title": "Kontak", "fields": ["call_center_phone"]}),
                ]
            ),
        }
    )
