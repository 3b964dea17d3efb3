"""An invoice per order, numbered in the store's own sequence, as HTML and as PDF.

**When**: the number is given when the order is placed, in the placement's transaction
(``order.creator``). An Indonesian shopper often needs the invoice *to* pay (a company's
finance department pays against it), so it shows the payment state (unpaid, paid,
cancelled) rather than waiting for the money. A placement that fails rolls the counter
back with it, so numbers have no gaps; a cancelled order keeps its number.

**Number**: ``INV/<year>/<month>/<six digits>``, e.g. ``INV/2026/12/000123``: the year
and month of placement (store time) and a sequence that starts again each year. The
year's ``InvoiceCounter`` row is locked (``order.sequences.take_next``) while a number is taken,
so two checkouts at the same moment get consecutive, different numbers.

**Buyer**: optional company name and NPWP (tax number, 15 or 16 digits; dots and dashes
as usually written are dropped) given at checkout, kept on the invoice.
"""

import re

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contex_oscar.errors import StoreError
from contex_oscar.money import format_rupiah
from contex_oscar.order.models import InvoiceCounter, OrderInvoice
from contex_oscar.order.sequences import take_next
from contex_oscar.payment import services as payments
from contex_oscar.store_values import store_settings
from contex_oscar.workdays import store_timezone

NUMBER_FORMAT = "INV/{year}/{month:02d}/{sequence:06d}"
NPWP_LENGTHS = (15, 16)

PAYMENT_STATE_LABELS = {
    "awaiting": gettext_lazy("Unpaid"),
    "paid": gettext_lazy("Paid"),
    "cancelled": gettext_lazy("Cancelled"),
    "expired": gettext_lazy("Cancelled"),
    "refunded": gettext_lazy("Refunded"),
}


class InvalidNpwp(StoreError):
    code = "invalid_npwp"
    status = 400


def clean_npwp(value):
    """``value``'s digits (an NPWP is 15 digits, 16 since the NIK-based numbers), "" when
    blank; ``InvalidNpwp`` otherwise."""
    text = str(value or "").strip()
    if not text:
        return ""
    digits = re.sub(r"[.\-\s]", "", text)
    if not digits.isdigit() or len(digits) not in NPWP_LENGTHS:
        raise InvalidNpwp(
            message=_("An NPWP has 15 or 16 digits, e.g. 01.234.567.8-901.000."),
            errors={"npwp": [_("An NPWP has 15 or 16 digits, e.g. 01.234.567.8-901.000.")]},
        )
    return digits


def issue_invoice(order, company_name="", npwp=""):
    """Give ``order`` the next number; call inside the placement's transaction."""
    issued_at = timezone.now()
    local = timezone.localtime(issued_at, store_timezone())
    sequence = take_next(InvoiceCounter, year=local.year)  # the year's row, locked
    number = NUMBER_FORMAT.format(year=local.year, month=local.month, sequence=sequence)
    return OrderInvoice.objects.create(
        order=order,
        number=number,
        issued_at=issued_at,
        buyer_company_name=(company_name or "").strip(),
        buyer_npwp=clean_npwp(npwp),
    )


def invoice_of(order):
    try:
        return order.contex_invoice
    except OrderInvoice.DoesNotExist:
        return None


