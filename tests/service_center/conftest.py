import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from contex_oscar.order.services import change_order_status
from contex_oscar.service_center import kinds, tickets
from tests import factories

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))
ADDRESS = "Jl. Pangeran Jayakarta No. 88 Lt. 2, Jakarta Pusat 10730"


def jakarta(*args):
    """An aware datetime in store time (Asia/Jakarta has no DST: UTC+7)."""
    return datetime.datetime(*args, tzinfo=JAKARTA)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Attachments go to a private directory of this test only (never MEDIA_ROOT)."""
    return factories.use_private_storage(settings, tmp_path / "private")


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def store(db):
    """The default site's store settings with the service center's values."""
    return store_settings()


def store_settings():
    """The demo site with the service center's values in its store settings."""
    from contex_oscar.cms.models import StoreSettings
    from sandbox.store.demo import site as demo_site

    demo_site.load(io.StringIO())
    from wagtail.models import Site

    values = StoreSettings.for_site(Site.objects.get(is_default_site=True))
    values.service_center_address = ADDRESS
    values.call_center_phone = "+62 21 600 1234"
    values.office_opens_at = datetime.time(8, 30)
    values.office_closes_at = datetime.time(17, 0)
    values.after_hours_visit_surcharge = Decimal("250000")
    values.pickup_fee = Decimal("150000")
    values.save()
    return values


def png_bytes(color="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buffer, "PNG")
    return buffer.getvalue()


def png_upload(name="foto.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def pdf_upload(name="invoice.pdf"):
    return SimpleUploadedFile(name, factories.minimal_pdf(), content_type="application/pdf")


def deliver(order, at):
    """Mark ``order`` delivered at ``at`` (aware datetime): the warranty clock starts there."""
    with time_machine.travel(at, tick=False):
        change_order_status(order, "delivered")
    return order


@pytest.fixture
def delivered_order(catalogue, store):
    """A guest order for a standard-warranty scanner, delivered on Thu 20 March 2025."""
    order = factories.place_order(catalogue[0], status="in-shipment", email="tamu@example.com")
    return deliver(order, jakarta(2025, 3, 20, 10, 0))


def place_two_product_order(first, second):
    """A guest order with two lines, placed like ``factories.place_order`` does."""
    basket = factories.basket_with(first)
    basket.add_product(second, 1)
    shipping_method = factories.Free()
    charge = shipping_method.calculate(basket)
    address = factories.ShippingAddress.objects.create(
        country=factories.Country.objects.get(iso_3166_1_a2="ID"), **factories.JAKARTA_ADDRESS
    )
    order = factories.OrderCreator().place_order(
        basket=basket,
        total=factories.OrderTotalCalculator().calculate(basket, charge),
        shipping_method=shipping_method,
        shipping_charge=charge,
        user=None,
        shipping_address=address,
        status="in-shipment",
        guest_email="tamu@example.com",
        terms_accepted=True,
    )
    basket.submit()
    return order


def guest(name="Budi Santoso", email="tamu@example.com"):
    return {"name": name, "email": email, "phone": "+62 812 1111 2222"}


def open_ticket(kind=kinds.PAID_REPAIR, channel=kinds.WALK_IN, user=None, **extra):
    """Open a ticket through the service (as the API would after validation)."""
    data = {
        **guest(),
        "kind": kind,
        "channel": channel,
        "brand": "Contex",
        "model_name": "IQ Quattro X 24",
        "fault_description": "Garis pada hasil scan",
        **extra,
    }
    ticket, _created = tickets.create_ticket(data, user=user)
    return ticket
