"""Service-center demo: its store settings (only where still empty) and three tickets.

The tickets are opened through ``tickets.create_ticket`` with fixed
idempotency keys, so running the step again finds them instead of adding more.
"""

from decimal import Decimal

from oscar.core.loading import get_model

from contex_oscar.cms.models import StoreSettings
from contex_oscar.service_center import kinds, logistics, quotes, statuses, tickets
from contex_oscar.store_values import store_settings

Product = get_model("catalogue", "Product")

DEMO_EMAIL = "servis-demo@example.com"
SETTINGS = {
    "service_center_address": "Jl. Pangeran Jayakarta No. 88 Lt. 2, Jakarta Pusat 10730",
    "call_center_phone": "+62 21 600 1234",
    "office_hours": "Senin–Jumat 08.30–17.00 WIB",
    "after_hours_visit_surcharge": Decimal("250000"),
    "pickup_fee": Decimal("150000"),
}


def _contact(name):
    return {"name": name, "email": DEMO_EMAIL, "phone": "+62 812 0000 1111"}


def load(stdout):
    values = store_settings()
    changed = [field for field, value in SETTINGS.items() if not getattr(values, field)]
    for field in changed:
        setattr(values, field, SETTINGS[field])
    if changed and isinstance(values, StoreSettings) and values.site_id:
        values.save()

    scanner = Product.objects.filter(upc="CTX-IQQX-24").first()
    repair, created = tickets.create_ticket(
        {
            **_contact("Dewi Lestari"),
            "kind": kinds.PAID_REPAIR,
            "channel": kinds.WALK_IN,
            "product": scanner,
            "serial_number": "IQX24-0042",
            "fault_description": "Garis vertikal pada hasil scan setelah unit dipindahkan.",
        },
        idempotency_key="demo-ticket-repair",
    )
    if created:
        tickets.change_ticket_status(repair, statuses.RECEIVED)
        tickets.change_ticket_status(repair, statuses.DIAGNOSING)
        quotes.add_quote_line(repair, "part", "Modul kamera CIS", 1, Decimal("4500000"))
        quotes.add_quote_line(repair, "labour", "Penggantian dan kalibrasi", 1, 750000)
        quotes.send_quote(repair)

    visit, _created = tickets.create_ticket(
        {
            **_contact("Rudi Hartono"),
            "kind": kinds.ON_SITE_VISIT,
            "channel": kinds.ON_SITE,
            "brand": "Contex",
            "model_name": "HD Ultra X 4250",
            "fault_description": "Scanner tidak terdeteksi oleh komputer.",
            "address": "Jl. Kebon Sirih No. 10",
            "city": "Jakarta Pusat",
            "postcode": "10340",
            "visit_window": logistics.AFTER_HOURS,
        },
        idempotency_key="demo-ticket-visit",
    )
    consultation, _created = tickets.create_ticket(
        {
            **_contact("Sari Wulandari"),
            "kind": kinds.CONSULTATION,
            "channel": kinds.REMOTE,
            "consultation_via": kinds.CONSULT_BY_PHONE,
            "fault_description": "Resolusi scan yang tepat untuk arsip gambar teknik?",
        },
        idempotency_key="demo-ticket-consultation",
    )
    stdout.write(
        f"  service center: tickets {repair.number}, {visit.number}, {consultation.number} "
        f"(track with {DEMO_EMAIL}); settings filled: {', '.join(changed) or 'none'}"
    )
