"""An invoice per order (``order.invoices``): numbering, access, HTML and PDF, NPWP."""

import datetime as dt
import io

import pytest
import time_machine
from django.utils.html import escape
from oscar.core.loading import get_model
from pypdf import PdfReader

from contex_oscar.order import invoices
from contex_oscar.order.access import order_token
from contex_oscar.order.models import OrderInvoice
from contex_oscar.workdays import store_timezone
from tests import factories
from tests.factories import add_to_basket

Order = get_model("order", "Order")
DECEMBER = dt.datetime(2026, 12, 3, 10, 0, tzinfo=store_timezone())
COUNTRY = "http://testserver/api/countries/ID/"


def invoice_url(order, pdf=False):
    return f"/api/orders/{order.number}/invoice{'.pdf' if pdf else '/'}"


@time_machine.travel(DECEMBER, tick=False)
def test_orders_get_consecutive_numbers_in_the_store_format(catalogue):
    first = factories.place_order(catalogue[0])
    second = factories.place_order(catalogue[1])
    assert first.contex_invoice.number == "INV/2026/12/000001"
    assert second.contex_invoice.number == "INV/2026/12/000002"


def test_the_sequence_starts_again_in_a_new_year(catalogue):
    with time_machine.travel(dt.datetime(2026, 12, 31, 23, 0, tzinfo=store_timezone())):
        factories.place_order(catalogue[0])
    with time_machine.travel(dt.datetime(2027, 1, 1, 0, 30, tzinfo=store_timezone())):
        order = factories.place_order(catalogue[1])
    assert order.contex_invoice.number == "INV/2027/01/000001"


def test_a_failed_placement_leaves_no_gap(catalogue):
    factories.place_order(catalogue[0])
    with pytest.raises(ValueError):  # an empty basket is refused inside the placement
        factories.place_order(catalogue[0], basket=factories.Basket.objects.create())
    numbers = sorted(OrderInvoice.objects.values_list("number", flat=True))
    assert [number[-6:] for number in numbers] == ["000001"]


# --- access ---------------------------------------------------------------------------


def test_the_owner_gets_the_html_invoice(api_client, catalogue, shopper):
    order = factories.place_order(catalogue[0], owner=shopper)
    api_client.force_authenticate(shopper)
    response = api_client.get(invoice_url(order))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert order.contex_invoice.number in page and "Faktur" in page
    assert escape(catalogue[0].title) in page


def test_english_on_request(api_client, catalogue, shopper):
    order = factories.place_order(catalogue[0], owner=shopper)
    api_client.force_authenticate(shopper)
    page = api_client.get(invoice_url(order), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Invoice" in page and "Unpaid" in page


def test_a_guest_with_the_tracking_token_or_email_gets_it(api_client, order):
    by_token = api_client.get(invoice_url(order), {"token": order_token(order)})
    by_email = api_client.get(invoice_url(order, pdf=True), {"email": order.email})
    assert by_token.status_code == 200 and by_email.status_code == 200


def test_a_stranger_gets_404(api_client, order, shopper):
    assert api_client.get(invoice_url(order)).status_code == 404
    assert api_client.get(invoice_url(order), {"email": "x@example.com"}).status_code == 404
    api_client.force_authenticate(shopper)
    assert api_client.get(invoice_url(order, pdf=True)).status_code == 404


def test_staff_get_it_from_the_api_and_the_stores_order_page(client, api_client, order, staff_user):
    api_client.force_authenticate(staff_user)
    assert api_client.get(invoice_url(order)).status_code == 200
    client.force_login(staff_user)
    page = client.get(f"/dashboard/store/orders/{order.number}/").content.decode()
    assert order.contex_invoice.number in page
    pdf = client.get(f"/dashboard/store/orders/{order.number}/invoice.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


# --- PDF ------------------------------------------------------------------------------


def test_the_pdf_is_a_pdf_with_the_number_lines_and_payment_state(api_client, order):
    response = api_client.get(invoice_url(order, pdf=True), {"email": order.email})
    assert response["Content-Type"] == "application/pdf"
    assert "INV-" in response["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert order.contex_invoice.number in text
    assert order.lines.get().title[:20] in text
    assert "Belum dibayar" in text


# --- buyer's company and NPWP ---------------------------------------------------------


def checkout(client, product, **extra):
    payload = {
        "basket": add_to_basket(client, product),
        "accept_terms": True,
        "guest_email": "tamu@example.com",
        "shipping_address": {**factories.JAKARTA_ADDRESS, "country": COUNTRY},
        **extra,
    }
    return client.post("/api/checkout/", payload, format="json")


def test_company_and_npwp_from_checkout_are_on_the_invoice(api_client, zones, catalogue):
    response = checkout(
        api_client, catalogue[0], company_name="PT Maju Jaya", npwp="01.234.567.8-901.000"
    )
    assert response.status_code == 200, response.content
    invoice = Order.objects.get(number=response.json()["number"]).contex_invoice
    assert (invoice.buyer_company_name, invoice.buyer_npwp) == ("PT Maju Jaya", "012345678901000")


@pytest.mark.parametrize("npwp", ["1234", "01.234.567.8-901.00X", "1" * 17])
def test_an_npwp_without_15_or_16_digits_is_refused(api_client, zones, catalogue, npwp):
    response = checkout(api_client, catalogue[0], npwp=npwp)
    assert response.status_code == 406, response.content
    assert response.json()["code"] == "invalid_npwp"
    assert "npwp" in response.json()["errors"]
    assert not Order.objects.exists()


def test_a_16_digit_npwp_is_accepted():
    assert invoices.clean_npwp("3201 0123 4567 8901") == "3201012345678901"
