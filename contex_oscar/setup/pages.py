"""The store's help pages in Wagtail, its store settings and the editors' workflow.

With Wagtail's i18n on and English among the content languages, each page also
gets an English translation (its own English text, same topic key).

Idempotent: the help section and each topic's page are created only when missing
(found by topic, never by title), so editors' changes survive a second run; the store
settings row is created when missing (the sandbox's demo fills its empty contacts);
groups and the moderation workflow get whatever of the state below is missing.

Texts are written for this store from the rules in DESIGN.md (Indonesian).
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from contex_oscar.cms import topics
from contex_oscar.cms.models import (
    HelpIndexPage,
    InformationPage,
    Page,
    StoreSettings,
)
from contex_oscar.setup.site import ensure_store_root_page

HELP_INDEX = {
    "title": "Bantuan",
    "slug": "bantuan",
    "intro": (
        "Semua yang perlu Anda ketahui tentang berbelanja scanner format besar di "
        "Contex Indonesia Store: pembayaran, pengiriman, garansi dan layanan servis."
    ),
}


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def notice(text, title="", kind="info"):
    return {"type": "notice", "value": {"kind": kind, "title": title, "text": text}}


def steps(title, items):
    return {
        "type": "steps",
        "value": {"title": title, "steps": [{"title": t, "text": x} for t, x in items]},
    }


def faq(title, items):
    return {
        "type": "faq",
        "value": {"title": title, "items": [{"question": q, "answer": a} for q, a in items]},
    }


def table(caption, header, rows):
    return {
        "type": "table",
        "value": {
            "table_caption": caption,
            "table_header_choice": "row",
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "data": [header, *rows],
        },
    }


def warranty_terms(title):
    """The live warranty table: its periods come from the warranty settings."""
    return {"type": "warranty_terms", "value": {"title": title}}


def contact(title, fields):
    return {"type": "contact", "value": {"title": title, "fields": list(fields)}}


#: Store settings shown by the contact blocks of the help pages (both languages).
SERVICE_CENTER_CONTACT = [
    "service_center_address",
    "call_center_phone",
    "office_hours",
    "after_hours_visit_surcharge",
    "pickup_fee",
]
STORE_CONTACT = [
    "call_center_phone",
    "whatsapp_number",
    "support_email",
    "showroom_address",
    "service_center_address",
    "office_hours",
]


PAGES = [
    {
        "topic": topics.HOW_TO_SHOP,
        "slug": "cara-berbelanja",
        "title": "Cara Berbelanja",
        "intro": "Dari memilih scanner sampai pesanan tiba, dalam beberapa langkah.",
        "body": [
            steps(
                "Langkah berbelanja",
                [
                    (
                        "Pilih scanner",
                        "<p>Cari model yang sesuai lebar dokumen Anda dan masukkan ke "
                        "keranjang belanja.</p>",
                    ),
                    (
                        "Isi alamat pengiriman",
                        "<p>Ongkos kirim dihitung dari alamat dan berat paket. Pilih "
                        "<b>Ambil di showroom</b> bila ingin mengambil sendiri.</p>",
                    ),
                    (
                        "Pilih cara pembayaran",
                        "<p>Transfer bank, bayar di showroom (O2O), atau bayar di tempat "
                        "(COD) untuk alamat di Jabodetabek.</p>",
                    ),
                    (
                        "Periksa dan kirim pesanan",
                        "<p>Nomor pesanan dikirim ke e-mail Anda. Simpan nomor itu untuk "
                        "melacak pesanan.</p>",
                    ),
                    (
                        "Bayar dan konfirmasi",
                        "<p>Untuk transfer bank, kirim konfirmasi pembayaran beserta bukti "
                        "transfer setelah membayar.</p>",
                    ),
                ],
            ),
            notice(
                "<p>Belanja tanpa mendaftar akun juga bisa. Pesanan tetap dapat dilacak "
                "dengan nomor pesanan dan alamat e-mail.</p>",
                title="Tanpa akun",
                kind="tip",
            ),
        ],
    },
    {
        "topic": topics.PAYMENT,
        "slug": "cara-pembayaran",
        "title": "Cara Pembayaran",
        "intro": "Tiga cara membayar: transfer bank, bayar di showroom, atau bayar di tempat.",
        "body": [
            heading("Transfer bank"),
            paragraph(
                "<p>Bisa dipakai untuk semua pesanan. Lakukan transfer ke salah satu "
                "rekening toko di bawah ini sesuai total pesanan.</p>"
            ),
            {
                "type": "bank_accounts",
                "value": {"title": "Rekening toko", "intro": "Atas nama PT Contex Indonesia."},
            },
            notice(
                "<p>Pembayaran harus kami terima dalam <b>1×24 jam</b> sejak pesanan dibuat. "
                "Lewat dari itu, pesanan dibatalkan otomatis. Konfirmasi yang sudah dikirim "
                "sebelum batas waktu menahan pembatalan selama kami memeriksanya.</p>",
                title="Batas waktu pembayaran",
                kind="warning",
            ),
            steps(
                "Konfirmasi pembayaran",
                [
                    ("Buka pesanan Anda", "<p>Lewat akun atau pelacakan pesanan.</p>"),
                    (
                        "Isi data transfer",
                        "<p>Bank asal, nama pemilik rekening, jumlah dan tanggal transfer.</p>",
                    ),
                    ("Unggah bukti", "<p>Foto atau PDF bukti transfer.</p>"),
                    (
                        "Tunggu verifikasi",
                        "<p>Staf kami memeriksa dalam 2×24 jam kerja. Bila ditolak, "
                        "alasannya kami kirim dan Anda dapat mengirim ulang selama batas "
                        "waktu masih berlaku.</p>",
                    ),
                ],
            ),
            heading("Bayar di showroom (O2O)"),
            paragraph(
                "<p>Pilih pengambilan di showroom, lalu bayar saat mengambil barang di "
                "showroom Contex Indonesia.</p>"
            ),
            heading("Bayar di tempat (COD)"),
            paragraph(
                "<p>Bayar kepada kurir saat barang tiba. Hanya untuk alamat pengiriman di "
                "Jabodetabek (Jakarta, Bogor, Depok, Tangerang, Bekasi).</p>"
            ),
        ],
    },
    {
        "topic": topics.SHIPPING,
        "slug": "pengiriman",
        "title": "Waktu & Biaya Pengiriman",
        "intro": "Gratis ongkir di Jabodetabek; di luar itu sesuai berat dan tujuan.",
        "body": [
            table(
                "Pengiriman menurut wilayah",
                ["Wilayah", "Biaya", "Perkiraan waktu"],
                [
                    ["Jabodetabek", "Gratis", "1–2 hari kerja"],
                    [
                        "Luar Jabodetabek",
                        "Menurut berat paket dan zona tujuan",
                        "Menurut layanan kurir",
                    ],
                    ["Ambil di showroom", "Gratis", "Setelah pesanan siap"],
                ],
            ),
            paragraph(
                "<p>Hari kerja adalah Senin sampai Jumat di luar hari libur nasional. "
                "Nomor resi dikirim lewat e-mail saat pesanan berangkat.</p>"
            ),
            notice(
                "<p>Bila tarif untuk alamat Anda belum tersedia, pesanan tetap bisa dibuat. "
                "Pesanan kami tahan, staf menghubungi Anda dengan ongkos kirimnya, lalu "
                "total baru dikirim lewat e-mail.</p>",
                title="Tujuan tanpa tarif",
            ),
        ],
    },
    {
        "topic": topics.PRICE_POLICY,
        "slug": "kebijakan-harga",
        "title": "Kebijakan Harga",
        "intro": "Apa yang terjadi bila harga yang tampil ternyata keliru.",
        "body": [
            paragraph(
                "<p>Kami berusaha menampilkan harga yang benar, tetapi kekeliruan tetap "
                "mungkin terjadi.</p>"
            ),
            paragraph(
                "<ul><li>Bila harga yang benar <b>lebih rendah</b>, Anda membayar harga "
                "yang lebih rendah; kelebihan bayar kami kembalikan.</li><li>Bila harga "
                "yang benar <b>lebih tinggi</b>, kami dapat membatalkan pesanan dan "
                "mengembalikan seluruh pembayaran. Pemberitahuan dikirim lewat "
                "e-mail.</li></ul>"
            ),
        ],
    },
    {
        "topic": topics.ORDER_STATUS,
        "slug": "status-pesanan",
        "title": "Status Pesanan",
        "intro": "Arti setiap status pesanan dan cara melacaknya.",
        "body": [
            paragraph(
                "<p>Lacak pesanan dengan nomor pesanan dan alamat e-mail yang dipakai saat "
                "memesan, atau lewat daftar pesanan di akun Anda. Setiap perubahan status "
                "tercatat dan yang penting bagi Anda dikirim lewat e-mail.</p>"
            ),
            {"type": "order_statuses", "value": {"title": "Daftar status", "show_next": True}},
        ],
    },
    {
        "topic": topics.WARRANTY,
        "slug": "garansi",
        "title": "Garansi",
        "intro": "Garansi resmi untuk setiap scanner yang dibeli di toko kami.",
        "body": [
            warranty_terms("Ketentuan garansi"),
            paragraph(
                "<p>Bawa stiker atau kartu garansi, atau faktur pembelian dari toko kami, "
                "sebagai bukti garansi.</p>"
            ),
        ],
    },
    {
        "topic": topics.SERVICE_CENTER,
        "slug": "service-center",
        "title": "Service Center",
        "intro": "Servis, klaim garansi dan konsultasi scanner, juga secara online.",
        "body": [
            paragraph(
                "<p>Service center kami menangani klaim garansi, perbaikan, perawatan dan "
                "tukar tambah. Status setiap tiket servis bisa dilacak online dengan nomor "
                "tiket dan alamat e-mail.</p>"
            ),
            heading("Layanan"),
            table(
                "",
                ["Layanan", "Keterangan"],
                [
                    ["Konsultasi", "Gratis, lewat kunjungan, telepon atau e-mail."],
                    [
                        "Kunjungan teknisi",
                        "Dijadwalkan paling lambat 2 hari kerja, biasanya hari kerja "
                        "berikutnya. Kunjungan di luar jam kantor dikenai biaya tambahan.",
                    ],
                    [
                        "Antar-jemput unit",
                        "Kami ambil dan kembalikan unit, termasuk yang dibeli di tempat lain.",
                    ],
                    [
                        "Perbaikan di luar garansi",
                        "Jasa dan suku cadang dapat dikenai biaya; penawaran harga disetujui "
                        "pelanggan lebih dulu.",
                    ],
                ],
            ),
            steps(
                "Mengirim unit dari luar Jakarta",
                [
                    ("Buka permintaan servis", "<p>Isi formulir servis online.</p>"),
                    (
                        "Kemas unit",
                        "<p>Sertakan kartu garansi, faktur dan keterangan kerusakan.</p>",
                    ),
                    ("Kirim ke service center", "<p>Alamat tercantum di bawah.</p>"),
                ],
            ),
            paragraph(
                "<p>Di wilayah Jakarta, unit dapat dibawa ke service center merek, cabangnya, "
                "atau service center kami.</p>"
            ),
            contact("Service center", SERVICE_CENTER_CONTACT),
        ],
    },
    {
        "topic": topics.FAQ,
        "slug": "tanya-jawab",
        "title": "Tanya Jawab",
        "intro": "Pertanyaan yang sering diajukan pelanggan.",
        "body": [
            faq(
                "Pesanan dan pembayaran",
                [
                    (
                        "Berapa lama batas waktu transfer?",
                        "<p>1×24 jam sejak pesanan dibuat. Setelah itu pesanan batal otomatis.</p>",
                    ),
                    (
                        "Apakah COD tersedia di kota saya?",
                        "<p>COD hanya untuk alamat di Jabodetabek.</p>",
                    ),
                    (
                        "Bagaimana melacak pesanan tanpa akun?",
                        "<p>Masukkan nomor pesanan dan alamat e-mail di halaman pelacakan.</p>",
                    ),
                ],
            ),
            faq(
                "Garansi dan servis",
                [
                    (
                        "Unit saya rusak saat tiba. Apa yang harus dilakukan?",
                        "<p>Segera ajukan klaim: dalam masa rusak saat diterima (DOA) yang "
                        "tercantum di halaman Garansi, dihitung sejak unit Anda terima, unit "
                        "dengan dus dan kelengkapan utuh ditukar baru.</p>",
                    ),
                    (
                        "Scanner saya dibeli di luar negeri. Bisa diservis?",
                        "<p>Bisa, dengan biaya, karena tidak mendapat garansi toko.</p>",
                    ),
                ],
            ),
        ],
    },
    {
        "topic": topics.CONTACT,
        "slug": "kontak",
        "title": "Hubungi Kami",
        "intro": "Call center, e-mail, WhatsApp dan alamat showroom.",
        "body": [
            contact("Kontak", STORE_CONTACT),
        ],
    },
    {
        "topic": topics.TERMS,
        "slug": "syarat-dan-ketentuan",
        "title": "Syarat dan Ketentuan",
        "intro": "Yang Anda setujui saat membuat pesanan di toko ini.",
        "body": [
            paragraph(
                "<p>Dengan mencentang persetujuan saat checkout, Anda menyetujui ketentuan "
                "di bawah ini. Setiap pesanan mencatat versi halaman ini yang berlaku saat "
                "itu.</p>"
            ),
            heading("Pesanan dan harga"),
            paragraph(
                "<p>Harga dalam Rupiah. Pesanan mengikat setelah dibuat; stok disisihkan "
                "untuk Anda selama pesanan belum dibatalkan.</p>"
            ),
            heading("Pembayaran"),
            paragraph(
                "<p>Transfer bank dibayar tepat sebesar jumlah tagihan (termasuk kode unik) "
                "sebelum batas waktu; lewat batas waktu pesanan dibatalkan. COD hanya di "
                "Jabodetabek, pembayaran di showroom hanya dengan ambil sendiri.</p>"
            ),
            heading("Pembatalan"),
            paragraph(
                "<p>Anda dapat membatalkan pesanan selama belum dibayar dan belum dikirim. "
                "Dana pesanan yang sudah dibayar lalu dibatalkan dikembalikan ke rekening "
                "Anda.</p>"
            ),
            heading("Garansi"),
            paragraph("<p>Garansi mengikuti ketentuan pada halaman Garansi.</p>"),
        ],
    },
]


def load(stdout):
    home = ensure_store_root_page()
    settings_obj = ensure_store_settings(home)
    index = ensure_help_index(home)
    created = [spec["slug"] for spec in PAGES if ensure_information_page(index, spec)]
    english = ensure_english(home, index)
    ensure_editorial_workflow(home)
    stdout.write(
        f"  help pages: /{index.slug}/ with {len(PAGES)} topics "
        f"({len(created)} new, {english} new in English), "
        f"store settings for '{settings_obj.store_name}', editors' groups and workflow"
    )


def ensure_store_settings(home):
    """The store settings of the site rooted at ``home``: created when missing, never changed."""
    site = home.sites_rooted_here.first()
    return StoreSettings.objects.get_or_create(site=site)[0]


def ensure_help_index(home):
    index = HelpIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=HelpIndexPage(**HELP_INDEX))
        index.save_revision().publish()
    return index


def ensure_information_page(index, spec):
    if InformationPage.objects.child_of(index).filter(topic=spec["topic"]).exists():
        return False
    page = index.add_child(instance=InformationPage(**spec))
    page.save_revision().publish()
    return True


# --- English translations (when Wagtail's i18n is on and "en" is a content language) ---

HELP_INDEX_EN = {
    "title": "Help",
    "slug": "help",
    "intro": (
        "How buying a large-format scanner at the Contex Indonesia Store works: "
        "payment, delivery, warranty and service."
    ),
}

PAGES_EN = {
    topics.HOW_TO_SHOP: {
        "slug": "how-to-shop",
        "title": "How to Shop",
        "intro": "From choosing a scanner to receiving it, in a few steps.",
        "body": [
            steps(
                "Steps",
                [
                    (
                        "Choose a scanner",
                        "<p>Pick the width you scan and add it to the basket.</p>",
                    ),
                    (
                        "Enter the delivery address",
                        "<p>Delivery is priced by address and parcel weight; choose "
                        "<b>Showroom pickup</b> to collect it yourself.</p>",
                    ),
                    (
                        "Choose how to pay",
                        "<p>Bank transfer, pay at the showroom (O2O), or cash on delivery "
                        "inside Jabodetabek.</p>",
                    ),
                    ("Place the order", "<p>The order number arrives by e-mail.</p>"),
                    (
                        "Pay and confirm",
                        "<p>After a bank transfer, send a payment confirmation with the "
                        "transfer receipt.</p>",
                    ),
                ],
            ),
            notice(
                "<p>No account needed: track the order with its number and your e-mail.</p>",
                title="Without an account",
                kind="tip",
            ),
        ],
    },
    topics.PAYMENT: {
        "slug": "payment",
        "title": "Payment Methods",
        "intro": "Pay by bank transfer, at the showroom, or cash on delivery.",
        "body": [
            heading("Bank transfer"),
            paragraph("<p>Available for every order. Transfer the order total to:</p>"),
            {
                "type": "bank_accounts",
                "value": {"title": "Store accounts", "intro": "Holder: PT Contex Indonesia."},
            },
            notice(
                "<p>We must receive the payment within <b>24 hours</b> of the order, or it "
                "is cancelled automatically. A confirmation sent in time holds the "
                "cancellation while we review it.</p>",
                title="Payment deadline",
                kind="warning",
            ),
            steps(
                "Confirming a payment",
                [
                    ("Open your order", "<p>From your account or order tracking.</p>"),
                    ("Enter the transfer", "<p>Bank, account holder, amount and date.</p>"),
                    ("Upload the receipt", "<p>A photo or PDF of the transfer.</p>"),
                    (
                        "Wait for the check",
                        "<p>Staff verify within 2 working days. If it is rejected we say "
                        "why, and you may send it again while the deadline allows.</p>",
                    ),
                ],
            ),
            heading("Pay at the showroom (O2O)"),
            paragraph("<p>Choose showroom pickup and pay when you collect the product.</p>"),
            heading("Cash on delivery (COD)"),
            paragraph(
                "<p>Pay the courier on delivery. Only for addresses in Jabodetabek "
                "(Jakarta, Bogor, Depok, Tangerang, Bekasi).</p>"
            ),
        ],
    },
    topics.SHIPPING: {
        "slug": "shipping",
        "title": "Shipping Times & Costs",
        "intro": "Free in Jabodetabek; elsewhere by weight and destination.",
        "body": [
            table(
                "Delivery by region",
                ["Region", "Cost", "Estimated time"],
                [
                    ["Jabodetabek", "Free", "1–2 working days"],
                    ["Outside Jabodetabek", "By parcel weight and zone", "By courier service"],
                    ["Showroom pickup", "Free", "When the order is ready"],
                ],
            ),
            paragraph(
                "<p>Working days are Monday to Friday except public holidays. The tracking "
                "number is e-mailed when the order ships.</p>"
            ),
            notice(
                "<p>No rate for your address yet? You can still order: we hold the order, "
                "call you with the delivery cost and e-mail the new total.</p>",
                title="Destinations without a rate",
            ),
        ],
    },
    topics.PRICE_POLICY: {
        "slug": "price-policy",
        "title": "Price Policy",
        "intro": "What happens when a displayed price turns out to be wrong.",
        "body": [
            paragraph("<p>We try to show correct prices, but mistakes can happen.</p>"),
            paragraph(
                "<ul><li>If the correct price is <b>lower</b>, you pay the lower price and "
                "any overpayment is refunded.</li><li>If it is <b>higher</b>, we may cancel "
                "the order and refund everything you paid, and tell you by e-mail.</li></ul>"
            ),
        ],
    },
    topics.ORDER_STATUS: {
        "slug": "order-status",
        "title": "Order Status",
        "intro": "What each order status means and how to track an order.",
        "body": [
            paragraph(
                "<p>Track an order with its number and the e-mail used to order, or in "
                "your account. Every change is recorded and the ones that matter to you "
                "are e-mailed.</p>"
            ),
            {"type": "order_statuses", "value": {"title": "Statuses", "show_next": True}},
        ],
    },
    topics.WARRANTY: {
        "slug": "warranty",
        "title": "Warranty",
        "intro": "Official warranty on every scanner bought from us.",
        "body": [
            warranty_terms("Warranty terms"),
            paragraph("<p>Bring the warranty sticker or card, or our invoice, as proof.</p>"),
        ],
    },
    topics.SERVICE_CENTER: {
        "slug": "service-center",
        "title": "Service Center",
        "intro": "Service, warranty claims and advice for scanners, also online.",
        "body": [
            paragraph(
                "<p>Our service center handles warranty claims, repairs, maintenance and "
                "trade-ins. Track any service ticket online with its number and your "
                "e-mail.</p>"
            ),
            heading("Services"),
            table(
                "",
                ["Service", "Details"],
                [
                    ["Consultation", "Free, by visit, phone or e-mail."],
                    [
                        "On-site visit",
                        "Within 2 working days, usually the next working day. Visits "
                        "outside office hours cost a surcharge.",
                    ],
                    ["Pickup & delivery", "We collect and return units, bought here or not."],
                    [
                        "Out-of-warranty repair",
                        "Work and parts may be charged; you approve a quote first.",
                    ],
                ],
            ),
            steps(
                "Sending a unit from outside Jakarta",
                [
                    ("Open a service request", "<p>Fill in the online service form.</p>"),
                    ("Pack the unit", "<p>Add the warranty card, invoice and fault notes.</p>"),
                    ("Ship it to the service center", "<p>Address below.</p>"),
                ],
            ),
            paragraph(
                "<p>In Jakarta, bring it to the brand's service center, a branch, or ours.</p>"
            ),
            contact("Service center", SERVICE_CENTER_CONTACT),
        ],
    },
    topics.FAQ: {
        "slug": "faq",
        "title": "FAQ",
        "intro": "Questions shoppers often ask.",
        "body": [
            faq(
                "Orders and payment",
                [
                    (
                        "How long do I have to transfer?",
                        "<p>24 hours from placing the order; then it is cancelled.</p>",
                    ),
                    ("Is COD available in my city?", "<p>Only for Jabodetabek addresses.</p>"),
                    (
                        "How do I track an order without an account?",
                        "<p>Enter the order number and your e-mail on the tracking page.</p>",
                    ),
                ],
            ),
            faq(
                "Warranty and service",
                [
                    (
                        "My unit arrived broken. What now?",
                        "<p>Claim straight away: within the dead-on-arrival period on the "
                        "Warranty page, counted from the day you received it, a unit with "
                        "its box and accessories complete is exchanged for a new one.</p>",
                    ),
                    (
                        "I bought my scanner abroad. Can you service it?",
                        "<p>Yes, for a fee, as it has no store warranty.</p>",
                    ),
                ],
            ),
        ],
    },
    topics.CONTACT: {
        "slug": "contact",
        "title": "Contact Us",
        "intro": "Call center, e-mail, WhatsApp and the showroom address.",
        "body": [
            contact("Contact", STORE_CONTACT),
        ],
    },
    topics.TERMS: {
        "slug": "terms-and-conditions",
        "title": "Terms and Conditions",
        "intro": "What you agree to when you place an order in this store.",
        "body": [
            paragraph(
                "<p>By ticking the acceptance at checkout you agree to the terms below. Each "
                "order records the version of this page in force at the time.</p>"
            ),
            heading("Orders and prices"),
            paragraph(
                "<p>Prices are in rupiah. An order is binding once placed; its stock is set "
                "aside for you until the order is cancelled.</p>"
            ),
            heading("Payment"),
            paragraph(
                "<p>A bank transfer pays exactly the amount due (unique code included) "
                "before the deadline; past the deadline the order is cancelled. Cash on "
                "delivery only in Jabodetabek, payment at the showroom only with pickup.</p>"
            ),
            heading("Cancelling"),
            paragraph(
                "<p>You may cancel an order while it is unpaid and not shipped. Money paid "
                "for an order that is then cancelled is returned to your account.</p>"
            ),
            heading("Warranty"),
            paragraph("<p>The warranty follows the terms on the Warranty page.</p>"),
        ],
    },
}


def english_locale():
    """The English ``Locale`` when the site runs Wagtail's i18n with English, else None."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return None
    if "en" not in dict(getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", ())):
        return None
    return Locale.objects.get_or_create(language_code="en")[0]


def ensure_english(home, index):
    """English translations of the tree, each page written in English (not copied text)."""
    locale = english_locale()
    if locale is None:
        return 0
    translate(home, locale, {})
    translate(index, locale, HELP_INDEX_EN)
    created = 0
    for page in InformationPage.objects.child_of(index):
        spec = PAGES_EN.get(page.topic)
        if spec is not None and translate(page, locale, spec):
            created += 1
    return created


def translate(page, locale, values):
    """Create ``page``'s translation in ``locale`` once; True when created now."""
    if page.get_translation_or_none(locale) is not None:
        return False
    translation = page.copy_for_translation(locale)
    for field, value in values.items():
        setattr(translation, field, value)
    translation.save()
    translation.save_revision().publish()
    return True


# --- editors: groups, moderation workflow, demo accounts ----------------------------

EDITOR_PAGE_PERMISSIONS = ("add", "change")
MODERATOR_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
MEDIA_PERMISSIONS = {
    "Editors": ("add", "change", "choose"),
    "Moderators": ("add", "change", "delete", "choose"),
}


def ensure_editorial_workflow(home):
    """Editors draft and submit; Moderators approve.

    Wagtail's migrations create both groups and a "Moderators approval" workflow on
    the tree root; this re-creates whatever is missing (e.g. after a test flush).
    """
    editors = ensure_group("Editors", ["add_announcement", "change_announcement"])
    moderators = ensure_group(
        "Moderators",
        [
            "add_announcement",
            "change_announcement",
            "delete_announcement",
            "publish_announcement",
            "lock_announcement",
            "unlock_announcement",
            "change_storesettings",
        ],
    )
    # On the tree root, as Wagtail's own defaults: every language's tree is covered.
    root = home.get_parent()
    grant_page_permissions(editors, root, EDITOR_PAGE_PERMISSIONS)
    grant_page_permissions(moderators, root, MODERATOR_PAGE_PERMISSIONS)
    grant_media_permissions({"Editors": editors, "Moderators": moderators})
    if home.get_workflow() is None:
        task = GroupApprovalTask.objects.filter(active=True, groups=moderators).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name="Persetujuan moderator")
            task.groups.set([moderators])
        workflow = Workflow.objects.create(name="Persetujuan konten")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return editors, moderators


def ensure_group(name, codenames):
    group, _ = Group.objects.get_or_create(name=name)
    wanted = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ) | Permission.objects.filter(content_type__app_label="contex_cms", codename__in=codenames)
    group.permissions.add(*wanted)
    return group


def grant_page_permissions(group, page, kinds):
    content_type = ContentType.objects.get_for_model(Page)
    scope = page.get_ancestors(inclusive=True)
    for kind in kinds:
        permission = Permission.objects.get(
            content_type=content_type, codename=f"{kind}_{Page._meta.model_name}"
        )
        held = GroupPagePermission.objects.filter(
            group=group, permission=permission, page__in=scope
        )
        if not held.exists():
            GroupPagePermission.objects.create(group=group, page=page, permission=permission)


def grant_media_permissions(groups):
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for name, kinds in MEDIA_PERMISSIONS.items():
        for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
            for kind in kinds:
                permission = Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{kind}_{model}"
                )
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[name], collection=root, permission=permission
                )
