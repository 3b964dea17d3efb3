"""Small builders for tests: real Oscar objects, made through Oscar's own APIs."""

from decimal import Decimal as D

from django.contrib.auth import get_user_model
from oscar.core.loading import default_class_loader, get_class, get_model

Product = get_model("catalogue", "Product")
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
Basket = get_model("basket", "Basket")
OrderCreator = get_class("order.utils", "OrderCreator")  # the store's (the class loader's)
#: Oscar's own creator: an order without the store's placement (e.g. placed before install)
(OscarOrderCreator,) = default_class_loader("order.utils", ["OrderCreator"], "oscar.apps")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")
Free = get_class("shipping.methods", "Free")

JAKARTA_ADDRESS = {
    "first_name": "Budi",
    "last_name": "Santoso",
    "line1": "Jl. Gajah Mada No. 1",
    "line4": "Jakarta Pusat",
    "state": "DKI Jakarta",
    "postcode": "10130",
    "phone_number": "+62 21 555 0101",
}

_counter = {"n": 0}


def checkout_body(basket_url, **fields):
    """A ``POST /api/checkout/`` body for ``basket_url``: the shopper accepts the terms
    (``accept_terms``, required), plus ``fields`` (a field given as None is left out)."""
    body = {"basket": basket_url, "accept_terms": True, **fields}
    return {name: value for name, value in body.items() if value is not None}


def products():
    return list(Product.objects.filter(upc__startswith="CTX-").order_by("id"))


def demo_catalogue():
    """Load the demo site (Indonesia, the Contex partner), its nine scanners and its bank
    accounts (bank transfer is offered only with one); the scanners."""
    import io

    from contex_oscar.setup import catalogue as demo_catalogue
    from contex_oscar.setup import payment as demo_payment
    from sandbox.store.demo import site as demo_site

    demo_site.load(io.StringIO())
    demo_catalogue.load(io.StringIO())
    demo_payment.load(io.StringIO())
    return products()


def user(email=None, **extra):
    _counter["n"] += 1
    email = email or f"pembeli{_counter['n']}@example.com"
    return get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password="rahasia-123", **extra
    )


STAFF_EMAIL = "staf-test@contex.example"


def staff_user():
    return user(email=STAFF_EMAIL, is_staff=True, is_superuser=True)


def staff_member(*groups, email=None):
    """Active staff (not a superuser) in the store's ``groups`` (``staff_permissions``)."""
    from django.contrib.auth.models import Group

    member = user(email=email, is_staff=True)
    member.groups.add(*Group.objects.filter(name__in=groups))
    return member


def basket_with(product, quantity=1, owner=None):
    basket = Basket.objects.create(owner=owner)
    basket.strategy = Selector().strategy()
    basket.add_product(product, quantity)
    return basket


def place_order(
    product,
    quantity=1,
    owner=None,
    status="awaiting-payment",
    email="tamu@example.com",
    basket=None,
    creator=None,
    payment_method=None,
):
    """Place an order the way Oscar's checkout does (stock allocated, lines created), with
    the order creator the class loader gives (the store's: the payment is recorded too).

    ``basket``: check out this basket instead of one holding ``quantity`` of ``product``;
    ``creator``: another order creator (e.g. Oscar's own); ``payment_method``: a method
    code (default: the store's default method); ``"o2o"`` picks up at the showroom.
    """
    basket = basket or basket_with(product, quantity, owner)
    from contex_oscar.shipping.methods import ShowroomPickup

    shipping_method = ShowroomPickup() if payment_method == "o2o" else Free()
    extra = {"payment_method": payment_method} if payment_method else {}
    if creator is None or isinstance(creator, OrderCreator):  # the store's: terms accepted
        extra["terms_accepted"] = True
    shipping_charge = shipping_method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, shipping_charge)
    address = ShippingAddress.objects.create(
        country=Country.objects.get(iso_3166_1_a2="ID"), **JAKARTA_ADDRESS
    )
    order = (creator or OrderCreator()).place_order(
        basket=basket,
        total=total,
        shipping_method=shipping_method,
        shipping_charge=shipping_charge,
        user=owner,
        shipping_address=address,
        status=status,
        guest_email="" if owner else email,
        **extra,
    )
    basket.submit()
    return order


def money(value):
    return D(str(value))


def scanners(count, num_in_stock=None):
    """``count`` public scanners: the demo catalogue plus numbered copies of its models.

    Needs the demo catalogue loaded (the ``catalogue`` fixture). Copies carry the
    model's attributes, category and price, so list and basket queries see real data.
    ``num_in_stock`` (if given) is set on every scanner's stock record.
    """
    ProductCategory = get_model("catalogue", "ProductCategory")
    StockRecord = get_model("partner", "StockRecord")
    models = products()
    for index in range(len(models), count):
        model = models[index % len(models)]
        copy = Product.objects.create(
            upc=f"{model.upc}-{index:03d}",
            title=f"{model.title} #{index}",
            product_class=model.product_class,
            structure=model.structure,
            is_public=True,
            description=model.description,
        )
        for value in model.attribute_values.select_related("attribute"):
            setattr(copy.attr, value.attribute.code, value.value)
        copy.attr.save()
        for category in model.categories.all():
            ProductCategory.objects.create(product=copy, category=category)
        record = model.stockrecords.get()
        StockRecord.objects.create(
            product=copy,
            partner=record.partner,
            partner_sku=copy.upc,
            price_currency=record.price_currency,
            price=record.price,
            num_in_stock=record.num_in_stock,
        )
    chosen = products()[:count]
    if num_in_stock is not None:
        StockRecord.objects.filter(product__in=chosen).update(num_in_stock=num_in_stock)
    return chosen


MEDAN_ADDRESS = {
    "first_name": "Siti",
    "last_name": "Nasution",
    "line1": "Jl. Gatot Subroto No. 7",
    "line4": "Medan",
    "state": "Sumatera Utara",
    "postcode": "20112",
    "phone_number": "+62 61 555 0102",
}


def use_private_storage(settings, root):
    """Point the ``contex_private`` storage alias at ``root`` (a test's own directory, never
    MEDIA_ROOT) for proofs and attachments; returns ``root``."""
    settings.STORAGES = {
        **settings.STORAGES,
        "contex_private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


def add_to_basket(client, *products):
    """Adds one of each product through the API; returns the basket's URL."""
    for product in products:
        response = client.post(
            "/api/basket/add-product/",
            {"url": f"http://testserver/api/products/{product.pk}/", "quantity": 1},
            format="json",
        )
        assert response.status_code == 200, response.content
    return client.get("/api/basket/").json()["url"]


def minimal_pdf(catalog_extra="", extra_objects=""):
    """A small, valid PDF (its xref offsets computed); ``catalog_extra`` goes in the catalog."""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    if extra_objects:
        objects.append(extra_objects)
    body = b"%PDF-1.7\n"
    offsets = []
    for number, text in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n{text}\nendobj\n".encode()
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        body += f"{offset:010d} 00000 n \n".encode()
    body += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return body
