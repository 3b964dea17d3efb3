"""Demo catalogue (``contex_setup --demo``): Contex large-format scanners with IDR prices,
weights, warranty types and stock. Brought to the values below on every run."""

from decimal import Decimal as D

from oscar.core.loading import get_model

from contex_oscar.conf import contex_settings

ProductClass = get_model("catalogue", "ProductClass")
ProductAttribute = get_model("catalogue", "ProductAttribute")
AttributeOptionGroup = get_model("catalogue", "AttributeOptionGroup")
AttributeOption = get_model("catalogue", "AttributeOption")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")

PARTNER_NAME = "Contex Indonesia"
PRODUCT_CLASS = "Scanner Format Besar"
WARRANTY_TYPES = ["standard", "lifetime"]

# (upc, title, family, price IDR, weight kg, length/width/height cm, warranty, stock)
SCANNERS = [
    (
        "CTX-IQQX-24",
        'Contex IQ Quattro X 24"',
        "IQ Quattro X",
        D("98500000"),
        22.5,
        (91, 40, 30),
        "standard",
        6,
    ),
    (
        "CTX-IQQX-44",
        'Contex IQ Quattro X 44"',
        "IQ Quattro X",
        D("142000000"),
        31.0,
        (135, 45, 32),
        "lifetime",
        4,
    ),
    (
        "CTX-IQQX-44P",
        'Contex IQ Quattro X 44" Pro',
        "IQ Quattro X",
        D("168500000"),
        32.0,
        (135, 45, 32),
        "lifetime",
        3,
    ),
    (
        "CTX-HDUX-3650",
        "Contex HD Ultra X 3650",
        "HD Ultra X",
        D("215000000"),
        48.0,
        (150, 60, 45),
        "standard",
        2,
    ),
    (
        "CTX-HDUX-4250",
        "Contex HD Ultra X 4250",
        "HD Ultra X",
        D("265000000"),
        56.0,
        (168, 62, 46),
        "lifetime",
        2,
    ),
    (
        "CTX-HDUX-4290",
        "Contex HD Ultra X 4290 Art",
        "HD Ultra X",
        D("312000000"),
        58.5,
        (168, 62, 48),
        "lifetime",
        1,
    ),
    ("CTX-IQFLEX", "Contex IQ FLEX", "IQ FLEX", D("64500000"), 24.0, (100, 42, 28), "standard", 8),
    (
        "CTX-IQFLEX-MK2",
        "Contex IQ FLEX MK2",
        "IQ FLEX",
        D("72900000"),
        25.5,
        (100, 42, 28),
        "standard",
        5,
    ),
    (
        "CTX-IQFLEX-FB",
        "Contex IQ FLEX Flatbed Extension",
        "IQ FLEX",
        D("48750000"),
        78.0,
        (160, 110, 40),
        "standard",
        2,
    ),
]


def load(stdout):
    product_class = _product_class()
    partner, _ = Partner.objects.get_or_create(name=PARTNER_NAME)
    root = _category_root()
    families = {}
    for upc, title, family, price, weight, dims, warranty, stock in SCANNERS:
        category = families.get(family) or _child_category(root, family)
        families[family] = category
        product, _ = Product.objects.update_or_create(
            upc=upc,
            defaults={
                "title": title,
                "product_class": product_class,
                "structure": Product.STANDALONE,
                "is_public": True,
                "description": f"{title}: scanner format besar dari keluarga {family}.",
            },
        )
        product.attr.weight = weight
        product.attr.length = dims[0]
        product.attr.width = dims[1]
        product.attr.height = dims[2]
        product.attr.warranty_type = AttributeOption.objects.get(
            group__name="Jenis garansi", option=warranty
        )
        product.attr.save()
        ProductCategory.objects.get_or_create(product=product, category=category)
        StockRecord.objects.update_or_create(
            product=product,
            partner=partner,
            defaults={
                "partner_sku": upc,
                "price_currency": "IDR",
                "price": price,
                "num_in_stock": stock,
            },
        )
    stdout.write(f"  catalogue: {len(SCANNERS)} Contex scanners from '{PARTNER_NAME}'")


def _product_class():
    product_class, _ = ProductClass.objects.get_or_create(
        slug="scanner-format-besar",
        defaults={"name": PRODUCT_CLASS, "requires_shipping": True, "track_stock": True},
    )
    group, _ = AttributeOptionGroup.objects.get_or_create(name="Jenis garansi")
    for option in WARRANTY_TYPES:
        AttributeOption.objects.get_or_create(group=group, option=option)
    for code, name, type_ in [
        ("weight", "Berat (kg)", ProductAttribute.FLOAT),
        ("length", "Panjang kemasan (cm)", ProductAttribute.FLOAT),
        ("width", "Lebar kemasan (cm)", ProductAttribute.FLOAT),
        ("height", "Tinggi kemasan (cm)", ProductAttribute.FLOAT),
    ]:
        ProductAttribute.objects.update_or_create(
            product_class=product_class, code=code, defaults={"name": name, "type": type_}
        )
    ProductAttribute.objects.update_or_create(
        product_class=product_class,
        code="warranty_type",
        defaults={
            "name": "Jenis garansi",
            "type": ProductAttribute.OPTION,
            "option_group": group,
            "required": True,
        },
    )
    # the model's end of production (lifetime warranties): staff set it in the product form
    ProductAttribute.objects.update_or_create(
        product_class=product_class,
        code=contex_settings.CONTEX_PRODUCTION_ENDED_ATTRIBUTE,
        defaults={"name": "Akhir produksi", "type": ProductAttribute.DATE, "required": False},
    )
    return product_class


def _category_root():
    root = Category.get_root_nodes().filter(slug="scanner-format-besar").first()
    return root or Category.add_root(name="Scanner Format Besar", slug="scanner-format-besar")


def _child_category(parent, name):
    existing = parent.get_children().filter(name=name).first()
    return existing or parent.add_child(name=name)