def invoice_context(order, invoice, request=None):
    """Everything an invoice shows, as plain values (HTML and PDF use the same)."""
    store = store_settings(request=request)
    summary = payments.payment_summary(order) or {}
    address = order.shipping_address
    lines = [
        {
            "title": line.title,
            "quantity": line.quantity,
            "unit_price": format_rupiah(line.unit_price_incl_tax),
            "total": format_rupiah(line.line_price_before_discounts_incl_tax),
        }
        for line in order.lines.all()
    ]
    discounts = [
        {
            "name": discount.offer_name or discount.voucher_code,
            "amount": format_rupiah(discount.amount),
        }
        for discount in order.discounts.all()
    ]
    state = summary.get("state", "")
    return {
        "invoice": invoice,
        "issued_on": timezone.localtime(invoice.issued_at, store_timezone()).date(),
        "order": order,
        "store": {
            "name": store.company_name or store.store_name,
            "address": store.company_address,
            "npwp": store.company_npwp,
            "phone": store.call_center_phone,
            "email": store.support_email,
        },
        "buyer": {
            "name": address.name if address else (order.user.get_full_name() if order.user else ""),
            "email": order.email,
            "company_name": invoice.buyer_company_name,
            "npwp": invoice.buyer_npwp,
            "address": [part for part in (address.active_address_fields() if address else [])],
        },
        "lines": lines,
        "discounts": discounts,
        "shipping": format_rupiah(order.shipping_incl_tax),
        "shipping_method": order.shipping_method,
        "unique_code": summary.get("unique_code") or 0,
        "total": format_rupiah(order.total_incl_tax),
        "amount_due": format_rupiah(summary["amount_due"])
        if summary
        else format_rupiah(order.total_incl_tax),
        "payment_method": summary.get("method_label", ""),
        "payment_state": str(PAYMENT_STATE_LABELS.get(state, state)),
        "amount_paid": format_rupiah(summary["amount_paid"]) if summary.get("amount_paid") else "",
    }


def invoice_html(order, invoice, request=None):
    return render_to_string(
        "contex_oscar/order/invoice.html", invoice_context(order, invoice, request), request=request
    )


def invoice_pdf(order, invoice, request=None):
    """The invoice as PDF bytes (fpdf2: pure Python, the built-in Latin-1 fonts)."""
    from fpdf import FPDF

    context = invoice_context(order, invoice, request)

    def text(value):
        return str(value).encode("latin-1", "replace").decode("latin-1")

    pdf = FPDF(format="A4")
    pdf.set_title(text(invoice.number))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, text(_("Invoice") + " " + invoice.number), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    store, buyer = context["store"], context["buyer"]
    rows = [
        store["name"],
        *store["address"].splitlines(),
        f"NPWP: {store['npwp']}" if store["npwp"] else "",
        "",
        f"{_('Order')}: {order.number}",
        f"{_('Date')}: {context['issued_on']:%d-%m-%Y}",
        "",
        f"{_('Billed to')}: {buyer['company_name'] or buyer['name']}",
        buyer["name"] if buyer["company_name"] else "",
        f"NPWP: {buyer['npwp']}" if buyer["npwp"] else "",
        *buyer["address"],
        buyer["email"],
        "",
    ]
    for row in rows:
        if row is not None:
            pdf.cell(0, 5, text(row), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 10)
    for header, width in ((_("Item"), 95), (_("Qty"), 15), (_("Price"), 40), (_("Total"), 40)):
        pdf.cell(width, 7, text(header), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", size=10)
    for line in context["lines"]:
        pdf.cell(95, 7, text(line["title"])[:55], border=1)
        pdf.cell(15, 7, str(line["quantity"]), border=1, align="R")
        pdf.cell(40, 7, text(line["unit_price"]), border=1, align="R")
        pdf.cell(40, 7, text(line["total"]), border=1, align="R")
        pdf.ln()
    totals = [(f"{_('Discount')}: {d['name']}", f"- {d['amount']}") for d in context["discounts"]]
    totals += [
        (_("Shipping"), context["shipping"]),
        (_("Total"), context["total"]),
        (_("Unique code"), str(context["unique_code"])),
        (_("Amount due"), context["amount_due"]),
        (_("Payment"), f"{context['payment_method']} - {context['payment_state']}"),
    ]
    for label, value in totals:
        pdf.cell(150, 7, text(label), align="R")
        pdf.cell(40, 7, text(value), align="R")
        pdf.ln()
    return bytes(pdf.output())


def pdf_response(order, invoice, request=None):
    """The PDF as a download named after the invoice (``INV-2026-12-000123.pdf``)."""
    response = HttpResponse(invoice_pdf(order, invoice, request), content_type="application/pdf")
    filename = invoice.number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response
